import { describe, expect, it } from "vitest";
import { linkPreviewSettings } from "../link-previews/preview-settings";
import { describeLinkPreviewSettings, integrationOptionsFromEnv } from "./integration-env";

describe("integrationOptionsFromEnv", () => {
  it("turns on the broker and Link Previews when their variables are set", () => {
    expect(
      integrationOptionsFromEnv({
        LINKSYNC_SHORTENER_SECRETS_KEY: "k",
        LINKSYNC_NOTION_CLIENT_ID: "n-id",
        LINKSYNC_NOTION_CLIENT_SECRET: "n-secret",
        LINKSYNC_PREVIEWS_CLIENT_ID: "p-id",
        LINKSYNC_PREVIEWS_CLIENT_SECRET: "p-secret",
        LINKSYNC_PREVIEWS_NOTION_CLIENT_ID: "pn-id",
        LINKSYNC_PREVIEWS_NOTION_CLIENT_SECRET: "pn-secret",
        LINKSYNC_NOTION_BASE_URL: "http://127.0.0.1:9",
      }),
    ).toEqual({
      secretsKey: "k",
      oauthBroker: {
        notionClientId: "n-id",
        notionClientSecret: "n-secret",
        notionBaseUrl: "http://127.0.0.1:9",
      },
      linkPreviews: {
        clientId: "p-id",
        clientSecret: "p-secret",
        notionClientId: "pn-id",
        notionClientSecret: "pn-secret",
        notionBaseUrl: "http://127.0.0.1:9",
      },
    });
    expect(integrationOptionsFromEnv({})).toEqual({});
  });

  it("lets sign-ins create accounts only when LINKSYNC_SIGN_IN_ACCOUNTS=1", () => {
    const broker = { LINKSYNC_NOTION_CLIENT_ID: "n-id", LINKSYNC_NOTION_CLIENT_SECRET: "n-secret" };
    expect(
      integrationOptionsFromEnv({ ...broker, LINKSYNC_SIGN_IN_ACCOUNTS: "1" }).oauthBroker?.signInAccounts,
    ).toBe(true);
    expect(integrationOptionsFromEnv(broker).oauthBroker).not.toHaveProperty("signInAccounts");
  });

  it("opens webhook targets to local development only when LINKSYNC_WEBHOOK_TARGETS=any says so", () => {
    expect(integrationOptionsFromEnv({})).toEqual({});
    expect(integrationOptionsFromEnv({ LINKSYNC_WEBHOOK_TARGETS: "any" })).toEqual({
      webhooks: { targets: "any" },
    });
    expect(() => integrationOptionsFromEnv({ LINKSYNC_WEBHOOK_TARGETS: "all" })).toThrow(/"public" or "any"/);
  });

  it("refuses half a pair", () => {
    expect(() => integrationOptionsFromEnv({ LINKSYNC_NOTION_CLIENT_ID: "x" })).toThrow(/both/);
    expect(() =>
      integrationOptionsFromEnv({ LINKSYNC_PREVIEWS_CLIENT_ID: "a", LINKSYNC_PREVIEWS_CLIENT_SECRET: "b" }),
    ).toThrow(/LINKSYNC_PREVIEWS_NOTION_CLIENT_/);
  });

  it("prints the dashboard values without a secret", () => {
    const text = describeLinkPreviewSettings(
      linkPreviewSettings("https://links.acme.com", "https://go.acme.com", "p-id"),
    );
    expect(text).toContain("Token URL                  https://links.acme.com/link-previews/token");
    expect(text).toContain("Domain                     go.acme.com");
    expect(text).not.toContain("p-secret");
  });
});
