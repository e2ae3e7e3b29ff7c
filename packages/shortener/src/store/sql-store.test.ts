import { afterAll } from "vitest";
import { openTestDatabase, TEST_ENGINES, type TestDatabase } from "../testing/test-database";
import { SqlStore } from "./sql-store";
import { describeShortenerStore } from "./store-contract";

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((database) => database.drop())));

for (const engine of TEST_ENGINES) {
  describeShortenerStore(engine, async () => {
    const database = await openTestDatabase(engine);
    databases.push(database);
    return new SqlStore(database.sql);
  });
}
