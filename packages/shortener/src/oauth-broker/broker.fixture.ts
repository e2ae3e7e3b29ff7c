import { randomBytes } from "node:crypto";
import { type RunningSandbox, startSandbox } from "@linksync/notion-sandbox";
import { type RunningShortener, startShortener } from "../server/start-shortener";
import { freeLoopbackPort } from "../testing/http-receiver";
import { BROKER_PATHS } from "./broker-routes";

/** The Notion every broker test signs in to: the sandbox with one workspace, one person and one database. */
export async function startBrokerSandbox(): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ rateLimit: false });
  await sandbox.control.seedWorkspace({
    workspaceName: "Acme Marketing",
    people: [{ name: "Grace Hopper", email: "grace@example.com" }],
    databases: [
      { title: "Spring Links", properties: { Name: { title: {} } }, rows: [{ Name: "Spring sale" }] },
    ],
  });
  return sandbox;
}

/**
 * A shortener serving as the OAuth broker of a new Linksync integration in the sandbox (its redirect on the
 * shortener's own free port), creating Linksync accounts on sign-in or not.
 */
export async function startBroker(
  sandbox: RunningSandbox,
  options: { readonly signInAccounts?: boolean } = {},
): Promise<{ readonly broker: RunningShortener; readonly clientId: string }> {
  const port = await freeLoopbackPort();
  const client = await sandbox.control.createOAuthClient({
    name: "Linksync",
    redirectUris: [`http://127.0.0.1:${port}${BROKER_PATHS.callback}`],
  });
  const broker = await startShortener({
    apiKey: `key-${randomBytes(8).toString("hex")}`,
    port,
    oauthBroker: {
      notionClientId: client.clientId,
      notionClientSecret: client.clientSecret,
      notionBaseUrl: sandbox.baseUrl,
      ...(options.signInAccounts !== undefined && { signInAccounts: options.signInAccounts }),
    },
  });
  return { broker, clientId: client.clientId };
}
