import { afterAll, describe, expect, it, vi } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/test-database";
import { Accounts } from "./accounts";

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((database) => database.drop())));

async function fresh(): Promise<TestDatabase> {
  const database = await openTestDatabase("pglite");
  databases.push(database);
  return database;
}

describe("Accounts", () => {
  it("finds the account of a bearer key and nobody for an unknown, missing or revoked one", async () => {
    const { sql } = await fresh();
    const accounts = await Accounts.configure(sql, [
      { id: "primary", name: "Acme", apiKey: "key-a" },
      { id: "globex", name: "Globex", apiKey: "key-b" },
    ]);
    expect(await accounts.byAuthorization("Bearer key-b")).toEqual({ id: "globex", name: "Globex" });
    expect(await accounts.byAuthorization("bearer key-a")).toEqual({ id: "primary", name: "Acme" });
    expect(await accounts.byAuthorization("Bearer key-c")).toBeNull();
    expect(await accounts.byAuthorization(undefined)).toBeNull();
    expect(await accounts.byAuthorization("Basic a2V5LWE=")).toBeNull();

    const issued = await accounts.issueKey("globex");
    expect(await accounts.byApiKey(issued.apiKey)).toEqual({ id: "globex", name: "Globex" });
    expect(await accounts.revokeKey(issued.id)).toBe(true);
    expect(await accounts.byApiKey(issued.apiKey)).toBeNull();
    expect(await accounts.revokeKey(issued.id)).toBe(false);
  });

  it("forgets a remembered key as soon as another process revokes it (NOTIFY)", async () => {
    const { sql } = await fresh();
    const server = await Accounts.configure(sql, [{ id: "primary", name: "Acme", apiKey: "key-a" }]);
    const admin = Accounts.of(sql);
    const issued = await admin.issueKey("primary");
    expect(await server.byApiKey(issued.apiKey)).toEqual({ id: "primary", name: "Acme" });
    expect(await admin.revokeKey(issued.id)).toBe(true);
    await vi.waitFor(async () => expect(await server.byApiKey(issued.apiKey)).toBeNull(), { timeout: 1000 });
  });

  it("stores only hashes of keys", async () => {
    const { sql } = await fresh();
    const accounts = await Accounts.configure(sql, [
      { id: "primary", name: "Acme", apiKey: "configured-secret-key" },
    ]);
    const issued = await accounts.issueKey("primary");
    const { rows } = await sql.query("SELECT * FROM api_keys");
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain("configured-secret-key");
    expect(dump).not.toContain(issued.apiKey);
    const primaryKeys = (await accounts.listKeys()).filter((key) => key.accountId === "primary");
    expect(primaryKeys.map((key) => [key.configured, key.revokedAt])).toEqual([
      [true, null],
      [false, null],
    ]);
  });

  it("revokes a configured key once it leaves the configuration", async () => {
    const { sql } = await fresh();
    await Accounts.configure(sql, [{ id: "primary", name: "Acme", apiKey: "old-key" }]);
    const accounts = await Accounts.configure(sql, [{ id: "primary", name: "Acme", apiKey: "new-key" }]);
    expect(await accounts.byApiKey("old-key")).toBeNull();
    expect(await accounts.byApiKey("new-key")).toEqual({ id: "primary", name: "Acme" });
  });

  it("refuses duplicate ids, shared keys and malformed ids", async () => {
    const { sql } = await fresh();
    const twice = [
      { id: "a", name: "A", apiKey: "k" },
      { id: "a", name: "B", apiKey: "j" },
    ];
    await expect(Accounts.configure(sql, twice)).rejects.toThrow(/twice/);
    const shared = [
      { id: "a", name: "A", apiKey: "k" },
      { id: "b", name: "B", apiKey: "k" },
    ];
    await expect(Accounts.configure(sql, shared)).rejects.toThrow(/own non-empty API key/);
    await expect(Accounts.configure(sql, [{ id: "Not Valid", name: "A", apiKey: "k" }])).rejects.toThrow(
      /lowercase/,
    );
  });
});
