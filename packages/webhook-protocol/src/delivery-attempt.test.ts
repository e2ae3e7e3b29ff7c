import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postWebhookDelivery, type WebhookPost } from "./delivery-attempt";
import { verifyLinksyncSignature } from "./signature";

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real receiver on loopback; `answer` replies (or, by not replying, lets the sender time out). */
async function startReceiver(
  answer: (response: ServerResponse) => void,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      answer(response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const NOW = 1_790_000_000_000;
const post = (url: string, overrides: Partial<WebhookPost> = {}): WebhookPost => ({
  url,
  eventType: "link.created",
  deliveryId: "dlv_1",
  body: '{"id":"evt_1","type":"link.created"}',
  secret: () => "whsec_test",
  now: NOW,
  timeoutMs: 2_000,
  ...overrides,
});

describe("postWebhookDelivery", () => {
  it("connects to the address it is given, not to what the host name resolves to now", async () => {
    const receiver = await startReceiver((response) => response.writeHead(204).end());
    // A name that resolves nowhere: only the pinned address can be reached.
    const pinnedUrl = receiver.url.replace("127.0.0.1", "hooks.linksync-pinning.invalid");
    expect(await postWebhookDelivery(post(pinnedUrl, { connectTo: "127.0.0.1" }))).toMatchObject({
      status: 204,
      error: null,
    });
    expect(receiver.received[0]?.headers.host).toMatch(/^hooks\.linksync-pinning\.invalid:/);
    expect(
      verifyLinksyncSignature(
        receiver.received[0]!.body,
        receiver.received[0]!.headers["linksync-signature"] as string,
        "whsec_test",
        { now: NOW },
      ),
    ).toBe(true);
    expect((await postWebhookDelivery(post(pinnedUrl))).status).toBeNull();
  });

  it("counts a pinned receiver that does not answer in time as a failed attempt", async () => {
    const receiver = await startReceiver(() => undefined);
    const attempt = await postWebhookDelivery(post(receiver.url, { connectTo: "127.0.0.1", timeoutMs: 100 }));
    expect(attempt).toMatchObject({ status: null, error: "The receiver did not answer in time." });
  });

  it("POSTs the body with the Linksync headers and a signature the receiver verifies, and records a 2xx", async () => {
    const receiver = await startReceiver((response) => response.writeHead(204).end());
    const attempt = await postWebhookDelivery(post(receiver.url));
    expect(attempt).toMatchObject({ at: new Date(NOW).toISOString(), status: 204, error: null });
    expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    const [delivery] = receiver.received;
    expect(delivery?.body).toBe('{"id":"evt_1","type":"link.created"}');
    expect(delivery?.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Linksync-Webhooks/1",
      "linksync-event": "link.created",
      "linksync-delivery": "dlv_1",
    });
    const signature = delivery?.headers["linksync-signature"] as string;
    expect(signature).toMatch(new RegExp(`^t=${NOW / 1000},v1=[0-9a-f]{64}$`));
    expect(verifyLinksyncSignature(delivery?.body ?? "", signature, "whsec_test", { now: NOW })).toBe(true);
  });

  it("fails on a non-2xx answer, including a redirect it does not follow", async () => {
    const failing = await startReceiver((response) => response.writeHead(500).end("boom"));
    expect(await postWebhookDelivery(post(failing.url))).toMatchObject({
      status: 500,
      error: "The receiver answered HTTP 500.",
    });
    const moved = await startReceiver((response) => response.writeHead(302, { Location: failing.url }).end());
    expect(await postWebhookDelivery(post(moved.url))).toMatchObject({
      status: 302,
      error: "The receiver answered HTTP 302.",
    });
    expect(failing.received).toHaveLength(1);
  });

  it("fails without throwing on a timeout, a refused connection or a secret that cannot be opened", async () => {
    const silent = await startReceiver(() => {});
    expect(await postWebhookDelivery(post(silent.url, { timeoutMs: 50 }))).toMatchObject({
      status: null,
      error: "The receiver did not answer in time.",
    });

    const closed = await startReceiver((response) => response.end());
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const refused = await postWebhookDelivery(post(closed.url));
    expect(refused.status).toBeNull();
    expect(refused.error).toContain("ECONNREFUSED");

    const sealed = await postWebhookDelivery(
      post(silent.url, {
        secret: () => {
          throw new Error("The webhook secret cannot be opened with this key.");
        },
      }),
    );
    expect(sealed).toMatchObject({
      status: null,
      error: "The webhook secret cannot be opened with this key.",
    });
    expect(silent.received).toHaveLength(1);
  });
});
