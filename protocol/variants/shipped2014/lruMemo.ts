// A bounded memo of a pure function, least recently used entry dropped first: the shipped-2014 model
// memoises RSA key generation (installKey.ts), and a bound keeps a long run's memory flat. Because
// the function is pure, the bound changes only how often it runs, never what it returns.
import { UsageError } from '../../errors.ts';

export interface LruMemo<V> {
  /** The value for `key`: remembered, or made by `make` and remembered (dropping the least recently used past the capacity). */
  get(key: string, make: () => V): V;
  readonly size: number;
}

export function lruMemo<V>(capacity: number): LruMemo<V> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new UsageError(`lruMemo: capacity ${capacity} is not a positive integer`);
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  const entries = new Map<string, V>();
  return {
    get(key, make) {
      const hit = entries.get(key);
      const value = hit === undefined ? make() : hit;
      entries.delete(key);
      while (entries.size >= capacity) {
        const leastRecent = entries.keys().next();
        if (leastRecent.done === true) break;
        entries.delete(leastRecent.value);
      }
      entries.set(key, value);
      return value;
    },
    get size() {
      return entries.size;
    },
  };
}
