/**
 * Anti-flicker for SQL being typed. While a statement is half written, its findings come and go with every
 * keystroke (a blind-insert squiggle appears at `INSERT INTO t`, moves as the target grows, vanishes at an open
 * parenthesis...). The server keeps the previous result for that one statement until it is finished, and shows
 * fresh findings everywhere else.
 *
 * Precisely: the edited statement is, in the text before the edit, the span between the last `;` before the
 * edit (or the start of the document) and the first `;` at or after it (or the end of the document), `;` inside
 * strings, quoted names and comments not counting; in the new text, the same span moved by the edit. When the
 * new span holds a `;` of its own the statement was split and is linted afresh. Otherwise it is **unfinished** when
 *   (a) it has a bracket `(`, `[` or `{` (Jinja included) that is not closed, or a string, quoted name or block
 *       comment that is not closed; or
 *   (b) it runs to the end of the document, is not blank, and has no `;` although the document before the edit
 *       ended a statement with `;` (a script that terminates its statements; a dbt model, which has none, is never
 *       unfinished by this clause).
 * For an unfinished statement, the findings of the previous result that lay inside that statement are kept,
 * moved by the length change of the edit when they lay after it, and without their fixes (a fix computed for
 * other text could change bytes it does not mean to); the new result's findings inside it are dropped.
 */
import type { Finding, Position } from '@pipelint/engine';

export interface LintSnapshot {
  text: string;
  findings: readonly Finding[];
}

interface Scan {
  /** Offsets of the top-level `;` terminators. */
  terminators: number[];
  /** Offsets where an unclosed bracket, quote or block comment opened (none when all are closed). */
  unclosed: number[];
}

const OPEN = '([{';
const CLOSE = ')]}';

/** One pass over SQL text: top-level `;` offsets and the openers still unclosed at the end. */
function scan(text: string): Scan {
  const terminators: number[] = [];
  const brackets: number[] = [];
  let i = 0;
  let unclosedQuote = -1;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        unclosedQuote = i;
        break;
      }
      i = end + 2;
    } else if (ch === '{' && next === '#') {
      const end = text.indexOf('#}', i + 2);
      if (end < 0) {
        unclosedQuote = i;
        break;
      }
      i = end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      for (;;) {
        j = text.indexOf(ch, j);
        if (j < 0 || text[j + 1] !== ch) break;
        j += 2; // a doubled quote is an escaped one
      }
      if (j < 0) {
        unclosedQuote = i;
        break;
      }
      i = j + 1;
    } else if (ch === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i, i + 34))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 34))![0];
      const end = text.indexOf(tag, i + tag.length);
      if (end < 0) {
        unclosedQuote = i;
        break;
      }
      i = end + tag.length;
    } else {
      if (OPEN.includes(ch)) brackets.push(i);
      else if (CLOSE.includes(ch)) brackets.pop();
      else if (ch === ';') {
        // A `;` ends the statement at any bracket depth: an unclosed `(` must not swallow the statements after it.
        terminators.push(i);
        brackets.length = 0;
      }
      i++;
    }
  }
  return { terminators, unclosed: unclosedQuote >= 0 ? [...brackets, unclosedQuote] : brackets };
}

/** The edit between two texts as the common prefix and suffix leave it: [start, oldEnd) became [start, newEnd). */
export function editBetween(before: string, after: string): { start: number; oldEnd: number; newEnd: number } | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

export interface UnfinishedStatement {
  /** The statement's span in the new text, [from, to): `to` is its `;` or the end of the document. */
  from: number;
  to: number;
  /** The same statement's span in the previous text. */
  oldFrom: number;
  oldTo: number;
  /** How far text after the edit moved. */
  delta: number;
}

/** The edited statement when it is unfinished (see the module comment), otherwise null. */
export function unfinishedStatement(before: string, after: string): UnfinishedStatement | null {
  const edit = editBetween(before, after);
  if (edit === null) return null;
  // Statement boundaries come from the previous text, whose quotes and brackets were all closed as far as the
  // edit is concerned: an open quote typed now must not make the rest of the document one long string.
  const old = scan(before).terminators;
  const previous = old.filter((t) => t < edit.start).pop();
  const next = old.find((t) => t >= edit.oldEnd);
  const delta = edit.newEnd - edit.oldEnd;
  const from = previous === undefined ? 0 : previous + 1;
  const oldTo = next ?? before.length;
  const to = next === undefined ? after.length : next + delta;
  const statement = scan(after.slice(from, to));
  // A `;` typed into the statement splits it: the structure changed, so it is linted afresh.
  if (statement.terminators.length > 0) return null;
  const openInside = statement.unclosed.length > 0;
  const runsOut = next === undefined && old.length > 0 && after.slice(from, to).trim().length > 0;
  if (!openInside && !runsOut) return null;
  return { from, to, oldFrom: from, oldTo, delta };
}

function positionIn(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** A previous finding moved into the new text, without the fixes computed for the old text. */
function moved(finding: Finding, statement: UnfinishedStatement, after: string, editEnd: number): Finding {
  const shift = (offset: number): number => Math.min(after.length, offset >= editEnd ? offset + statement.delta : offset);
  const start = shift(finding.range.start.offset);
  const end = Math.max(start, shift(finding.range.end.offset));
  const { fix: _fix, suggestions: _suggestions, related: _related, ...rest } = finding;
  return { ...rest, range: { start: positionIn(after, start), end: positionIn(after, end) } };
}

/**
 * The findings to show for `next`: its own, except inside an unfinished edited statement, where those of
 * `previous` stay. Returns `next.findings` itself when nothing is held.
 */
export function holdUnfinished(previous: LintSnapshot, next: LintSnapshot): readonly Finding[] {
  const statement = unfinishedStatement(previous.text, next.text);
  if (statement === null) return next.findings;
  const edit = editBetween(previous.text, next.text)!;
  const insideOld = (f: Finding): boolean => f.range.start.offset >= statement.oldFrom && f.range.start.offset < Math.max(statement.oldTo, statement.oldFrom + 1);
  const insideNew = (f: Finding): boolean => f.range.start.offset >= statement.from && f.range.start.offset < Math.max(statement.to, statement.from + 1);
  const kept = previous.findings.filter(insideOld).map((f) => moved(f, statement, next.text, edit.oldEnd));
  const fresh = next.findings.filter((f) => !insideNew(f));
  return [...fresh, ...kept].sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId));
}
