import type { AuditKind } from "@linksync/core";

/**
 * The audit kinds the Activity filter offers, with their labels. Core's `AUDIT_KINDS` cannot be imported into the
 * window's bundle (core's entry point pulls in Node modules), so this map is checked against core's type instead:
 * a kind added or renamed there fails to compile here.
 */
export const AUDIT_KIND_LABELS = {
  write: "Writes",
  conflict: "Conflicts",
  connection: "Connection changes",
  row_error: "Row problems",
} as const satisfies Record<AuditKind, string>;

export const AUDIT_KIND_NAMES = Object.keys(AUDIT_KIND_LABELS) as AuditKind[];
