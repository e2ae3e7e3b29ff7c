import { hashToken, issueToken } from "../auth/tokens";
import { parseBlockList } from "../blocks/block-requests";
import { ApiError, validationError } from "../errors/api-error";
import { normaliseId } from "../ids/ids";
import { createLinkPreviewControl } from "../link-previews/control";
import { createOAuthControl } from "../oauth/control";
import { applySchemaPatch } from "../properties/schema";
import { renderDataSource } from "../render/data-sources";
import { renderPage, schemaOfPage } from "../render/page";
import { seedCampaign } from "../seed/campaign";
import { toPropertyRequests } from "../seed/plain-values";
import { seedWorkspace } from "../seed/workspace-seed";
import type { SandboxServices } from "../server/services";
import { createWebhookControl } from "../webhooks/control";
import { markUploadsAttached, writeValues } from "../writes/page-values";
import type { SandboxControl } from "./operations";

/** The control API, in process. Tests call it directly or through `createControlClient` over HTTP. */
export function createSandboxControl(services: SandboxServices): SandboxControl {
  const { store, clock, limiter, faults, log } = services;
  const nowIso = () => ({ now: new Date(clock.now()).toISOString() });
  const personFor = (requested: string | undefined): string => {
    const personId = requested ?? [...store.users.values()].find((user) => user.kind === "person")?.id;
    if (!personId || store.users.get(personId)?.kind !== "person") {
      throw validationError("Edits as a person need a person in the workspace; seed one or pass personId.");
    }
    return personId;
  };
  return {
    ...createOAuthControl(services),
    ...createWebhookControl(services),
    ...createLinkPreviewControl(services),
    seedWorkspace: async (seed) => seedWorkspace(services, seed),
    seedCampaign: async (options) => seedCampaign(services, options),
    createIntegrationToken: async (options) => issueToken(store, options),
    createPageAsPerson: async (dataSourceId, properties, options = {}) => {
      const dataSource = store.dataSources.get(normaliseId(dataSourceId) ?? dataSourceId);
      if (!dataSource) {
        throw new ApiError("object_not_found", `Could not find data source with ID: ${dataSourceId}.`);
      }
      const personId = personFor(options.personId);
      const parent = {
        type: "data_source" as const,
        dataSourceId: dataSource.id,
        databaseId: dataSource.databaseId,
      };
      const schema = dataSource.properties;
      const values = writeValues(services, parent, schema, toPropertyRequests(schema, properties), personId);
      markUploadsAttached(services, values);
      return renderPage(store.createPage(parent, values, personId), services.render);
    },
    editPageAsPerson: async (pageId, properties, options = {}) => {
      const page = store.pages.get(normaliseId(pageId) ?? pageId);
      if (!page) throw new ApiError("object_not_found", `Could not find page with ID: ${pageId}.`);
      const personId = personFor(options.personId);
      const schema = schemaOfPage(page, services.render);
      const values = writeValues(
        services,
        page.parent,
        schema,
        toPropertyRequests(schema, properties),
        personId,
      );
      markUploadsAttached(services, values);
      store.updatePage(
        page,
        { values, ...(options.inTrash !== undefined ? { inTrash: options.inTrash } : {}) },
        personId,
      );
      return renderPage(page, services.render);
    },
    resolveDiscussion: async (discussionId, resolved = true) => {
      const id = normaliseId(discussionId) ?? discussionId;
      if (!store.setDiscussionResolved(id, resolved)) {
        throw new ApiError("object_not_found", `Could not find discussion with ID: ${discussionId}.`);
      }
      return { resolved };
    },
    createTemplate: async (dataSourceId, template) => {
      const dataSource = store.dataSources.get(normaliseId(dataSourceId) ?? dataSourceId);
      if (!dataSource) {
        throw new ApiError("object_not_found", `Could not find data source with ID: ${dataSourceId}.`);
      }
      const personId = personFor(undefined);
      const parent = {
        type: "data_source" as const,
        dataSourceId: dataSource.id,
        databaseId: dataSource.databaseId,
      };
      const schema = dataSource.properties;
      const values = writeValues(
        services,
        parent,
        schema,
        toPropertyRequests(schema, template.properties ?? {}),
        personId,
      );
      const blocks = parseBlockList(template.children ?? [], "children");
      const page = store.createPage(parent, values, personId, true, {
        name: template.name,
        isDefault: template.isDefault === true,
      });
      if (blocks.length > 0) store.appendBlocks({ type: "page_id", id: page.id }, page.id, blocks, personId);
      return { templateId: page.id };
    },
    updateSchema: async (dataSourceId, properties) => {
      const dataSource = store.dataSources.get(normaliseId(dataSourceId) ?? dataSourceId);
      if (!dataSource)
        throw new ApiError("object_not_found", `Could not find data source with ID: ${dataSourceId}.`);
      const person = [...store.users.values()].find((user) => user.kind === "person");
      const schema = applySchemaPatch(dataSource.properties, properties, "properties");
      store.updateDataSource(dataSource, { properties: schema }, person?.id ?? dataSource.createdBy);
      return renderDataSource(dataSource, services.render);
    },
    requestLog: async () => log.summary(),
    resetRequestLog: async () => {
      log.reset();
      return null;
    },
    advanceClock: async (ms) => {
      clock.advance(ms);
      return nowIso();
    },
    now: async () => nowIso(),
    setFaults: async (settings) => {
      faults.set(settings);
      return null;
    },
    clearFaults: async () => {
      faults.clear();
      return null;
    },
    setRateLimit: async (settings) => {
      limiter.configure(settings);
      return null;
    },
    setVisibilityDelay: async (ms) => {
      if (!(ms >= 0)) throw new RangeError(`Visibility delay must be >= 0 ms, got ${ms}.`);
      store.visibilityDelayMs = ms;
      return null;
    },
    revokeToken: async (token) => ({ revoked: store.revokeToken(hashToken(token)) }),
    snapshot: async () => store.snapshot(),
    reset: async () => {
      store.clear();
      log.reset();
      limiter.reset();
      faults.clear();
      services.oauth.clear();
      services.webhooks.clear();
      services.linkPreviews.clear();
      return null;
    },
  };
}
