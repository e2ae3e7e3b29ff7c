import { readFile } from "node:fs/promises";
import type { NotionAuth } from "@linksync/core";
import { afterEach, describe, expect, it } from "vitest";
import { notionRows } from "../support/notion-rows";
import { startWorld, type World } from "../support/world";

/** Issue 12: Notion's OAuth access tokens come with a refresh token; a 401 renews them before it revokes. */

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface TokenPair {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly workspace_id: string;
  readonly workspace_name: string;
  readonly bot_id: string;
}

/** A public integration installed on the whole workspace through the sandbox's consent screen and token endpoint. */
async function install(w: World): Promise<{ tokens: TokenPair; clientId: string; clientSecret: string }> {
  const redirectUri = "http://127.0.0.1:9/callback";
  const { clientId, clientSecret } = await w.sandbox.control.createOAuthClient({
    redirectUris: [redirectUri],
  });
  const code = new URL(await w.sandbox.control.authorize({ clientId, grant: "all" })).searchParams.get(
    "code",
  );
  const tokens = (await tokenRequest(w, clientId, clientSecret, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
  }).then((r) => r.json())) as TokenPair;
  return { tokens, clientId, clientSecret };
}

function tokenRequest(w: World, clientId: string, clientSecret: string, body: object): Promise<Response> {
  return fetch(`${w.sandbox.baseUrl}/v1/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
    },
    body: JSON.stringify(body),
  });
}

function oauth(tokens: TokenPair, refresh: Extract<NotionAuth, { kind: "oauth" }>["refresh"]): NotionAuth {
  return {
    kind: "oauth",
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    workspaceId: tokens.workspace_id,
    workspaceName: tokens.workspace_name,
    botId: tokens.bot_id,
    ...(refresh ? { refresh } : {}),
  };
}

async function vaultNames(dataDir: string): Promise<string[]> {
  const file = JSON.parse(await readFile(`${dataDir}/secrets.json`, "utf8")) as { entries: object };
  return Object.keys(file.entries);
}

describe("OAuth refresh tokens", () => {
  it("renews both tokens on a 401, keeps syncing, and the old refresh token is dead", async () => {
    world = await startWorld({ rows: 6 });
    const { tokens, clientId, clientSecret } = await install(world);
    const a = await world.agent({}, {}, oauth(tokens, { via: "notion", clientId, clientSecret }));
    await a.agent.syncNow(a.databaseId);
    const row = [...(await notionRows(world)).values()].find((r) => r.linkId !== null);
    if (!row?.linkId) throw new Error("the backfill linked no row");

    // The access token expires (Notion answers an expired token 401, as a revoked one).
    await world.sandbox.control.revokeToken(tokens.access_token);
    await world.sandbox.control.editPageAsPerson(row.pageId, {
      Destination: "https://shop.example.com/renewed",
    });
    const [summary] = await a.agent.syncNow(a.databaseId);

    expect(summary).toMatchObject({ failed: 0 });
    expect((await world.links.get(row.linkId))?.destination).toBe("https://shop.example.com/renewed");
    expect(a.events.some((e) => e.type === "connection.revoked")).toBe(false);
    expect(a.agent.status().connections[0]?.state).toBe("connected");
    // Rotated: Notion refuses the refresh token the agent was given.
    const reused = await tokenRequest(world, clientId, clientSecret, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
    });
    expect(reused.status).toBe(400);
    // Both tokens are sealed in the vault, never in plain text.
    const vault = await readFile(`${a.dataDir}/secrets.json`, "utf8");
    expect(vault).not.toContain(tokens.refresh_token);
    expect(vault).not.toContain(clientSecret);
    expect(await vaultNames(a.dataDir)).toEqual(
      expect.arrayContaining([`notion:${a.connectionId}`, `notion-refresh:${a.connectionId}`]),
    );
  });

  it("revokes the connection when Notion refuses the refresh token too", async () => {
    world = await startWorld({ rows: 4 });
    const { tokens, clientId, clientSecret } = await install(world);
    const a = await world.agent({}, {}, oauth(tokens, { via: "notion", clientId, clientSecret }));
    await a.agent.syncNow(a.databaseId);
    await fetch(`${world.sandbox.baseUrl}/v1/oauth/revoke`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      },
      body: JSON.stringify({ token: tokens.refresh_token }),
    });
    await world.sandbox.control.revokeToken(tokens.access_token);
    await a.agent.syncNow(a.databaseId);

    expect(a.events.some((e) => e.type === "connection.revoked")).toBe(true);
    expect(a.agent.status().connections[0]?.state).toBe("revoked");
    expect((await vaultNames(a.dataDir)).filter((n) => n.startsWith("notion"))).toEqual([]);
  });
});
