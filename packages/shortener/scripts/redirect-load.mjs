// Load generator for the redirect benchmark, run in its own process: autocannon over many distinct slugs.
// Usage: node redirect-load.mjs <base-url> <slugs.json> <seconds> <connections>; prints one JSON summary line.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const [url, slugFile, seconds, connections] = process.argv.slice(2);
const slugs = JSON.parse(readFileSync(slugFile, "utf8"));
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [
    {
      method: "GET",
      setupRequest: (request) => ({
        ...request,
        path: `/${slugs[Math.floor(Math.random() * slugs.length)]}`,
      }),
    },
  ],
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    redirects: result["3xx"],
    other: result["1xx"] + result["2xx"] + result["4xx"] + result["5xx"],
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  }),
);
