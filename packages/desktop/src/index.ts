// Public entry point of @linksync/desktop for other packages: the CLI's `linksync ui` and the demo.
export type { HeadlessUi, HeadlessUiOptions } from "./headless/headless-server";
export { startHeadlessUi } from "./headless/headless-server";
export type { ApiMethodName, HostInfo, LinksyncApi } from "./shared/contract";
export { API_METHODS } from "./shared/contract";
