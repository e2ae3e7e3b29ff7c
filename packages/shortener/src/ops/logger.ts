import { pino } from "pino";

/** What the server logs through: pino's level methods (`log.error({ err }, "message")`). */
export type ServerLogger = pino.Logger;

/**
 * Structured JSON logs (pino) to stderr. Fields that may carry a secret are censored wherever they appear, and
 * errors are logged with their message and stack only: API keys, webhook secrets, tokens and the database password
 * never reach a log line.
 */
export function createServerLogger(
  level: pino.Level | "silent" = "info",
  destination: pino.DestinationStream = pino.destination(2),
): ServerLogger {
  return pino(
    {
      level,
      base: { service: "linksync-server" },
      redact: {
        paths: [
          "apiKey",
          "secret",
          "password",
          "token",
          "authorization",
          "databaseUrl",
          "*.apiKey",
          "*.secret",
          "*.password",
          "*.token",
          "*.authorization",
          "*.databaseUrl",
          "headers.authorization",
          "req.headers.authorization",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
