import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createServerLogger } from "./logger";

describe("the server's logs", () => {
  it("are JSON lines that never carry a key, a secret, a token or a database password", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createServerLogger("info", sink);
    log.error(
      {
        apiKey: "sk_live_123",
        subscription: { secret: "whsec_abc", url: "https://hooks.example.com" },
        headers: { authorization: "Bearer sk_live_123" },
        databaseUrl: "postgres://u:pw@db/x",
        err: new Error("delivery failed"),
      },
      "webhook delivery failed",
    );
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 50, msg: "webhook delivery failed", service: "linksync-server" });
    expect(entry.err.message).toBe("delivery failed");
    expect(lines[0]).not.toMatch(/sk_live_123|whsec_abc|pw@/);
  });
});
