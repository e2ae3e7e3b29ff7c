/** Changes the workspace announces, for webhooks and anything else that reacts to edits. Ids only. */
export type WorkspaceEvent =
  | { type: "page.created"; pageId: string; dataSourceId: string | null; authorId: string; at: number }
  | {
      type: "page.properties_updated";
      pageId: string;
      dataSourceId: string | null;
      propertyIds: string[];
      authorId: string;
      at: number;
    }
  | {
      type: "page.deleted" | "page.undeleted";
      pageId: string;
      dataSourceId: string | null;
      authorId: string;
      at: number;
    }
  | {
      type: "data_source.schema_updated";
      dataSourceId: string;
      databaseId: string;
      authorId: string;
      at: number;
    }
  | { type: "comment.created"; commentId: string; pageId: string; authorId: string; at: number };

export type WorkspaceListener = (event: WorkspaceEvent) => void;

export class WorkspaceEvents {
  readonly #listeners = new Set<WorkspaceListener>();

  subscribe(listener: WorkspaceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: WorkspaceEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
