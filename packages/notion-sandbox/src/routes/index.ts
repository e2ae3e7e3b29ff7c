import type { Route } from "../http/route";
import { blockRoutes } from "./blocks";
import { commentRoutes } from "./comments";
import { dataSourceRoutes } from "./data-sources";
import { databaseRoutes } from "./databases";
import { externalObjectRoutes } from "./external-objects";
import { fileUploadRoutes } from "./file-uploads";
import { hostedFileRoutes } from "./files";
import { oauthRoutes } from "./oauth";
import { pageRoutes } from "./pages";
import { searchRoutes } from "./search";
import { templateRoutes } from "./templates";
import { userRoutes } from "./users";

/**
 * Every endpoint of the sandbox. Each resource module exports its routes as data; a new module
 * (OAuth, webhooks) is added here and nowhere else.
 */
export const apiRoutes: readonly Route[] = [
  ...userRoutes,
  ...searchRoutes,
  ...databaseRoutes,
  ...dataSourceRoutes,
  ...pageRoutes,
  ...blockRoutes,
  ...templateRoutes,
  ...commentRoutes,
  ...fileUploadRoutes,
  ...hostedFileRoutes,
  ...oauthRoutes,
  ...externalObjectRoutes,
];
