import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Checks `Authorization: Bearer <key>` in constant time. Both sides are hashed first so the comparison takes the
 * same time whatever the length of the presented key.
 */
export function bearerAuthenticator(apiKey: string): (authorization: string | undefined) => boolean {
  const expected = digest(apiKey);
  return (authorization) => {
    const presented = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
    return timingSafeEqual(digest(presented), expected);
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
