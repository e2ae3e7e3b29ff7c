import type { PartialUserObjectResponse, UserObjectResponse } from "@notionhq/client";
import type { UserRecord, WorkspaceInfo } from "../store/types";

/** Notion's per-workspace upload limit on the free plan, as `users/me` reports it. */
export const MAX_FILE_UPLOAD_BYTES = 5 * 1024 * 1024;

export function partialUser(id: string): PartialUserObjectResponse {
  return { object: "user", id };
}

/** A full user as it appears inside people / created_by / last_edited_by values. */
export function renderUser(user: UserRecord): UserObjectResponse {
  const common = { object: "user" as const, id: user.id, name: user.name, avatar_url: null };
  if (user.kind === "bot") return { ...common, type: "bot", bot: {} };
  return { ...common, type: "person", person: user.email === null ? {} : { email: user.email } };
}

/** The integration's own bot user, as `GET /v1/users/me` answers. */
export function renderBotSelf(user: UserRecord, workspace: WorkspaceInfo): UserObjectResponse {
  return {
    object: "user",
    id: user.id,
    name: user.name,
    avatar_url: null,
    type: "bot",
    bot: {
      owner: { type: "workspace", workspace: true },
      workspace_name: workspace.name,
      workspace_id: workspace.id,
      workspace_limits: { max_file_upload_size_in_bytes: MAX_FILE_UPLOAD_BYTES },
    },
  };
}
