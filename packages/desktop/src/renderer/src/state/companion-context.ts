import type { AgentStatus, ConflictRecord, LinksyncEvents } from "@linksync/core";
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { HostInfo, LinksyncApi, LinksyncBridge, UiEvent } from "../../../shared/contract";

export type Progress = LinksyncEvents["sync.progress"];

export interface CompanionState {
  readonly api: LinksyncApi;
  readonly status: AgentStatus | null;
  readonly conflicts: readonly ConflictRecord[] | null;
  readonly host: HostInfo | null;
  /** Latest progress per database while a phase runs. */
  readonly progress: ReadonlyMap<string, Progress>;
  /** Set when the host cannot be reached; the shell shows it instead of stale data. */
  readonly loadError: string | null;
  readonly refresh: () => void;
  readonly subscribe: (listener: (event: UiEvent) => void) => () => void;
}

export const CompanionContext = createContext<CompanionState | null>(null);

export function useCompanion(): CompanionState {
  const state = useContext(CompanionContext);
  if (!state) throw new Error("useCompanion is used outside <CompanionContext>.");
  return state;
}

const POLL_MS = 5_000;

/** Status and conflicts, refreshed on every engine event (coalesced) and on a slow poll for times like "next sync". */
export function useCompanionState(bridge: LinksyncBridge): CompanionState {
  const { api } = bridge;
  const [status, setStatus] = useState<AgentStatus | null>(null);
  const [conflicts, setConflicts] = useState<readonly ConflictRecord[] | null>(null);
  const [host, setHost] = useState<HostInfo | null>(null);
  const [progress, setProgress] = useState<ReadonlyMap<string, Progress>>(new Map());
  const [loadError, setLoadError] = useState<string | null>(null);
  const pending = useRef<number | null>(null);

  const load = useCallback(async () => {
    try {
      // Host info follows Settings (a new Linksync server turns Sign in with Notion on), so it is read again too.
      const [nextStatus, nextConflicts, nextHost] = await Promise.all([
        api.status(),
        api.conflicts(),
        api.hostInfo(),
      ]);
      setStatus(nextStatus);
      setHost(nextHost);
      setConflicts(nextConflicts);
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error));
    }
  }, [api]);

  const refresh = useCallback(() => {
    if (pending.current !== null) return;
    pending.current = window.setTimeout(() => {
      pending.current = null;
      void load();
    }, 150);
  }, [load]);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    const unsubscribe = bridge.onEvent((event) => {
      if (event.type === "sync.progress") {
        const payload = event.payload;
        setProgress((current) => new Map(current).set(payload.databaseId, payload));
      } else if (event.type === "sync.completed") {
        const { databaseId } = event.payload;
        setProgress((current) => {
          const next = new Map(current);
          next.delete(databaseId);
          return next;
        });
      }
      refresh();
    });
    return () => {
      window.clearInterval(timer);
      unsubscribe();
    };
  }, [bridge, load, refresh]);

  return { api, status, conflicts, host, progress, loadError, refresh, subscribe: bridge.onEvent };
}
