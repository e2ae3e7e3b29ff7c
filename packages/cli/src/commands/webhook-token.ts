import type { Output } from "../terminal/output";
import { openAgent } from "./sync";

/**
 * `linksync webhook-token [--confirm TOKEN]`: the token(s) Notion's handshake delivered, shown only when the user asks.
 * Anyone can post a handshake, so until Notion's first signed delivery proves one, every token received is listed;
 * `--confirm` proves the one the user pasted into Notion's dashboard.
 */
export async function runWebhookToken(
  dataDir: string | undefined,
  out: Output,
  confirm?: string,
): Promise<number> {
  const { agent } = await openAgent(dataDir);
  try {
    if (confirm !== undefined) {
      await agent.confirmNotionWebhookToken(confirm);
      out.line("Confirmed: deliveries are now checked against this token only.");
      return 0;
    }
    const token = await agent.notionWebhookToken();
    if (token !== null) {
      out.line(token);
      return 0;
    }
    const candidates = await agent.notionWebhookCandidates();
    if (candidates.length === 0) {
      out.line(
        "No verification token yet: subscribe the webhook URL in Notion, and it sends one to the receiver.",
      );
      return 1;
    }
    if (candidates.length > 1)
      out.line(
        `${candidates.length} handshakes delivered a token (anyone can post one); Notion's dashboard accepts only its own. Newest last:`,
      );
    for (const candidate of candidates) out.line(candidate);
    return 0;
  } finally {
    await agent.stop();
  }
}
