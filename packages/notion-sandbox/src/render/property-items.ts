import type {
  PartialUserObjectResponse,
  PropertyItemListResponse,
  PropertyItemObjectResponse,
  UserObjectResponse,
} from "@notionhq/client";
import { paginate } from "../query/pagination";
import type { PagePropertyValue } from "./property-values";

/**
 * `GET /v1/pages/{id}/properties/{property_id}`: list-valued properties (title, rich_text, people)
 * come back as a paginated list of property items, the others as one property item.
 */
export function renderPropertyItem(
  value: PagePropertyValue,
  startCursor: string | undefined,
  pageSize: number,
): PropertyItemObjectResponse | PropertyItemListResponse {
  const { id } = value;
  const page = (header: PropertyItemListResponse["property_item"], items: PropertyItemObjectResponse[]) =>
    listOf(header, items, startCursor, pageSize);
  switch (value.type) {
    case "title":
      return page(
        { type: "title", title: {}, next_url: null, id },
        value.title.map((title) => ({ object: "property_item", id, type: "title", title })),
      );
    case "rich_text":
      return page(
        { type: "rich_text", rich_text: {}, next_url: null, id },
        value.rich_text.map((richText) => ({
          object: "property_item",
          id,
          type: "rich_text",
          rich_text: richText,
        })),
      );
    case "people":
      return page(
        { type: "people", people: {}, next_url: null, id },
        value.people
          .filter(isUser)
          .map((people) => ({ object: "property_item", id, type: "people", people })),
      );
    case "relation":
    case "rollup":
    case "formula":
    case "button":
    case "place":
    case "verification":
      throw new Error(`The sandbox does not render ${value.type} property items.`);
    default:
      return { object: "property_item", ...value };
  }
}

function isUser(candidate: { object: string }): candidate is UserObjectResponse | PartialUserObjectResponse {
  return candidate.object === "user";
}

function listOf(
  header: PropertyItemListResponse["property_item"],
  items: PropertyItemObjectResponse[],
  startCursor: string | undefined,
  pageSize: number,
): PropertyItemListResponse {
  const indexed = items.map((item, index) => ({ item, cursor: String(index) }));
  const slice = paginate(indexed, (entry) => entry.cursor, startCursor, pageSize);
  return {
    object: "list",
    results: slice.results.map((entry) => entry.item),
    next_cursor: slice.next_cursor,
    has_more: slice.has_more,
    type: "property_item",
    property_item: header,
  };
}
