import { randomBytes } from "node:crypto";
import { FakeClock } from "@linksync/core";
import {
  auditLogContract,
  CONTRACT_KNOWN_SECRET,
  CONTRACT_TOKEN,
  conflictInboxContract,
  outboxContract,
  secretVaultContract,
  stateStoreContract,
} from "@linksync/core/contracts";
import { describe, expect, it } from "vitest";
import { SqlAuditLog } from "../audit/sql-audit-log";
import { SqlConflictInbox } from "../inbox/sql-conflict-inbox";
import { SqlOutbox } from "../outbox/sql-outbox";
import { SqlSecretVault } from "../secrets/sql-secret-vault";
import { openTestSql, TEST_ENGINES } from "../testing/test-sql";
import { SqlStateStore } from "./sql-state-store";

// The agent's contract suites, run against the server's tables on both engines.
for (const engine of TEST_ENGINES) {
  const subject =
    <T>(make: (sql: Awaited<ReturnType<typeof openTestSql>>["sql"]) => T | Promise<T>) =>
    async () => {
      const db = await openTestSql(engine);
      return { open: async () => make(db.sql), atRest: db.atRest, dispose: db.drop };
    };
  stateStoreContract(
    `SqlStateStore on ${engine}`,
    subject((sql) => new SqlStateStore(sql)),
  );
  outboxContract(
    `SqlOutbox on ${engine}`,
    subject((sql) => SqlOutbox.open(sql, { scope: "conn-1/ds-1", clock: new FakeClock() })),
  );
  auditLogContract(
    `SqlAuditLog on ${engine}`,
    subject((sql) => new SqlAuditLog(sql, { secrets: () => [CONTRACT_KNOWN_SECRET] })),
  );
  conflictInboxContract(
    `SqlConflictInbox on ${engine}`,
    subject((sql) => new SqlConflictInbox(sql)),
  );
  const serverSecret = randomBytes(32).toString("base64");
  secretVaultContract(
    `SqlSecretVault on ${engine}`,
    subject((sql) => new SqlSecretVault(sql, serverSecret)),
  );
}

describe("the server's tables on PostgreSQL", () => {
  it("two workers' outboxes keep their own scopes: one database's intents never replay in another's", async () => {
    const db = await openTestSql("postgres");
    try {
      const clock = new FakeClock();
      const a = await SqlOutbox.open(db.sql, { scope: "conn-1/ds-1", clock });
      const b = await SqlOutbox.open(db.sql, { scope: "conn-1/ds-2", clock });
      const intent = {
        kind: "link.create" as const,
        idempotencyKey: "notion-page:p1",
        connectionId: "conn-1",
        dataSourceId: "ds-1",
        pageId: "p1",
        destination: "https://a.example",
        tags: [],
        title: "",
      };
      const idA = await a.enqueue(intent);
      const idB = await b.enqueue({ ...intent, dataSourceId: "ds-2" });
      expect(idA).not.toBe(idB);
      expect(
        (await SqlOutbox.open(db.sql, { scope: "conn-1/ds-1", clock })).pending().map((e) => e.id),
      ).toEqual([idA]);
    } finally {
      await db.drop();
    }
  });

  it("a token sealed under the server's secret does not open with another secret, nor under another name", async () => {
    const db = await openTestSql("postgres");
    try {
      const secret = randomBytes(32).toString("hex");
      await new SqlSecretVault(db.sql, secret).set("notion:conn-1", CONTRACT_TOKEN);
      await expect(
        new SqlSecretVault(db.sql, randomBytes(32).toString("hex")).get("notion:conn-1"),
      ).rejects.toMatchObject({ code: "secret_unreadable" });
      await db.sql.query("UPDATE sync_secrets SET name = 'notion:conn-2'");
      await expect(new SqlSecretVault(db.sql, secret).get("notion:conn-2")).rejects.toMatchObject({
        code: "secret_unreadable",
      });
      expect(() => new SqlSecretVault(db.sql, "too short")).toThrow(/32 random bytes/);
    } finally {
      await db.drop();
    }
  });
});
