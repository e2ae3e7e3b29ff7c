// Public entry point of @linksync/shortener: start the service in-process. Everything else goes over HTTP.
export {
  DEFAULT_CLICK_FLUSH_INTERVAL_MS,
  type RunningShortener,
  type ShortenerOptions,
  startShortener,
} from "./server/start-shortener";
