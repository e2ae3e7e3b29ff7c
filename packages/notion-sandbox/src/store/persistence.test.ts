import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isFullPage } from "@notionhq/client";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox } from "../sandbox";
import { sdkClient } from "../testing/sdk-sandbox";

let directory: string | undefined;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

describe("persistence", () => {
  it("keeps the workspace in a JSON file across restarts, with tokens stored only as hashes", async () => {
    directory = await mkdtemp(join(tmpdir(), "notion-sandbox-"));
    const persistPath = join(directory, "workspace.json");
    const first = await startSandbox({ rateLimit: false, persistPath });
    const seed = await first.control.seedCampaign({ rows: 3 });
    await sdkClient(first, seed.token).pages.update({
      page_id: seed.pageIds[0] ?? "",
      properties: { "Short URL": { url: "https://lnk.example/kept" } },
    });
    await first.close();

    expect(await readFile(persistPath, "utf8")).not.toContain(seed.token);

    const second = await startSandbox({ rateLimit: false, persistPath });
    try {
      const page = await sdkClient(second, seed.token).pages.retrieve({ page_id: seed.pageIds[0] ?? "" });
      expect(isFullPage(page) && page.properties["Short URL"]).toMatchObject({
        url: "https://lnk.example/kept",
      });
    } finally {
      await second.close();
    }
  });
});
