export {
  createLinksyncShortenerProvider,
  LINKSYNC_SHORTENER_KIND,
  type LinksyncShortenerOptions,
} from "./linksync-shortener-provider";
