import { useState } from "react";
import { notionPageIdFrom } from "../../../../shared/notion-page-id";
import { InlineError } from "../../components/state-views";
import type { NewDatabase } from "./use-onboarding";

/** A new database with every Linksync column, under a page the user names by its link. */
export function CreateDatabaseForm({
  onCreate,
}: {
  readonly onCreate: (request: NewDatabase) => Promise<boolean>;
}) {
  const [page, setPage] = useState("");
  const [title, setTitle] = useState("Linksync Links");
  const parentPageId = notionPageIdFrom(page);
  return (
    <details className="alternative">
      <summary>Create a new links database instead</summary>
      <label className="field">
        <span>Notion page to put it in (its link)</span>
        <input
          placeholder="https://www.notion.so/Marketing-HQ-…"
          value={page}
          onChange={(event) => setPage(event.target.value)}
        />
      </label>
      {page.trim() !== "" && !parentPageId && (
        <InlineError message="This is not a Notion page link. In Notion, use ••• → Copy link on the page." />
      )}
      <label className="field">
        <span>Database title</span>
        <input value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <button
        type="button"
        className="button"
        disabled={!parentPageId || title.trim() === ""}
        onClick={() => parentPageId && onCreate({ parentPageId, title: title.trim() })}
      >
        Continue with a new database
      </button>
    </details>
  );
}
