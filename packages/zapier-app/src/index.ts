import { defineApp, version as platformVersion } from "zapier-platform-core";
import packageJson from "../package.json" with { type: "json" };
import { authentication } from "./authentication";
import createShortLink from "./creates/create-short-link";
import updateDestination from "./creates/update-destination";
import { signNotionRequests } from "./middleware";
import findLink from "./searches/find-link";
import databaseList from "./triggers/database-list";
import newConflict from "./triggers/new-conflict";
import newConflictInstant from "./triggers/new-conflict-instant";
import newShortLink from "./triggers/new-short-link";
import newShortLinkInstant from "./triggers/new-short-link-instant";

export default defineApp({
  version: packageJson.version,
  platformVersion,
  authentication,
  beforeRequest: [signNotionRequests],
  triggers: {
    [databaseList.key]: databaseList,
    [newShortLink.key]: newShortLink,
    [newConflict.key]: newConflict,
    [newShortLinkInstant.key]: newShortLinkInstant,
    [newConflictInstant.key]: newConflictInstant,
  },
  creates: {
    [createShortLink.key]: createShortLink,
    [updateDestination.key]: updateDestination,
  },
  searches: {
    [findLink.key]: findLink,
  },
});
