type OpKind = ' ' | '-' | '+';

interface Op {
  kind: OpKind;
  line: string;
}

/** Beyond this many cells the middle of a diff is shown as one replaced block, to bound memory. */
const MAX_LCS_CELLS = 4_000_000;

/** A unified diff (`diff -u` style, 3 lines of context); the empty string when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const ops = diffLines(splitKeepingEnds(oldText), splitKeepingEnds(newText));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (const [from, to] of hunkRanges(ops, context)) for (const line of renderHunk(ops, from, to)) out.push(line);
  return `${out.join('\n')}\n`;
}

function splitKeepingEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const middle = diffMiddle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
  const same = (line: string): Op => ({ kind: ' ', line });
  return [...a.slice(0, prefix).map(same), ...middle, ...a.slice(a.length - suffix).map(same)];
}

/** Longest-common-subsequence edit script; deletions come before insertions within a change. */
function diffMiddle(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length * b.length > MAX_LCS_CELLS) {
    return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  }
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++] });
      j++;
    } else if (j >= b.length || (i < a.length && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      ops.push({ kind: '-', line: a[i++] });
    } else {
      ops.push({ kind: '+', line: b[j++] });
    }
  }
  return ops;
}

/** [from, to) op index ranges of the hunks: changes closer than twice the context share a hunk. */
function hunkRanges(ops: readonly Op[], context: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let lastChange = -Infinity;
  ops.forEach((op, i) => {
    if (op.kind === ' ') return;
    const from = Math.max(0, i - context);
    const current = ranges[ranges.length - 1];
    if (current && i - lastChange <= 2 * context + 1) current[1] = Math.min(ops.length, i + context + 1);
    else ranges.push([from, Math.min(ops.length, i + context + 1)]);
    lastChange = i;
  });
  return ranges;
}

function renderHunk(ops: readonly Op[], from: number, to: number): string[] {
  const oldBefore = countLines(ops, 0, from, '+');
  const newBefore = countLines(ops, 0, from, '-');
  const oldLength = countLines(ops, from, to, '+');
  const newLength = countLines(ops, from, to, '-');
  const lines = [`@@ -${hunkSide(oldBefore, oldLength)} +${hunkSide(newBefore, newLength)} @@`];
  for (const op of ops.slice(from, to)) {
    const body = op.line.endsWith('\n') ? op.line.slice(0, -1) : op.line;
    lines.push(`${op.kind}${body}`);
    if (!op.line.endsWith('\n')) lines.push('\\ No newline at end of file');
  }
  return lines;
}

/** Lines on one side of the diff: every op except those of the other side's kind. */
function countLines(ops: readonly Op[], from: number, to: number, otherSide: OpKind): number {
  let n = 0;
  for (let i = from; i < to; i++) if (ops[i].kind !== otherSide) n++;
  return n;
}

/** As GNU diff: an empty side is numbered by the line before it, and a length of 1 is left out. */
function hunkSide(before: number, length: number): string {
  if (length === 1) return `${before + 1}`;
  return `${length === 0 ? before : before + 1},${length}`;
}
