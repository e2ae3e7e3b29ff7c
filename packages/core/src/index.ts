// Public entry point of @linksync/core. Surfaces (CLI, desktop, Zapier) import only from here.
export * from "./clock/clock";
export * from "./events/events";
export * from "./fields/field-map";
export * from "./providers/link-provider";
export * from "./rows/row";
