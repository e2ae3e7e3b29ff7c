// Public entry point of @linksync/core. Surfaces (CLI, desktop, Zapier) import only from here.
export * from "./providers/link-provider";
