// `npm run bench -w @linksync/zapier-app`: what each Zapier step costs against the real sandbox and shortener on
// loopback: Notion requests per run and latency. The sandbox's own limiter is off, so the latency is the code's
// plus the connection scheduler's 3 requests/s budget (a fresh run starts with a burst of 3).
import { perform as createShortLink } from "../src/creates/create-short-link";
import { perform as updateDestination } from "../src/creates/update-destination";
import { perform as findLink } from "../src/searches/find-link";
import { startLiveServices } from "../src/testing/live-services";
import { perform as newConflicts } from "../src/triggers/new-conflict";
import { perform as newShortLinks } from "../src/triggers/new-short-link";

const RUNS = 10;
const live = await startLiveServices();
const bundle = (inputData: Record<string, unknown>) => ({
  authData: live.authData,
  inputData: { dataSourceId: live.dataSourceId, ...inputData },
});
const notionRequests = async () => (await live.sandbox.control.requestLog()).total;

async function measure(step: string, run: (i: number) => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  const before = await notionRequests();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  const requests = ((await notionRequests()) - before) / RUNS;
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(RUNS / 2)] ?? 0;
  const p95 = times[Math.floor(RUNS * 0.95)] ?? 0;
  console.log(
    `${step.padEnd(40)} ${requests.toFixed(1).padStart(5)} Notion requests/run   p50 ${p50.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`,
  );
}

try {
  const links: { id: string; notionPageId: string }[] = [];
  await measure("Create Short Link (new row)", async (i) => {
    links.push(
      await live.appTester(
        createShortLink,
        bundle({ title: `Link ${i}`, destination: `https://shop.example/${i}`, tags: ["bench"] }),
      ),
    );
  });
  await measure("Create Short Link (Zapier retry)", (i) =>
    live.appTester(createShortLink, bundle({ title: `Link ${i}`, destination: `https://shop.example/${i}` })),
  );
  await measure("Update Destination (applied)", (i) =>
    live.appTester(
      updateDestination,
      bundle({ linkId: links[i]?.id, destination: `https://shop.example/v2/${i}` }),
    ),
  );
  await measure("Update Destination (conflict)", async (i) => {
    const link = links[i]!;
    await live.sandbox.control.editPageAsPerson(link.notionPageId, {
      Destination: `https://notion.example/${i}`,
    });
    await live.appTester(
      updateDestination,
      bundle({ linkId: link.id, destination: `https://zap.example/${i}` }),
    );
  });
  await measure("New Short Link poll (10 links)", () => live.appTester(newShortLinks, bundle({})));
  await measure("New Conflict poll (10 conflicts)", () => live.appTester(newConflicts, bundle({})));
  await measure("Find Link by title", () => live.appTester(findLink, bundle({ title: "Link 1" })));
} finally {
  await live.close();
}
