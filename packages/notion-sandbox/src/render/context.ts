import type { WorkspaceStore } from "../store/workspace-store";

/** What rendering needs besides the record itself: lookups, and signed links to hosted files. */
export interface RenderContext {
  store: WorkspaceStore;
  fileLink(uploadId: string): HostedFileLink;
  /** Base of the sandbox's own URLs (upload_url and the like). */
  baseUrl: string;
}

/** Notion's `{ url, expiry_time }` for a file it hosts. */
export interface HostedFileLink {
  url: string;
  expiry_time: string;
}
