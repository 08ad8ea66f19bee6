import picomatch from 'picomatch';

const cache = new Map<string, (name: string) => boolean>();
const CACHE_LIMIT = 64;

/**
 * A case-insensitive matcher for table-name globs (`allowTables`), compiled once per distinct list: rules are
 * created for every file linted, and compiling the default lists on each file was a measurable share of a lint.
 */
export function tableGlobMatcher(globs: readonly string[]): ((name: string) => boolean) | null {
  if (globs.length === 0) return null;
  const key = JSON.stringify(globs);
  let match = cache.get(key);
  if (match === undefined) {
    match = picomatch([...globs], { nocase: true, dot: true });
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, match);
  }
  return match;
}
