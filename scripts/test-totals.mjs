// Prints `N passed, N failed` from vitest's JSON report, so a run that executed no test is visible.
// Usage: node scripts/test-totals.mjs [report.json] [exit status of the test command]
// vitest's report says nothing of errors thrown outside any test (its "Unhandled Errors"), yet they fail the run:
// given the test command's non-zero exit status and no failed test, the run counts one failure and says why.
import { existsSync, readFileSync } from "node:fs";

const path = process.argv[2] ?? "reports/vitest.json";
const exitStatus = Number(process.argv[3] ?? 0);
if (!existsSync(path)) {
  // No report: the command stopped before vitest (typecheck or lint failed) or vitest itself crashed.
  console.log(
    `No test report at ${path}: the test command stopped before the tests ran (see typecheck/lint above).`,
  );
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, "utf8"));
let failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
if (exitStatus !== 0 && failed === 0) {
  console.log(
    `The test command exited with status ${exitStatus} although no test failed: an error outside any test (see vitest's "Unhandled Errors" above) counts as 1 failed.`,
  );
  failed = 1;
}
const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
