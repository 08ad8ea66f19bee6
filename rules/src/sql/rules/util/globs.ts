const cache = new Map<string, (name: string) => boolean>();
/** Configs are few; the bound only keeps a long-lived server from growing without limit. */
const CACHE_LIMIT = 64;

/**
 * A case-insensitive matcher for these globs, compiled once per distinct list: rules are created for every file
 * linted, and for each group of SQL embedded in TypeScript or Python; compiling the same default lists each time
 * cost more than the rules themselves. picomatch loads with the first list compiled.
 */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const key = JSON.stringify(globs);
  let match = cache.get(key);
  if (match === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const picomatch = require('picomatch') as typeof import('picomatch');
    match = picomatch([...globs], { nocase: true, dot: true });
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, match);
  }
  return match;
}

/** The matcher of a table-name list (`allowTables`), or null when the list is empty and nothing is allowed. */
export function tableGlobMatcher(globs: readonly string[]): ((name: string) => boolean) | null {
  return globs.length === 0 ? null : globMatcher(globs);
}
