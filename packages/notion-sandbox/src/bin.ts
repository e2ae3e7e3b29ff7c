#!/usr/bin/env -S npx tsx
import { parseArgs } from "node:util";
import { SCENARIO_VISIBILITY_DELAY_MS } from "./clock/clock";
import { startSandbox } from "./sandbox";
import type { WorkspaceSnapshot } from "./store/types";

const USAGE = `linksync-sandbox: a local Notion API server.

  --seed campaign          seed a "Spring Campaign" database of 200 rows
  --port <n>               listen on 127.0.0.1:<n> (default: a free port)
  --persist <file.json>    keep the workspace in this file across restarts
  --no-rate-limit          turn the 3 requests/s per-token limit off
  --visibility-delay <ms>  delay before edits show up in query filters (default ${SCENARIO_VISIBILITY_DELAY_MS}, as Notion lags)
  --clock-offset <ms>      run the sandbox's clock this far from the machine's (negative: behind)
`;

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    port: { type: "string" },
    persist: { type: "string" },
    "no-rate-limit": { type: "boolean" },
    "visibility-delay": { type: "string" },
    "clock-offset": { type: "string" },
    help: { type: "boolean" },
  },
});

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (values.seed !== undefined && values.seed !== "campaign") {
  process.stderr.write(`Unknown seed "${values.seed}"; the only seed is "campaign".\n\n${USAGE}`);
  process.exit(2);
}

const sandbox = await startSandbox({
  port: values.port === undefined ? 0 : Number(values.port),
  ...(values["no-rate-limit"] ? { rateLimit: false as const } : {}),
  ...(values.persist ? { persistPath: values.persist } : {}),
  visibilityDelayMs:
    values["visibility-delay"] === undefined
      ? SCENARIO_VISIBILITY_DELAY_MS
      : Number(values["visibility-delay"]),
  ...(values["clock-offset"] === undefined ? {} : { clockOffsetMs: Number(values["clock-offset"]) }),
});

const existing = await sandbox.control.snapshot();
const campaign = findCampaign(existing);
const lines = [`Notion sandbox listening on ${sandbox.baseUrl}`];
if (values.seed === "campaign" && !campaign) {
  const seed = await sandbox.control.seedCampaign();
  lines.push(
    `Seeded "Spring Campaign" with ${seed.pageIds.length} rows.`,
    `  token            ${seed.token}`,
    `  database id      ${seed.databaseId}`,
    `  data source id   ${seed.dataSourceId}`,
    `  parent page id   ${seed.parentPageId}`,
  );
} else {
  // Tokens are stored hashed, so a reloaded workspace gets a fresh integration token.
  const issued = await sandbox.control.createIntegrationToken({ name: "Linksync" });
  lines.push(`  token            ${issued.token}`);
  if (campaign) {
    lines.push(`  database id      ${campaign.databaseId}`, `  data source id   ${campaign.dataSourceId}`);
  }
}
lines.push(
  "",
  "Use it with the official SDK:",
  `  new Client({ auth: "<token>", baseUrl: "${sandbox.baseUrl}" })`,
  `Control API (loopback only): POST ${sandbox.baseUrl}/__control/<operation> {"args":[...]}`,
  "Press Ctrl+C to stop.",
);
process.stdout.write(`${lines.join("\n")}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Sandbox did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}

function findCampaign(snapshot: WorkspaceSnapshot): { databaseId: string; dataSourceId: string } | undefined {
  const dataSource = snapshot.dataSources.find((candidate) =>
    candidate.title.some((item) => item.plain_text === "Spring Campaign"),
  );
  return dataSource ? { databaseId: dataSource.databaseId, dataSourceId: dataSource.id } : undefined;
}
