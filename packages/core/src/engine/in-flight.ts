/**
 * Runs an async task per item with at most `limit` in flight, in item order of start. The engine keeps enough rows in
 * flight to keep the connection's scheduler busy; the scheduler, not this pool, decides the request rate.
 */
export async function forEachInFlight<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  for await (const item of items) {
    if (failure) break;
    const p: Promise<void> = task(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(p));
    running.add(p);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw (failure as { error: unknown }).error;
}
