import { useEffect, useState } from "react";
import type { FailedRow } from "../../../shared/contract";
import { useCompanion } from "../state/companion-context";
import { useAction } from "../state/use-action";
import { InlineError } from "./state-views";

/**
 * A database's rows that got no short link: how many, and for each its reason and a link to fix it in Notion; Retry
 * reads every row again (after a fix in Notion the row is also picked up by the next sync on its own).
 */
export function FailedRows({
  databaseId,
  lastSyncAt,
}: {
  readonly databaseId: string;
  readonly lastSyncAt: string | null;
}) {
  const { api, refresh } = useCompanion();
  const [rows, setRows] = useState<readonly FailedRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const retry = useAction();
  // biome-ignore lint/correctness/useExhaustiveDependencies: each sync may have fixed or failed rows.
  useEffect(() => {
    api.failedRows(databaseId).then(setRows, (failure: unknown) => setError(String(failure)));
  }, [api, databaseId, lastSyncAt]);
  if (rows.length === 0 && !error) return null;
  return (
    <section className="card__section failed-rows" data-testid="failed-rows">
      <details>
        <summary>
          <span className="badge badge--bad">
            {rows.length} {rows.length === 1 ? "row needs" : "rows need"} attention
          </span>{" "}
          without a short link
        </summary>
        <ul>
          {rows.map((row) => (
            <li key={row.pageId}>
              <strong>{row.title || "Untitled"}</strong>
              <span>{row.message}</span>
              <a href={row.notionUrl} target="_blank" rel="noreferrer">
                Open the row in Notion ↗
              </a>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button"
          disabled={retry.busy}
          onClick={() => retry.run(() => api.forceResync(databaseId)).then(refresh)}
        >
          {retry.busy ? "Retrying…" : "Retry"}
        </button>
      </details>
      <InlineError message={error ?? retry.error} />
    </section>
  );
}
