/**
 * Caches `compute(key)` for as long as the key object lives. Statement and document facts that several rules ask
 * for (a load's source tokens, a DELETE's filter columns) are then derived once per parse, not once per question.
 * Callers must treat the cached value as read-only.
 */
export function memoize<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key: K): V => {
    const cached = cache.get(key);
    if (cached !== undefined || cache.has(key)) return cached as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
