/**
 * Zapier's pagination for dropdowns and polling triggers (`canPaginate`): `bundle.meta.page` counts from 0 and each
 * page holds about 100 items, the most Notion returns per request.
 */
export const PAGE_SIZE = 100;

export function pageNumber(meta: { readonly page?: unknown } | undefined): number {
  const page = Number(meta?.page ?? 0);
  return Number.isInteger(page) && page > 0 ? page : 0;
}

/** Items `[page * PAGE_SIZE, (page + 1) * PAGE_SIZE)` of an ordered stream, reading no further than that. */
export async function pageOf<T>(items: AsyncIterable<T>, page: number): Promise<T[]> {
  const start = page * PAGE_SIZE;
  const taken: T[] = [];
  let index = 0;
  for await (const item of items) {
    if (index >= start) taken.push(item);
    index++;
    if (taken.length >= PAGE_SIZE) break;
  }
  return taken;
}
