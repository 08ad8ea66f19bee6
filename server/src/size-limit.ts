export interface SizeCheck {
  /** The text to lint: all of it, a prefix ending at a line break, or '' when nothing can be cut sensibly. */
  text: string;
  /** Size of the whole document in bytes (UTF-8). */
  bytes: number;
  outcome: 'whole' | 'truncated' | 'skipped';
}

/**
 * Keeps a file under `limitKb` by linting a prefix that ends at a line break (for SQL, preferably after the
 * last complete statement in it), so a cut never splits a token and fewer false findings come from a
 * half statement. A file whose first line alone is over the limit is skipped.
 */
export function applySizeLimit(text: string, limitKb: number, language: 'sql' | 'ts' | 'py'): SizeCheck {
  const limit = Math.max(0, Math.floor(limitKb * 1024));
  // UTF-8 needs at most 3 bytes per UTF-16 unit: short texts need no byte count.
  if (text.length * 3 <= limit) return { text, bytes: Buffer.byteLength(text), outcome: 'whole' };
  const bytes = Buffer.byteLength(text);
  if (bytes <= limit) return { text, bytes, outcome: 'whole' };
  // Decoding a byte prefix may end in a broken character; the cut at the last line break drops it.
  const head = Buffer.from(text.slice(0, limit)).subarray(0, limit).toString('utf8');
  const lineEnd = head.lastIndexOf('\n');
  if (lineEnd < 0) return { text: '', bytes, outcome: 'skipped' };
  let prefix = head.slice(0, lineEnd + 1);
  if (language === 'sql') prefix = cutAfterLastStatement(prefix);
  return { text: prefix, bytes, outcome: 'truncated' };
}

function cutAfterLastStatement(prefix: string): string {
  // Walks lines backwards; stops at the middle so a file of one long statement still keeps its first half.
  let lineEnd = prefix.length - 1;
  while (lineEnd > prefix.length / 2) {
    const lineStart = prefix.lastIndexOf('\n', lineEnd - 1) + 1;
    if (prefix.slice(lineStart, lineEnd).trimEnd().endsWith(';')) return prefix.slice(0, lineEnd + 1);
    lineEnd = lineStart - 1;
  }
  return prefix;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}
