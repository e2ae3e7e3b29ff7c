import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { createControlHandler } from "./http-handler";
import type { SandboxControl } from "./operations";

function fakeExchange(remoteAddress: string) {
  const written: { status?: number; body?: string } = {};
  // Only the fields the handler reads or writes are provided.
  const request = { socket: { remoteAddress }, method: "POST" } as unknown as IncomingMessage;
  const response = {
    writeHead(status: number) {
      written.status = status;
      return this;
    },
    end(body: string) {
      written.body = body;
    },
  } as unknown as ServerResponse;
  return { request, response, written };
}

describe("control HTTP handler", () => {
  it("refuses callers that are not on loopback", async () => {
    const control = {} as SandboxControl;
    const { request, response, written } = fakeExchange("10.1.2.3");
    await createControlHandler(control)(request, response, "reset");
    expect(written.status).toBe(403);
    expect(written.body).toContain("loopback");
  });

  it("answers 404 for an unknown operation", async () => {
    const { request, response, written } = fakeExchange("127.0.0.1");
    await createControlHandler({} as SandboxControl)(request, response, "dropDatabase");
    expect(written.status).toBe(404);
  });
});
