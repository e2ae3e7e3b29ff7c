import { Client, type RetryOptions } from "@notionhq/client";
import { type RunningSandbox, type SandboxOptions, startSandbox } from "../sandbox";

/** A sandbox plus an SDK client for a fresh integration, for tests. Limits are off unless asked for. */
export async function sandboxWithClient(
  options: SandboxOptions = {},
  retry: RetryOptions | false = false,
): Promise<{ sandbox: RunningSandbox; notion: Client; token: string }> {
  const sandbox = await startSandbox({ rateLimit: false, ...options });
  const { token } = await sandbox.control.createIntegrationToken();
  return { sandbox, notion: sdkClient(sandbox, token, retry), token };
}

export function sdkClient(
  sandbox: RunningSandbox,
  token: string,
  retry: RetryOptions | false = false,
): Client {
  return new Client({ auth: token, baseUrl: sandbox.baseUrl, retry, logger: () => {} });
}
