import { LinksyncError } from "@linksync/link-contract";
export type AgentErrorCode =
  | "unknown_connection"
  | "unknown_database"
  | "connection_revoked"
  | "field_map_invalid"
  | "columns_missing"
  | "database_exists"
  | "not_a_database"
  | "unknown_link"
  | "settings_corrupt"
  | "webhook_token_verified"
  | "webhook_token_unknown"
  | "server_runs_database";

/** A request the agent refuses; the message names what is wrong and what to do. */
export class AgentError extends LinksyncError<AgentErrorCode> {
  override readonly name = "AgentError";
}
