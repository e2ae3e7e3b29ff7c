// Public entry point of @linksync/webhook-protocol: the wire format the engine's and the shortener's webhooks share.
export * from "./delivery-attempt";
export * from "./delivery-outcome";
export * from "./public-address";
export * from "./retry-policy";
export * from "./signature";
