/**
 * Case-insensitive glob matchers of rule options, compiled once per list of globs: rules are created
 * for every file, and compiling the same `allowTables` globs for each of them cost more than matching.
 * picomatch loads with the first list that is not empty.
 */
const compiled = new Map<string, (text: string) => boolean>();
/** Configs are few; the bound only keeps a long-lived server from growing without limit. */
const LIMIT = 64;

export function globMatcher(globs: readonly string[]): ((text: string) => boolean) | null {
  if (globs.length === 0) return null;
  const key = JSON.stringify(globs);
  let match = compiled.get(key);
  if (match === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const picomatch = require('picomatch') as typeof import('picomatch');
    match = picomatch([...globs], { nocase: true, dot: true });
    if (compiled.size >= LIMIT) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, match);
  }
  return match;
}
