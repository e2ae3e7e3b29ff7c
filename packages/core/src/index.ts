// Public entry point of @linksync/core. Surfaces (CLI, desktop, Zapier) import only from here.
export * from "./agent/agent-api";
export * from "./clock/clock";
export * from "./codec/codec-error";
export * from "./codec/decode-row";
export * from "./codec/encode-row-patch";
export * from "./codec/row-patch";
export * from "./events/events";
export * from "./fields/field-map";
export * from "./providers/link-provider";
export * from "./rows/row";
export * from "./scheduling/backoff";
export * from "./scheduling/request-scheduler";
export * from "./validation/destination";
export * from "./validation/rich-text";
export * from "./validation/row-problem";
export * from "./validation/sync-state";
export * from "./validation/tags";
