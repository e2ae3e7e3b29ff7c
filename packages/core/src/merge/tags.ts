export interface TagMergeInput {
  /** Tags at the last sync; `null` when unknown (never synced, or state lost): nothing is then removed. */
  readonly base: readonly string[] | null;
  /** Notion's tags now. */
  readonly notion: readonly string[];
  /** The link's tags now. */
  readonly link: readonly string[];
}

export interface TagMerge {
  /** Notion's order first, then tags only the link has, in the link's order. */
  readonly result: readonly string[];
  /** Notion's set differs from the result. */
  readonly writeNotion: boolean;
  /** The link's set differs from the result. */
  readonly writeLink: boolean;
}

/**
 * Three-way set merge of the contract: (N ∪ P) minus every tag that is in B but missing from N or from P.
 * A tag removed on either side since the last sync is removed; a tag added on either side is kept.
 */
export function mergeTags({ base, notion, link }: TagMergeInput): TagMerge {
  const inNotion = new Set(notion);
  const inLink = new Set(link);
  const removed = new Set((base ?? []).filter((tag) => !inNotion.has(tag) || !inLink.has(tag)));
  const result = [...new Set([...notion, ...link])].filter((tag) => !removed.has(tag));
  return { result, writeNotion: !sameSet(inNotion, result), writeLink: !sameSet(inLink, result) };
}

function sameSet(set: ReadonlySet<string>, list: readonly string[]): boolean {
  return set.size === list.length && list.every((tag) => set.has(tag));
}
