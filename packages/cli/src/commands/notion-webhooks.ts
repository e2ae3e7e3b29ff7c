import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNotionWebhookReceiver, type NotionWebhookHost } from "@linksync/core";
import type { Output } from "../terminal/output";

export interface WebhookListener {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Mounts the agent's Notion webhook receiver on its own port, so a Notion edit reaches the link in seconds instead
 * of at the next poll. Notion needs a public HTTPS URL: put a reverse proxy or tunnel in front of this address.
 */
export async function listenForNotionWebhooks(
  host: NotionWebhookHost,
  address: { readonly port: number; readonly hostname: string },
  out: Output,
): Promise<WebhookListener> {
  const receiver = createNotionWebhookReceiver({
    host,
    onError: (error) =>
      out.line(`  ✗ Notion webhook: ${error instanceof Error ? error.message : String(error)}`),
  });
  const server = createServer(receiver);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.hostname, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${address.hostname}:${port}/`,
    close: async () => {
      await receiver.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
