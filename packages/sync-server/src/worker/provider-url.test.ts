import { randomBytes } from "node:crypto";
import { contractConnection } from "@linksync/core/contracts";
import { describe, expect, it } from "vitest";
import { openTestSql } from "../testing/test-sql";
import { connectServerWorkspace } from "./server-attach";
import { providerBaseUrlOf } from "./server-databases";
import { openServerPorts } from "./server-ports";

describe("a server connection's provider URL", () => {
  it("is kept in the typed settings, not in providerOptions", async () => {
    const db = await openTestSql("pglite");
    try {
      const ports = await openServerPorts(db.sql, {
        serverSecret: randomBytes(32).toString("base64"),
        onError: () => {},
      });
      await connectServerWorkspace(ports, {
        accountId: "primary",
        id: "conn-1",
        workspaceId: "ws-1",
        workspaceName: "Acme",
        token: "secret_token",
        providerBaseUrl: "https://links.acme.com",
        providerApiKey: "key",
      });
      const connection = await ports.store.getConnection("conn-1");
      expect(connection?.settings?.providerBaseUrl).toBe("https://links.acme.com");
      expect(connection?.providerOptions).toEqual({});
      expect(providerBaseUrlOf(connection!)).toBe("https://links.acme.com");
    } finally {
      await db.drop();
    }
  });

  it("is still read from a record written before the settings were typed", () => {
    // The contract's sample has no `settings`, as such a record had.
    const legacy = contractConnection({ providerOptions: { baseUrl: "https://old.acme.com" } });
    expect(providerBaseUrlOf(legacy)).toBe("https://old.acme.com");
  });
});
