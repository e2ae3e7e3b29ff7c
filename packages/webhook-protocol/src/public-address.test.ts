import { describe, expect, it } from "vitest";
import { isForbiddenAddress, isPublicHost } from "./public-address";

describe("public addresses", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.20.0.1",
    "192.168.1.10",
    "100.64.0.1",
    "169.254.169.254",
    "0.0.0.0",
  ])("%s is not public", (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    "::1",
    "::ffff:127.0.0.1",
    "fd00:ec2::254",
    "fe80::1",
    "::",
    "not an address",
  ])("%s is not public", (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it("accepts public IPv4 and IPv6 addresses", () => {
    expect(isForbiddenAddress("8.8.8.8")).toBe(false);
    expect(isForbiddenAddress("2606:4700::1111")).toBe(false);
  });

  it("tells a public host from one that resolves inside, a literal private address, localhost, or no answer", async () => {
    const outside = async () => ["93.184.216.34"];
    const mixed = async () => ["93.184.216.34", "10.0.0.7"];
    const failing = async (): Promise<string[]> => {
      throw new Error("ENOTFOUND");
    };
    expect(await isPublicHost("go.example.com", outside)).toBe(true);
    expect(await isPublicHost("8.8.8.8", failing)).toBe(true);
    expect(await isPublicHost("[2606:4700::1111]", failing)).toBe(true);
    expect(await isPublicHost("go.example.com", mixed)).toBe(false);
    expect(await isPublicHost("go.example.com", failing)).toBe(false);
    expect(await isPublicHost("127.0.0.1", outside)).toBe(false);
    expect(await isPublicHost("[::1]", outside)).toBe(false);
    expect(await isPublicHost("localhost", outside)).toBe(false);
    expect(await isPublicHost("app.localhost", outside)).toBe(false);
  });
});
