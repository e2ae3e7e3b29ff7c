import {
  type Client,
  isFullPage,
  iteratePaginatedAPI,
  type PageObjectResponse,
  type QueryDataSourceParameters,
} from "@notionhq/client";
import type { CallOptions, DataSourceQuery, DataSourceQueryInput } from "./gateway-port";
import { malformed, type ScheduledCall } from "./scheduled-call";

/** A data source's rows as the caller iterates, 100 per scheduled request; `completeness` says whether Notion cut it short. */
export function queryDataSource(
  client: Client,
  call: ScheduledCall,
  input: DataSourceQueryInput,
  callOptions?: CallOptions,
): DataSourceQuery {
  let completeness: DataSourceQuery["completeness"] = "pending";
  const fetchPage = async (args: QueryDataSourceParameters) => {
    const response = await call("dataSources.query", callOptions, () => client.dataSources.query(args));
    if (response.request_status?.type === "incomplete") completeness = "incomplete";
    return response;
  };
  const firstPage: QueryDataSourceParameters = {
    data_source_id: input.dataSourceId,
    page_size: Math.min(100, input.pageSize ?? 100),
    ...(input.filter ? { filter: input.filter } : {}),
    ...(input.sorts ? { sorts: input.sorts } : {}),
    ...(input.filterProperties ? { filter_properties: [...input.filterProperties] } : {}),
  };
  async function* rows(): AsyncGenerator<PageObjectResponse> {
    for await (const result of iteratePaginatedAPI(fetchPage, firstPage)) {
      if (isFullPage(result)) yield result;
      // Wiki data sources may list child data sources: they are not rows. A partial page is a broken answer.
      else if (result.object === "page") throw malformed("dataSources.query", "page");
    }
    if (completeness === "pending") completeness = "complete";
  }
  return {
    [Symbol.asyncIterator]: rows,
    get completeness() {
      return completeness;
    },
  };
}
