import type { LinksyncEvent } from "@linksync/core";

export interface Notice {
  readonly kind: "conflict" | "paused" | "revoked" | "failed";
  readonly title: string;
  readonly body: string;
}

/** The events worth a desktop notification, in words. Pure. */
export function noticeOf(event: LinksyncEvent): Notice | null {
  switch (event.type) {
    case "conflict":
      return {
        kind: "conflict",
        title: "Destination conflict",
        body: `${event.payload.title}: kept ${event.payload.kept}, dropped ${event.payload.dropped} (from ${event.payload.droppedSource}).`,
      };
    case "sync.paused":
      return event.payload.reason === "user"
        ? null
        : { kind: "paused", title: "Sync paused", body: event.payload.message };
    case "row.failed":
      return {
        kind: "failed",
        title: "A row could not get a short link",
        body: `${event.payload.title || "Untitled"}: ${event.payload.message}`,
      };
    case "connection.revoked":
      return {
        kind: "revoked",
        title: "Notion disconnected",
        body: "Linksync lost access to a Notion workspace. Open Linksync to reconnect it.",
      };
    default:
      return null;
  }
}

const NOUNS: Readonly<Record<Notice["kind"], readonly [string, string]>> = {
  conflict: ["conflict", "conflicts"],
  paused: ["paused database", "paused databases"],
  revoked: ["disconnected workspace", "disconnected workspaces"],
  failed: ["row without a short link", "rows without a short link"],
};

/** Several notices as one: the single notice itself, or a count per kind. Pure. */
export function mergeNotices(notices: readonly Notice[]): Notice | null {
  const [first] = notices;
  if (!first) return null;
  if (notices.length === 1) return first;
  const counts = new Map<Notice["kind"], number>();
  for (const notice of notices) counts.set(notice.kind, (counts.get(notice.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => `${count} ${NOUNS[kind][count === 1 ? 0 : 1]}`);
  return {
    kind: counts.has("revoked")
      ? "revoked"
      : counts.has("paused")
        ? "paused"
        : counts.has("conflict")
          ? "conflict"
          : "failed",
    title: `${notices.length} things need a look`,
    body: `${parts.join(", ")}. Open Linksync to review them.`,
  };
}
