import { REQUEST_PRIORITIES, type RequestPriority } from "./scheduler-types";

/**
 * The requests waiting for their turn or a retry: one line per class, highest class first; within a class, in
 * submission order (`seq`), so a retried request keeps its place in line.
 */
export class WaitingLine<E extends { readonly seq: number; readonly priority: RequestPriority }> {
  private readonly lines = new Map<RequestPriority, E[]>(REQUEST_PRIORITIES.map((p) => [p, []]));

  add(entry: E): void {
    const line = this.lineOf(entry);
    let index = line.length;
    while (index > 0 && line[index - 1]!.seq > entry.seq) index--;
    line.splice(index, 0, entry);
  }

  remove(entry: E): void {
    const line = this.lineOf(entry);
    const index = line.indexOf(entry);
    if (index >= 0) line.splice(index, 1);
  }

  get size(): number {
    let count = 0;
    for (const line of this.lines.values()) count += line.length;
    return count;
  }

  /** Every waiting request, the highest class first, each class in line order. */
  *inOrder(): Generator<E> {
    for (const priority of REQUEST_PRIORITIES) yield* this.lineOf({ priority });
  }

  private lineOf(entry: { readonly priority: RequestPriority }): E[] {
    return this.lines.get(entry.priority)!;
  }
}
