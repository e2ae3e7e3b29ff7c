export const LINK_PREVIEW_PATHS = {
  authorize: "/link-previews/authorize",
  token: "/link-previews/token",
  deletedToken: "/link-previews/deleted-token",
  unfurl: "/link-previews/unfurl",
} as const;

export const SETTINGS_API_PATH = "/api/link-previews/settings";
