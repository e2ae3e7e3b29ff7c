import { describe, expect, it } from "vitest";
import { qrFileName } from "./qr-file-name";

describe("qrFileName", () => {
  it("is stable per Short URL and changes with it", () => {
    expect(qrFileName("https://go.acme.com/x7Kp2")).toMatch(/^qr-[0-9a-f]{12}\.png$/);
    expect(qrFileName("https://go.acme.com/x7Kp2")).toBe(qrFileName("https://go.acme.com/x7Kp2"));
    expect(qrFileName("https://go.acme.com/x7Kp3")).not.toBe(qrFileName("https://go.acme.com/x7Kp2"));
  });
});
