import type { Output } from "../terminal/output";
import { openAgent } from "./sync";

/** `linksync webhook-token`: the token Notion's handshake delivered, shown only when the user asks for it. */
export async function runWebhookToken(dataDir: string | undefined, out: Output): Promise<number> {
  const { agent } = await openAgent(dataDir);
  try {
    const token = await agent.notionWebhookToken();
    if (token === null) {
      out.line(
        "No verification token yet: subscribe the webhook URL in Notion, and it sends one to the receiver.",
      );
      return 1;
    }
    out.line(token);
    return 0;
  } finally {
    await agent.stop();
  }
}
