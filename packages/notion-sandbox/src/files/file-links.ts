import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../clock/clock";
import type { HostedFileLink } from "../render/context";

/** Notion's hosted file URLs expire after an hour. */
export const FILE_LINK_TTL_MS = 60 * 60 * 1000;
export const FILE_ROUTE_PREFIX = "/__files/";

/** Signed, expiring links to uploaded files, like the S3 URLs Notion hands out. */
export class FileLinks {
  readonly #secret = randomBytes(32);

  constructor(
    private readonly clock: Clock,
    private readonly baseUrl: () => string,
    private readonly ttlMs = FILE_LINK_TTL_MS,
  ) {}

  link(uploadId: string, filename: string): HostedFileLink {
    const expires = this.clock.now() + this.ttlMs;
    const url = new URL(`${FILE_ROUTE_PREFIX}${uploadId}/${encodeURIComponent(filename)}`, this.baseUrl());
    url.searchParams.set("expires", String(expires));
    url.searchParams.set("signature", this.#sign(uploadId, expires));
    return { url: url.toString(), expiry_time: new Date(expires).toISOString() };
  }

  /** The upload id of a link this sandbox issued (signed or not yet checked), or undefined. */
  uploadIdOf(url: string): string | undefined {
    try {
      const parsed = new URL(url);
      if (!parsed.pathname.startsWith(FILE_ROUTE_PREFIX)) return undefined;
      return parsed.pathname.slice(FILE_ROUTE_PREFIX.length).split("/")[0];
    } catch {
      return undefined;
    }
  }

  verify(uploadId: string, expires: string | null, signature: string | null): "ok" | "expired" | "invalid" {
    if (expires === null || signature === null) return "invalid";
    const expected = Buffer.from(this.#sign(uploadId, Number(expires)));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
    return Number(expires) < this.clock.now() ? "expired" : "ok";
  }

  #sign(uploadId: string, expires: number): string {
    return createHmac("sha256", this.#secret).update(`${uploadId}:${expires}`).digest("hex");
  }
}
