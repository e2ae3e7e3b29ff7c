/**
 * Keeps link ids in change order so a feed page costs O(log n + page) instead of a sort of every link.
 * An edit appends the link again with its new sequence number; the old entry goes stale and is skipped,
 * and stale entries are dropped once they outnumber the live ones.
 */
export class ChangeFeedIndex {
  private entries: { readonly seq: number; readonly id: string }[] = [];
  private readonly liveSeq = new Map<string, number>();

  /** `seq` must be higher than every sequence added before. */
  add(id: string, seq: number): void {
    if (this.liveSeq.has(id)) this.compactIfMostlyStale();
    this.entries.push({ seq, id });
    this.liveSeq.set(id, seq);
  }

  /** Ids changed after `afterSeq`, in change order, at most `limit`; `hasMore` when later changes remain. */
  page(afterSeq: number, limit: number): { ids: string[]; hasMore: boolean } {
    const ids: string[] = [];
    for (let i = this.firstIndexAfter(afterSeq); i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (this.liveSeq.get(entry.id) !== entry.seq) continue;
      if (ids.length === limit) return { ids, hasMore: true };
      ids.push(entry.id);
    }
    return { ids, hasMore: false };
  }

  private firstIndexAfter(seq: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entries[mid]!.seq <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private compactIfMostlyStale(): void {
    if (this.entries.length < 1024 || this.entries.length < this.liveSeq.size * 2) return;
    this.entries = this.entries.filter((entry) => this.liveSeq.get(entry.id) === entry.seq);
  }
}
