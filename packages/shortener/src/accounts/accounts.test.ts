import { describe, expect, it } from "vitest";
import { Accounts } from "./accounts";

describe("Accounts", () => {
  const accounts = new Accounts([
    { id: "primary", name: "Acme", apiKey: "key-a" },
    { id: "globex", name: "Globex", apiKey: "key-b" },
  ]);

  it("finds the account of a bearer key and nobody for an unknown or missing one", () => {
    expect(accounts.byAuthorization("Bearer key-b")).toEqual({ id: "globex", name: "Globex" });
    expect(accounts.byAuthorization("bearer key-a")).toEqual({ id: "primary", name: "Acme" });
    expect(accounts.byAuthorization("Bearer key-c")).toBeNull();
    expect(accounts.byAuthorization(undefined)).toBeNull();
    expect(accounts.byAuthorization("Basic a2V5LWE=")).toBeNull();
  });

  it("refuses duplicate ids, shared keys and malformed ids", () => {
    expect(
      () =>
        new Accounts([
          { id: "a", name: "A", apiKey: "k" },
          { id: "a", name: "B", apiKey: "j" },
        ]),
    ).toThrow(/twice/);
    expect(
      () =>
        new Accounts([
          { id: "a", name: "A", apiKey: "k" },
          { id: "b", name: "B", apiKey: "k" },
        ]),
    ).toThrow(/own non-empty API key/);
    expect(() => new Accounts([{ id: "Not Valid", name: "A", apiKey: "k" }])).toThrow(/lowercase/);
  });
});
