/**
 * Caches `compute(key)` for as long as the key object lives (the latest key is also held until the next call). Statement and document facts that several rules ask
 * for (a load's source tokens, a DELETE's filter columns) are then derived once per parse, not once per question.
 * Callers must treat the cached value as read-only.
 */
export function memoize<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  // Rules ask about the statement they are visiting several times in a row: skip the hash lookup then.
  let lastKey: K | null = null;
  let lastValue: V | undefined;
  return (key: K): V => {
    if (key === lastKey) return lastValue as V;
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = compute(key);
      cache.set(key, value);
    }
    lastKey = key;
    lastValue = value;
    return value as V;
  };
}
