import { AgentError } from "@linksync/core";
import { describe, expect, it } from "vitest";
import { wireError } from "./dispatch";
import { OAuthError } from "./oauth/oauth-error";

describe("wireError", () => {
  it("keeps the code and sentence of every Linksync error, core's and the desktop's own", () => {
    expect(wireError(new AgentError("unknown_database", "No database db-9. Attach it first."))).toEqual({
      code: "unknown_database",
      message: "No database db-9. Attach it first.",
    });
    expect(wireError(new OAuthError("access_denied", "You declined. Try again."))).toEqual({
      code: "access_denied",
      message: "You declined. Try again.",
    });
  });

  it("sends any other failure as internal, whatever fields it carries", () => {
    const system = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(wireError(system)).toEqual({ code: "internal", message: "connect ECONNREFUSED" });
    expect(wireError("boom").code).toBe("internal");
  });
});
