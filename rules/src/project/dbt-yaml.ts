import type { Document, LineCounter } from 'yaml';
import { yaml } from './yaml-lib.js';

/**
 * dbt reads YAML with PyYAML, which accepts one thing the `yaml` library (YAML 1.2, strict on indentation) rejects
 * and real projects write: a multi-line quoted scalar whose continuation lines are indented no deeper than its key
 *
 *     model_condition: "where tx_id in ('a',
 *     'b')"
 *
 * A file dbt builds must not be reported as broken. When the strict parse fails, such continuation lines are indented
 * under their key and the file is parsed again; offsets in the repaired text map back to the file's own.
 */

export interface ParsedDbtYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The text that was parsed (the file's, or the repaired one). */
  text: string;
  /** An offset in `text` as an offset in the file. */
  toOriginal: (offset: number) => number;
}

const OPTIONS = { prettyErrors: false, uniqueKeys: false } as const;

/** Parses a dbt YAML file as PyYAML would read it (see above). Errors, if any remain, are the strict parse's. */
export function parseDbtYaml(text: string): ParsedDbtYaml {
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { ...OPTIONS, lineCounter });
  const identity = { doc, lineCounter, text, toOriginal: (offset: number) => offset };
  if (doc.errors.length === 0) return identity;
  const repaired = reindentQuotedContinuations(text);
  if (repaired === null) return identity;
  const counter = new (yaml().LineCounter)();
  const second = yaml().parseDocument(repaired.text, { ...OPTIONS, lineCounter: counter });
  if (second.errors.length > 0) return identity;
  return { doc: second, lineCounter: counter, text: repaired.text, toOriginal: repaired.toOriginal };
}

/** Continuation lines of block-context quoted scalars indented past their key, or null when there are none. */
function reindentQuotedContinuations(text: string): { text: string; toOriginal: (offset: number) => number } | null {
  const lines = text.split('\n');
  /** Per line: how many spaces were added at its start. */
  const added = new Array<number>(lines.length).fill(0);
  let open: { quote: string; indent: number } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let from = 0;
    if (open !== null) {
      const indent = /^ */.exec(line)?.[0].length ?? 0;
      if (line.trim() !== '' && indent <= open.indent) added[i] = open.indent + 2 - indent;
    } else {
      // A quoted value starts right after `key: ` or `- `.
      const start = /^( *)(?:- +)?(?:[^\s#'"][^:#]*: +|- +)?(["'])/.exec(line);
      if (start === null) continue;
      open = { quote: start[2], indent: start[1].length };
      from = start[0].length;
    }
    const close = closingQuote(line, from, open.quote);
    if (close >= 0) open = null;
  }
  if (added.every((n) => n === 0)) return null;
  const starts: number[] = [];
  let offset = 0;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    starts.push(offset);
    const patched = ' '.repeat(added[i]) + lines[i];
    out.push(patched);
    offset += patched.length + 1;
  }
  const originalStarts: number[] = [];
  let o = 0;
  for (const line of lines) {
    originalStarts.push(o);
    o += line.length + 1;
  }
  const toOriginal = (at: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return originalStarts[lo] + Math.max(0, at - starts[lo] - added[lo]);
  };
  return { text: out.join('\n'), toOriginal };
}

/** Index of the quote that closes a scalar opened before `from` on this line, or -1. */
function closingQuote(line: string, from: number, quote: string): number {
  for (let j = from; j < line.length; j++) {
    const c = line[j];
    if (quote === '"' && c === '\\') {
      j++;
      continue;
    }
    if (c !== quote) continue;
    if (quote === "'" && line[j + 1] === "'") {
      j++;
      continue;
    }
    return j;
  }
  return -1;
}
