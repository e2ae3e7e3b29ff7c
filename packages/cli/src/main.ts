#!/usr/bin/env node
import { parseArgs } from "node:util";
import { QR_IMAGES, type QrImages } from "@linksync/core";
import { runAudit } from "./commands/audit";
import { runDemo } from "./commands/demo";
import { runImport } from "./commands/import";
import { runStatus } from "./commands/status";
import { runSync } from "./commands/sync";
import { runUi } from "./commands/ui";
import { runWebhookToken } from "./commands/webhook-token";
import { MissingSetting, readSyncEnvironment } from "./config/environment";
import { terminalOutput } from "./terminal/output";

const USAGE = `Usage: linksync <command> [options]

Commands:
  demo [--once] [--rows N] [--rate N] [--interval S] [--no-ui]
        Start the embedded default (Notion sandbox + shortener), backfill, then show the two-way flow.
        --once   one backfill and one cycle, print the summary, exit 0
        --rows   rows in the seeded "Spring Campaign" database (default 200)
        --rate   the sandbox's Notion requests per second (default 30; real Notion allows about 3)
        --interval   seconds between sync cycles after the tour (default 15)
        --no-ui  do not serve the companion UI (served on 127.0.0.1 by default; its URL is printed)
  sync --database ID|URL [--once] [--create-columns] [--rate N] [--qr-images MODE] [--run-here-too]
        [--data-dir DIR]
        Sync a Notion database with short links. Reads NOTION_TOKEN, LINKSYNC_SHORTENER_URL and
        LINKSYNC_SHORTENER_KEY from the environment (NOTION_BASE_URL optional); secrets are never echoed.
        --create-columns  consent to create the Linksync columns the database lacks
        --qr-images MODE  how the QR column gets its PNG, kept for the database until changed:
                          auto (default) Notion imports it from the shortener when that is public https
                          (about 2 Notion requests per QR), else Linksync uploads it; upload (about 3);
                          import (always; uploads where Notion cannot); link (the shortener's URL as an
                          external file: no extra request, no copy in Notion)
        --webhooks-port N receive Notion's webhooks on this port (0: any) for updates in seconds
        --run-here-too    sync it here even though the Linksync Server (LINKSYNC_SHORTENER_URL) already runs
                          it for your account; without it such a database is refused, since the server
                          syncs it while this computer is off (one link per row is kept either way)
  status [--data-dir DIR]
        Connections and databases of the data directory: state, linked rows, last sync, pending writes.
  webhook-token [--confirm TOKEN] [--data-dir DIR]
        Show the verification token Notion sent to the webhook receiver, to paste into Notion's dashboard (every
        token received until Notion's first signed delivery proves one). --confirm proves the one you pasted.
  import FILE --database ID|URL [--dry-run] [--rate N] [--data-dir DIR]
        Create a row and a short link for each line of a CSV (columns title, destination, optional tags
        separated by ; or |). Prints every problem row first; importing the same file again creates nothing
        twice. Same environment as sync. Exit code 1 when any row failed.
        --dry-run  preview every row and its problems, write nothing
  ui [--port N] [--data-dir DIR]
        Run the agent headless and serve the companion UI on 127.0.0.1 (the printed URL carries a session token).
  audit [--format jsonl|csv] [--data-dir DIR]
        Export the audit log of every write Linksync made.
  help  Show this message.

Data lives in $LINKSYNC_HOME (default ~/.linksync).`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = terminalOutput();
  switch (command) {
    case "demo": {
      const { values } = parseArgs({
        args: [...rest],
        options: {
          once: { type: "boolean", default: false },
          rows: { type: "string", default: "200" },
          rate: { type: "string", default: "30" },
          "no-ui": { type: "boolean", default: false },
          interval: { type: "string", default: "15" },
        },
      });
      return runDemo(
        {
          once: values.once,
          rows: positiveInteger("--rows", values.rows),
          notionRequestsPerSecond: positiveInteger("--rate", values.rate),
          ui: !values["no-ui"],
          pollIntervalMs: positiveInteger("--interval", values.interval) * 1000,
        },
        out,
      );
    }
    case "sync": {
      const { values } = parseArgs({
        args: [...rest],
        options: {
          database: { type: "string" },
          once: { type: "boolean", default: false },
          "create-columns": { type: "boolean", default: false },
          rate: { type: "string", default: "3" },
          "data-dir": { type: "string" },
          "webhooks-port": { type: "string" },
          "webhooks-host": { type: "string", default: "127.0.0.1" },
          "qr-images": { type: "string" },
          "run-here-too": { type: "boolean", default: false },
        },
      });
      if (!values.database)
        throw new UsageError("sync needs --database with a database id or its Notion URL.");
      const webhooksPort = values["webhooks-port"];
      return runSync(
        {
          database: values.database,
          once: values.once,
          webhooks:
            webhooksPort === undefined
              ? null
              : { port: port("--webhooks-port", webhooksPort), hostname: values["webhooks-host"] },
          createColumns: values["create-columns"],
          dataDir: values["data-dir"],
          requestsPerSecond: positiveInteger("--rate", values.rate),
          ...(values["qr-images"] !== undefined ? { qrImages: qrImages(values["qr-images"]) } : {}),
          ...(values["run-here-too"] ? { runHereToo: true } : {}),
        },
        readSyncEnvironment(),
        out,
      );
    }
    case "import": {
      const { values, positionals } = parseArgs({
        args: [...rest],
        allowPositionals: true,
        options: {
          database: { type: "string" },
          "dry-run": { type: "boolean", default: false },
          rate: { type: "string", default: "3" },
          "data-dir": { type: "string" },
        },
      });
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0)
        throw new UsageError("import needs one CSV file: linksync import FILE --database ID|URL.");
      if (!values.database)
        throw new UsageError("import needs --database with a database id or its Notion URL.");
      return runImport(
        {
          file,
          database: values.database,
          dryRun: values["dry-run"],
          dataDir: values["data-dir"],
          requestsPerSecond: positiveInteger("--rate", values.rate),
        },
        readSyncEnvironment(),
        out,
      );
    }
    case "ui": {
      const { values } = parseArgs({
        args: [...rest],
        options: { port: { type: "string", default: "0" }, "data-dir": { type: "string" } },
      });
      return runUi({ dataDir: values["data-dir"], port: port("--port", values.port) }, out);
    }
    case "status": {
      const { values } = parseArgs({ args: [...rest], options: { "data-dir": { type: "string" } } });
      return runStatus(values["data-dir"], out);
    }
    case "webhook-token": {
      const { values } = parseArgs({
        args: [...rest],
        options: { "data-dir": { type: "string" }, confirm: { type: "string" } },
      });
      return runWebhookToken(values["data-dir"], out, values.confirm);
    }
    case "audit": {
      const { values } = parseArgs({
        args: [...rest],
        options: { format: { type: "string", default: "jsonl" }, "data-dir": { type: "string" } },
      });
      return runAudit({ format: auditFormat(values.format), dataDir: values["data-dir"] }, process.stdout);
    }
    case undefined:
    case "help":
    case "--help":
      out.line(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

function positiveInteger(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new UsageError(`${flag} must be a positive whole number, got "${value}".`);
  return parsed;
}

function port(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new UsageError(`${flag} must be a port number 0–65535, got "${value}".`);
  return parsed;
}

function qrImages(value: string): QrImages {
  const mode = QR_IMAGES.find((m) => m === value);
  if (mode === undefined)
    throw new UsageError(`--qr-images must be ${QR_IMAGES.join(", ")}; got "${value}".`);
  return mode;
}

function auditFormat(value: string): "jsonl" | "csv" {
  if (value === "jsonl" || value === "csv") return value;
  throw new UsageError(`--format must be jsonl or csv, got "${value}".`);
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`linksync: ${message}\n`);
    process.exit(error instanceof UsageError || error instanceof MissingSetting ? 2 : 1);
  },
);
