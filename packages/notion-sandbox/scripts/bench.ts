/**
 * Sandbox benchmark: page retrievals per second over loopback with limits off, and the latency of a
 * filtered query over a 10,000-row data source. The sandbox runs in its own process (the bin), so the
 * load generator does not share its event loop. Run with `npm run bench -w @linksync/notion-sandbox`.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { cpus, loadavg } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createControlClient } from "../src/index";

const RETRIEVAL_SECONDS = 3;
const CONCURRENCY = 32;
const QUERY_RUNS = 60;

function get(agent: Agent, url: URL, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent, headers: { authorization: `Bearer ${token}`, "notion-version": "2025-09-03" } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function post(
  agent: Agent,
  url: URL,
  token: string,
  body: object,
): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "notion-version": "2025-09-03",
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
}

async function startSandboxProcess() {
  const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", bin, "--no-rate-limit"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const found = /listening on (http:\/\/\S+)/.exec(line);
    if (found?.[1]) return { child, baseUrl: found[1] };
  }
  throw new Error("The sandbox process exited before printing its URL.");
}

console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(" / ")}`,
);
const startedAt = performance.now();
const { child, baseUrl } = await startSandboxProcess();
console.log(
  `sandbox process ready in ${(performance.now() - startedAt).toFixed(0)} ms (includes tsx start-up)`,
);
const sandbox = { baseUrl, control: createControlClient(baseUrl) };
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

const campaign = await sandbox.control.seedCampaign();
let completed = 0;
let failed = 0;
const deadline = performance.now() + RETRIEVAL_SECONDS * 1000;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async (_, worker) => {
    let index = worker;
    while (performance.now() < deadline) {
      const pageId = campaign.pageIds[index++ % campaign.pageIds.length];
      const status = await get(agent, new URL(`/v1/pages/${pageId}`, sandbox.baseUrl), campaign.token);
      if (status === 200) completed++;
      else failed++;
    }
  }),
);
const perSecond = completed / RETRIEVAL_SECONDS;
console.log(
  `page retrievals: ${perSecond.toFixed(0)}/s over ${RETRIEVAL_SECONDS} s (concurrency ${CONCURRENCY}, keep-alive, limits off, ${failed} failed) — target ≥ 2000/s`,
);

const seedStarted = performance.now();
const big = await sandbox.control.seedWorkspace({
  databases: [
    {
      title: "Ten thousand links",
      properties: {
        Name: { title: {} },
        Destination: { url: {} },
        "Short URL": { url: {} },
        Sync: { select: { options: [{ name: "Draft" }, { name: "Live" }, { name: "Paused" }] } },
        Tags: { multi_select: {} },
      },
      rows: Array.from({ length: 10_000 }, (_, index) => ({
        Name: `Link ${index}`,
        Destination: `https://example.com/${index}${index % 3 === 0 ? "?utm_source=notion" : ""}`,
        "Short URL": index % 4 === 0 ? `https://lnk.example/${index}` : null,
        Sync: index % 10 === 0 ? "Draft" : "Live",
        Tags: index % 2 === 0 ? ["even"] : ["odd"],
      })),
    },
  ],
});
const dataSourceId = big.databases["Ten thousand links"]?.dataSourceId ?? "";
console.log(`seeded 10,000 rows in ${(performance.now() - seedStarted).toFixed(0)} ms`);

const filter = {
  and: [
    { property: "Sync", select: { equals: "Live" } },
    { property: "Short URL", url: { is_empty: true } },
    { property: "Destination", url: { contains: "utm_source" } },
    { property: "Tags", multi_select: { contains: "even" } },
  ],
};
const queryUrl = new URL(`/v1/data_sources/${dataSourceId}/query`, sandbox.baseUrl);
const latencies: number[] = [];
let results = 0;
for (let run = 0; run < QUERY_RUNS; run++) {
  const started = performance.now();
  const response = await post(agent, queryUrl, big.token, {
    filter,
    sorts: [{ property: "Name", direction: "ascending" }],
    page_size: 100,
  });
  latencies.push(performance.now() - started);
  if (response.status !== 200) throw new Error(`query failed: ${response.status} ${response.text}`);
  results = (JSON.parse(response.text) as { results: unknown[] }).results.length;
}
latencies.sort((a, b) => a - b);
console.log(
  `filtered + sorted query over 10,000 rows (page of ${results}): median ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms over ${QUERY_RUNS} runs — target < 50 ms`,
);

agent.destroy();
child.kill("SIGTERM");
await once(child, "exit");
