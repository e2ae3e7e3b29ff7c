/** How long a confirmed removal (a database, a workspace) can still be undone before it is carried out. */
export const UNDO_SECONDS = 6;
