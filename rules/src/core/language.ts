import { SQL_EXTENSIONS, TS_EXTENSIONS } from '../constants.js';

export type Language = 'sql' | 'ts';

/** The language pipelint lints a file as, from its name; null when it does not lint it. */
export function languageOf(filename: string): Language | null {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.d.ts')) return null;
  if (SQL_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'sql';
  if (TS_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'ts';
  return null;
}
