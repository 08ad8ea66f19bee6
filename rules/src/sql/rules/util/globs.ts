import picomatch from 'picomatch';

const matchers = new Map<string, (name: string) => boolean>();

/**
 * A case-insensitive matcher for these globs, compiled once per process: SQL embedded in TypeScript or Python runs
 * the SQL rules once per function, and compiling the same globs each time cost more than the rules themselves.
 */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const key = JSON.stringify(globs);
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = picomatch([...globs], { nocase: true, dot: true });
    matchers.set(key, matcher);
  }
  return matcher;
}
