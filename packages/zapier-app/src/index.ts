import { defineApp, version as platformVersion } from "zapier-platform-core";
import packageJson from "../package.json" with { type: "json" };
import { authentication } from "./authentication";
import createShortLink from "./creates/create-short-link";
import updateDestination from "./creates/update-destination";
import updateLink from "./creates/update-link";
import { signNotionRequests } from "./middleware";
import findLink from "./searches/find-link";
import getClicks from "./searches/get-clicks";
import databaseList from "./triggers/database-list";
import linkUpdated from "./triggers/link-updated";
import newClick from "./triggers/new-click";
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
    [linkUpdated.key]: linkUpdated,
    [newClick.key]: newClick,
  },
  creates: {
    [createShortLink.key]: createShortLink,
    [updateDestination.key]: updateDestination,
    [updateLink.key]: updateLink,
  },
  searches: {
    [findLink.key]: findLink,
    [getClicks.key]: getClicks,
  },
  searchOrCreates: {
    // Find Link, and Create Short Link when nothing matches; `outcome` says which happened.
    [findLink.key]: {
      key: findLink.key,
      display: {
        label: "Find or Create Link",
        description:
          "Finds a short link by short URL, destination or title, and creates the row with its link when none matches.",
      },
      search: findLink.key,
      create: createShortLink.key,
    },
  },
});
