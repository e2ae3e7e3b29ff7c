import { describe, expect, it } from "vitest";
import { QrMethodChooser } from "./qr-method";

describe("QrMethodChooser", () => {
  const publicDns = async () => ["93.184.216.34"];
  const privateDns = async () => ["10.0.0.7"];

  it("imports under auto when the short URL is https on a public host", async () => {
    const chooser = new QrMethodChooser("auto", publicDns);
    expect(chooser.fixed).toBeNull();
    expect(await chooser.methodFor("https://go.example.com/x7Kp2")).toBe("import");
    expect(await chooser.methodFor("https://8.8.8.8/x7Kp2")).toBe("import");
  });

  it("uploads under auto when Notion could not fetch the image: http, loopback, private network, localhost", async () => {
    const chooser = new QrMethodChooser("auto", publicDns);
    for (const shortUrl of [
      "http://go.example.com/x7Kp2",
      "https://127.0.0.1:8080/x7Kp2",
      "https://192.168.1.20/x7Kp2",
      "https://localhost:8443/x7Kp2",
    ]) {
      expect(await chooser.methodFor(shortUrl)).toBe("upload");
    }
    expect(await new QrMethodChooser("auto", privateDns).methodFor("https://links.corp.example/a")).toBe(
      "upload",
    );
  });

  it("asks DNS once per host", async () => {
    let lookups = 0;
    const chooser = new QrMethodChooser("auto", async () => {
      lookups++;
      return ["93.184.216.34"];
    });
    await Promise.all(["a", "b", "c"].map((slug) => chooser.methodFor(`https://go.example.com/${slug}`)));
    expect(lookups).toBe(1);
  });

  it("keeps an explicit setting whatever the URL", async () => {
    for (const setting of ["upload", "import", "link"] as const) {
      const chooser = new QrMethodChooser(setting, privateDns);
      expect(chooser.fixed).toBe(setting);
      expect(await chooser.methodFor("http://127.0.0.1:9/x")).toBe(setting);
    }
  });
});
