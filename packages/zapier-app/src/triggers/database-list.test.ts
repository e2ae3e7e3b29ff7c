import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LiveServices, startLiveServices } from "../testing/live-services";
import { perform as databaseList } from "./database-list";

let live: LiveServices;
beforeEach(async () => {
  live = await startLiveServices();
});
afterEach(async () => {
  await live.close();
});

describe("List Databases (hidden)", () => {
  it("lists the databases shared with the integration for the Database dropdown", async () => {
    const options = await live.appTester(databaseList, { authData: live.authData });
    expect(options).toEqual([{ id: live.dataSourceId, name: "Linksync Links" }]);
  });
});
