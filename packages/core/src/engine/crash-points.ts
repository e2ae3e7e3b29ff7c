/**
 * The named points between the steps of a row's plan execution. A crash test passes a `CrashHook` that kills the
 * agent's process (SIGKILL) at one of them; the replay after the restart must end exactly where an uninterrupted run
 * would have: one link per row, one comment, one audit entry and one event per conflict, no edit lost.
 */
export const CRASH_POINTS = [
  /** The link exists at the provider; Short URL and the rest are not written back to the row yet. */
  "mint.created",
  /** The minted link's row write landed; the `link.create` intent is not settled yet. */
  "mint.written",
  /** A conflict's intent (its comment) is on disk; nothing of it is written anywhere yet. */
  "conflict.recorded",
  /**
   * The conflict's intent is marked sent: the link's reset is about to go out. A kill here leaves what a kill while
   * the reset is on the wire leaves when it does not land (another agent's may).
   */
  "conflict.sent",
  /** The link's update (a conflict's reset) landed. */
  "link.updated",
  /** The row's one page update landed. */
  "row.updated",
  /** The conflict's Conflict At and comment are on the row; it is not audited nor emitted yet. */
  "comment.posted",
  /** The conflict is emitted and audited; its intent is not settled yet. */
  "conflict.reported",
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

/** Called at each crash point of a row; production agents have none. */
export type CrashHook = (point: CrashPoint, pageId: string) => void;
