import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createTestSchema } from "@linksync/shortener/testing";
import { afterEach, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../../shortener/bin/linksync-server.mjs", import.meta.url));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("linksync-server worker", () => {
  it("starts on the server's database, takes Notion webhooks on its port, and stops cleanly on SIGTERM", async () => {
    const schema = await createTestSchema();
    cleanups.push(() => schema.drop());
    const child = spawn(process.execPath, [bin, "worker"], {
      env: {
        ...process.env,
        DATABASE_URL: schema.databaseUrl,
        LINKSYNC_DATABASE_SCHEMA: schema.databaseSchema,
        LINKSYNC_SHORTENER_SECRETS_KEY: randomBytes(32).toString("base64"),
        LINKSYNC_NOTION_WEBHOOK_PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const started = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("/notion/webhooks/")) resolve();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await Promise.race([started, exited]);
    expect(output).toContain("sync worker started");
    const webhooks = /Notion webhooks in on (http:\/\/\S+)\/notion\/webhooks\//.exec(output)?.[1];
    const answer = await fetch(`${webhooks}/notion/webhooks/unknown-connection`, {
      method: "POST",
      body: JSON.stringify({ verification_token: "secret_x" }),
    });
    expect(answer.status).toBe(404);
    const stoppedAt = Date.now();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    expect(output).toContain("stopping");
  });

  it("refuses to start without the server's secret, saying which variable is missing", async () => {
    const schema = await createTestSchema();
    cleanups.push(() => schema.drop());
    const { LINKSYNC_SHORTENER_SECRETS_KEY: _unset, ...env } = process.env;
    const child = spawn(process.execPath, [bin, "worker"], {
      env: { ...env, DATABASE_URL: schema.databaseUrl, LINKSYNC_DATABASE_SCHEMA: schema.databaseSchema },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(output).toContain("LINKSYNC_SHORTENER_SECRETS_KEY is not set");
  });
});
