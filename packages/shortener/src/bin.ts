// Runs the shortener as its own process. The API key comes from the environment so it never shows in `ps`.
import { parseArgs } from "node:util";
import { startShortener } from "./index";
import { describeLinkPreviewSettings, integrationOptionsFromEnv } from "./server/integration-env";

const USAGE = `Usage: LINKSYNC_SHORTENER_API_KEY=<key> tsx src/bin.ts [--port 8787] [--host 127.0.0.1]
       [--base-url https://go.acme.com] [--public-url https://links.acme.com] [--data-file ./shortener-data.json]
Integrations (environment): LINKSYNC_SHORTENER_SECRETS_KEY; LINKSYNC_NOTION_CLIENT_ID/_SECRET (OAuth broker);
LINKSYNC_PREVIEWS_CLIENT_ID/_SECRET with LINKSYNC_PREVIEWS_NOTION_CLIENT_ID/_SECRET (Link Previews).`;

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    host: { type: "string" },
    "base-url": { type: "string" },
    "public-url": { type: "string" },
    "data-file": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

const apiKey = process.env.LINKSYNC_SHORTENER_API_KEY ?? "";
if (values.help || apiKey === "") {
  console.error(values.help ? USAGE : `LINKSYNC_SHORTENER_API_KEY is not set.\n${USAGE}`);
  process.exit(values.help ? 0 : 2);
}

const shortener = await startShortener({
  apiKey,
  port: Number(values.port),
  ...(values.host !== undefined && { host: values.host }),
  ...(values["base-url"] !== undefined && { brandedBaseUrl: values["base-url"] }),
  ...(values["data-file"] !== undefined && { dataFile: values["data-file"] }),
  ...(values["public-url"] !== undefined && { publicUrl: values["public-url"] }),
  ...integrationOptionsFromEnv(process.env),
});
console.log(
  `Linksync shortener listening on ${shortener.url}; short links look like ${shortener.brandedBaseUrl}/…`,
);
console.log(
  values["data-file"]
    ? `Data file: ${values["data-file"]}`
    : "No --data-file: links are kept in memory only.",
);
if (shortener.linkPreviewSettings) console.log(describeLinkPreviewSettings(shortener.linkPreviewSettings));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    shortener.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("shortener: could not close cleanly:", error);
        process.exit(1);
      },
    );
  });
}
