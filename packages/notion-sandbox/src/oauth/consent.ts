import { normaliseId } from "../ids/ids";
import { plainText } from "../properties/rich-text";
import { pageTitle, STANDALONE_PAGE_SCHEMA } from "../render/page";
import type { Grant, UserRecord } from "../store/types";
import type { WorkspaceStore } from "../store/workspace-store";
import type { ShareableObject } from "./consent-page";
import { OAuthError } from "./oauth-error";
import type { OAuthRegistry, PendingConsent } from "./registry";

/** What the picker offers: pages outside databases, and databases (rows come with their database). */
export function shareableObjects(store: WorkspaceStore): ShareableObject[] {
  const pages = [...store.pages.values()]
    .filter((page) => page.parent.type !== "data_source" && !page.state.inTrash)
    .map(
      (page): ShareableObject => ({
        id: page.id,
        title: pageTitle(page, STANDALONE_PAGE_SCHEMA),
        kind: "page",
      }),
    );
  const databases = [...store.databases.values()]
    .filter((database) => !database.inTrash)
    .map(
      (database): ShareableObject => ({
        id: database.id,
        title: plainText(database.title),
        kind: "database",
      }),
    );
  return [...pages, ...databases];
}

/** The person who answers the consent screen: the workspace's first person, as in `editPageAsPerson`. */
export function consentingPerson(store: WorkspaceStore): UserRecord {
  const person = [...store.users.values()].find((user) => user.kind === "person");
  if (!person) {
    throw new OAuthError(
      "invalid_request",
      "The workspace has no person to consent; seed one (seedWorkspace people).",
    );
  }
  return person;
}

/** "all" shares the whole workspace; otherwise each id must be a page, database or data source. */
export function grantOf(store: WorkspaceStore, ids: readonly string[] | "all"): Grant {
  if (ids === "all") return { kind: "workspace" };
  return {
    kind: "objects",
    ids: ids.map((raw) => {
      const id = normaliseId(raw);
      if (!id || !(store.pages.has(id) || store.databases.has(id) || store.dataSources.has(id))) {
        throw new OAuthError(
          "invalid_request",
          `Cannot share "${raw}": no page, database or data source has that id.`,
        );
      }
      return id;
    }),
  };
}

export type ConsentDecision = { allow: true; grant: Grant } | { allow: false };

/** Answers a consent: the URL the browser is sent to, with `code` and `state` or `error=access_denied`. */
export function answerConsent(
  registry: OAuthRegistry,
  store: WorkspaceStore,
  consent: PendingConsent,
  decision: ConsentDecision,
): string {
  const target = new URL(consent.redirectUri);
  if (decision.allow) {
    const owner = consentingPerson(store);
    target.searchParams.set(
      "code",
      registry.issueCode(
        consent.clientId,
        consent.redirectUriSent ? consent.redirectUri : null,
        decision.grant,
        owner.id,
      ),
    );
  } else {
    target.searchParams.set("error", "access_denied");
  }
  if (consent.state !== null) target.searchParams.set("state", consent.state);
  return target.toString();
}
