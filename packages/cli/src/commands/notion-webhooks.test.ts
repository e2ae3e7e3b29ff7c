import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Output } from "../terminal/output";
import { listenForNotionWebhooks } from "./notion-webhooks";
import { openAgent } from "./sync";
import { runWebhookToken } from "./webhook-token";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function capture(): Output & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    line: (t) => lines.push(t),
    heading: (t) => lines.push(t),
    progress: () => {},
    endProgress: () => {},
  };
}

describe("Notion webhooks on the CLI", () => {
  it("keeps the verification token of Notion's handshake for `linksync webhook-token`, and refuses unsigned events", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "linksync-cli-webhooks-"));
    dirs.push(dataDir);
    const before = capture();
    expect(await runWebhookToken(dataDir, before)).toBe(1);
    expect(before.lines.join("\n")).toMatch(/No verification token yet/);

    const { agent } = await openAgent(dataDir);
    const listener = await listenForNotionWebhooks(agent, { port: 0, hostname: "127.0.0.1" }, capture());
    try {
      const handshake = await fetch(listener.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ verification_token: "secret_handshake_token" }),
      });
      expect(handshake.status).toBe(200);
      const unsigned = await fetch(listener.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          id: "evt",
          type: "page.properties_updated",
          entity: { id: "p", type: "page" },
        }),
      });
      expect(unsigned.status).toBe(401);
    } finally {
      await listener.close();
      await agent.stop();
    }

    const after = capture();
    expect(await runWebhookToken(dataDir, after)).toBe(0);
    expect(after.lines).toEqual(["secret_handshake_token"]);
  });
});
