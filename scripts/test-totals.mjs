// Prints `N passed, N failed` from vitest's JSON report, so a run that executed no test is visible.
import { existsSync, readFileSync } from "node:fs";

const path = process.argv[2] ?? "reports/vitest.json";
if (!existsSync(path)) {
  console.log("0 passed, 0 failed");
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, "utf8"));
const failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
