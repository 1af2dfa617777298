// Two list operations the worker needs in many places, written once.

/** `items` in consecutive slices of at most `size` items, in order; the last may be shorter. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a chunk size must be a whole number above 0, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Adds `value` to the list under `key`, starting that list if there is none; the list grows in place, never copied. */
export function append<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}
