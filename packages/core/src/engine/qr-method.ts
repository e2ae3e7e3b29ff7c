import { isPublicHost, type Resolve, systemResolve } from "@linksync/webhook-protocol";
import { qrImageUrlFor } from "../planning/qr-file-name";
import type { QrImages } from "./database-context";

/** How one QR gets into Notion: the setting, with `auto` decided. */
export type QrMethod = "upload" | "import" | "link";

/**
 * Decides `qrImages: auto` for a short URL: `import` when Notion can fetch the link's QR image itself (an https URL
 * on a public host: Notion's servers reach the public internet only), `upload` otherwise (a shortener on a laptop's
 * loopback, a private network or plain http, as in a local demo). Pure but for the host's DNS answer, asked once
 * per host and run. Should Notion still refuse the import or fail it, engine/qr-imports.ts falls back to uploads.
 */
export class QrMethodChooser {
  private readonly hosts = new Map<string, Promise<boolean>>();

  constructor(
    private readonly setting: QrImages,
    private readonly resolve: Resolve = systemResolve,
  ) {}

  /** The method for a setting that needs no URL; `null` for `auto`, which depends on it. */
  get fixed(): QrMethod | null {
    return this.setting === "auto" ? null : this.setting;
  }

  async methodFor(shortUrl: string): Promise<QrMethod> {
    if (this.setting !== "auto") return this.setting;
    let url: URL;
    try {
      url = new URL(qrImageUrlFor(shortUrl));
    } catch {
      return "upload";
    }
    if (url.protocol !== "https:") return "upload";
    let publicHost = this.hosts.get(url.hostname);
    if (publicHost === undefined) {
      publicHost = isPublicHost(url.hostname, this.resolve);
      this.hosts.set(url.hostname, publicHost);
    }
    return (await publicHost) ? "import" : "upload";
  }
}
