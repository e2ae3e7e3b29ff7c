/** What a bad `DATABASE_URL` is told, naming the part that is wrong; never the password. */
export class DatabaseUrlError extends Error {
  override readonly name = "DatabaseUrlError";
}

export interface DatabaseUrlParts {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly hasPassword: boolean;
}

/**
 * Checks `postgres://user:password@host:port/database[?options]` part by part, so the error names the part to fix.
 * The password is never repeated: not in the message, not in `redacted`.
 */
export function parseDatabaseUrl(value: string): DatabaseUrlParts {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new DatabaseUrlError(
      "DATABASE_URL is not a URL; expected postgres://user:password@host:5432/database.",
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new DatabaseUrlError(
      `DATABASE_URL scheme is "${url.protocol.replace(/:$/, "")}"; it must be postgres or postgresql.`,
    );
  }
  if (url.hostname === "")
    throw new DatabaseUrlError("DATABASE_URL has no host (postgres://user:password@HOST:5432/db).");
  const port = url.port === "" ? 5432 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DatabaseUrlError(`DATABASE_URL port "${url.port}" is not a port number from 1 to 65535.`);
  }
  const database = decodePart(url.pathname.replace(/^\//, ""), "database name");
  if (database === "" || database.includes("/")) {
    throw new DatabaseUrlError(
      "DATABASE_URL has no database name (postgres://user:password@host:5432/DATABASE).",
    );
  }
  const user = decodePart(url.username, "user name");
  if (user === "")
    throw new DatabaseUrlError("DATABASE_URL has no user name (postgres://USER:password@host:5432/db).");
  decodePart(url.password, "password");
  return { host: url.hostname, port, database, user, hasPassword: url.password !== "" };
}

/** The URL with its password replaced by `***`, for logs and messages. */
export function redactDatabaseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password !== "") url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

function decodePart(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new DatabaseUrlError(
      `DATABASE_URL ${what} has a malformed %-escape; percent-encode special characters.`,
    );
  }
}
