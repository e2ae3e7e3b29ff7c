import type { LinksyncEventName } from "@linksync/core";

/**
 * The event names the Activity filter offers. Core's `EVENT_NAMES` cannot be imported into the window's bundle
 * (core's entry point pulls in Node modules), so the list is checked against core's type instead: a name added or
 * renamed there fails to compile here.
 */
const KINDS = {
  "link.created": true,
  "link.updated": true,
  conflict: true,
  "sync.completed": true,
  "sync.paused": true,
  "sync.resumed": true,
  "sync.throttled": true,
  "sync.offline": true,
  "sync.online": true,
  "row.failed": true,
  "connection.revoked": true,
  // Progress ticks are not kept in the activity list.
  "sync.progress": false,
} as const satisfies Record<LinksyncEventName, boolean>;

export const EVENT_KINDS = (Object.keys(KINDS) as LinksyncEventName[]).filter((name) => KINDS[name]);
