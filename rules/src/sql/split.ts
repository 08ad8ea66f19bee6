import type { Dialect, ParseProblem, Token } from './model.js';

/** A statement's tokens: `tokens[from, to)`, the delimiter (if any) excluded. */
export interface Segment {
  from: number;
  to: number;
}

/** Words after BEGIN that make it a transaction statement rather than a block. */
const TRANSACTION_BEGIN_NEXT = new Set(['TRANSACTION', 'TRAN', 'WORK', 'ISOLATION', 'READ', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'NAME', 'DISTRIBUTED']);
/** Words after BEGIN that show it is a column or alias named `begin`. */
const NOT_BLOCK_NEXT = new Set(['FROM', 'AS', 'WHERE', 'AND', 'OR', 'IS', 'IN', 'THEN', 'END', 'ASC', 'DESC', 'BETWEEN', 'LIKE', 'ON', 'INTO']);
/** `END IF`, `END LOOP`... close constructs the tracker does not count. */
const UNTRACKED_END_NEXT = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT', 'FOR']);
/** Dialects whose top-level `BEGIN` always starts a transaction: they have no top-level scripting blocks. */
const TRANSACTION_ONLY_BEGIN = new Set<Dialect>(['postgres', 'redshift', 'sqlite', 'mysql']);

export function isComment(token: Token): boolean {
  return token.kind === 'comment' || token.kind === 'jinja-comment';
}

export function nextSignificant(tokens: readonly Token[], i: number, to: number): Token | null {
  const j = nextSignificantIndex(tokens, i, to);
  return j < 0 ? null : tokens[j];
}

function nextSignificantIndex(tokens: readonly Token[], i: number, to: number): number {
  for (let j = i + 1; j < to; j++) if (!isComment(tokens[j])) return j;
  return -1;
}

export function previousSignificant(tokens: readonly Token[], i: number, from: number): Token | null {
  for (let j = i - 1; j >= from; j--) if (!isComment(tokens[j])) return tokens[j];
  return null;
}

/** True when `tokens[i]` (the word BEGIN) opens a BEGIN...END block rather than a transaction or naming a column. */
export function opensBlock(tokens: readonly Token[], i: number, from: number, to: number, topLevelStart: boolean, dialect: Dialect): boolean {
  const prev = previousSignificant(tokens, i, from);
  if (prev !== null && prev.kind === 'punct' && prev.text === '.') return false;
  const next = nextSignificant(tokens, i, to);
  if (next === null || next.delimiter === true) return false;
  if (next.kind === 'word' && (TRANSACTION_BEGIN_NEXT.has(next.value) || NOT_BLOCK_NEXT.has(next.value))) return false;
  if (next.kind === 'operator' || (next.kind === 'punct' && next.text !== '(')) return false;
  if (topLevelStart && TRANSACTION_ONLY_BEGIN.has(dialect)) return false;
  return true;
}

type Frame = 'begin' | 'case' | 'declare';

/** Tracks BEGIN/CASE/END nesting so that `;` inside scripting and procedure blocks does not end the statement. */
export class BlockTracker {
  readonly stack: Frame[] = [];
  /** Token index of the outermost open frame's opener. */
  opener = -1;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly from: number,
    private readonly to: number,
    private readonly dialect: Dialect,
    private readonly nested: boolean,
  ) {}

  get depth(): number {
    return this.stack.length;
  }

  /** Feeds the word at `i`; `atStart` tells whether it starts a statement. */
  feed(i: number, atStart: boolean): void {
    const token = this.tokens[i];
    switch (token.value) {
      case 'BEGIN':
        if (!opensBlock(this.tokens, i, this.from, this.to, atStart && !this.nested && this.stack.length === 0, this.dialect)) return;
        if (this.stack.length > 0 && this.stack[this.stack.length - 1] === 'declare') this.stack[this.stack.length - 1] = 'begin';
        else this.push('begin', i);
        return;
      case 'CASE':
        // A CASE starting a statement is a procedural CASE ... END CASE, whose branches are statements; the CASE of
        // `END CASE` closes one and opens nothing.
        if (this.stack.length > 0 && !atStart && !this.afterDot(i) && !this.afterEnd(i)) this.push('case', i);
        return;
      case 'DECLARE':
        if (atStart && this.stack.length === 0 && !this.nested && this.dialect === 'snowflake') this.push('declare', i);
        return;
      case 'END':
        this.end(i);
        return;
    }
  }

  private afterEnd(i: number): boolean {
    const prev = previousSignificant(this.tokens, i, this.from);
    return prev !== null && prev.kind === 'word' && prev.value === 'END';
  }

  private afterDot(i: number): boolean {
    const prev = previousSignificant(this.tokens, i, this.from);
    return prev !== null && prev.text === '.';
  }

  private push(frame: Frame, i: number): void {
    if (this.stack.length === 0) this.opener = i;
    this.stack.push(frame);
  }

  private end(i: number): void {
    if (this.stack.length === 0 || this.afterDot(i)) return;
    const next = nextSignificant(this.tokens, i, this.to);
    if (next !== null && next.kind === 'word') {
      if (UNTRACKED_END_NEXT.has(next.value)) return;
      if (next.value === 'CASE') {
        if (this.stack[this.stack.length - 1] === 'case') this.stack.pop();
        return;
      }
    }
    this.stack.pop();
  }
}

/** Statements a PostgreSQL rule may run; anything else after a `;` in `DO (...)` means the list was never closed. */
const RULE_ACTION_VERBS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'NOTIFY', 'VALUES', 'WITH', 'TABLE']);

/** True when `tokens[from, to)` reads `CREATE [OR REPLACE] RULE`. */
function isRuleHeader(tokens: readonly Token[], from: number, to: number): boolean {
  const words: string[] = [];
  for (let i = from; i < to && words.length < 4; i++) {
    const t = tokens[i];
    if (isComment(t)) continue;
    if (t.kind !== 'word') return false;
    words.push(t.value);
    if (t.value === 'RULE') break;
  }
  return words.join(' ') === 'CREATE RULE' || words.join(' ') === 'CREATE OR REPLACE RULE';
}

/**
 * `CREATE RULE ... DO [ALSO | INSTEAD] (a; b)` runs several statements separated by `;`. Returns the index of the
 * `)` closing that list, or -1 when it does not close cleanly: a `;` deeper inside it, or one followed by something
 * no rule can run, means half-typed code, which must not swallow the statements after it.
 */
function ruleActionsEnd(tokens: readonly Token[], doAt: number, to: number): number {
  let open = nextSignificantIndex(tokens, doAt, to);
  if (open >= 0 && (tokens[open].value === 'ALSO' || tokens[open].value === 'INSTEAD')) open = nextSignificantIndex(tokens, open, to);
  if (open < 0 || tokens[open].kind !== 'punct' || tokens[open].text !== '(') return -1;
  let depth = 0;
  for (let i = open; i < to; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i;
    else if (t.delimiter === true && (depth > 1 || t.text !== ';' || !startsRuleAction(tokens, i, to))) return -1;
  }
  return -1;
}

function startsRuleAction(tokens: readonly Token[], semicolon: number, to: number): boolean {
  const next = nextSignificant(tokens, semicolon, to);
  if (next === null) return false;
  if (next.kind === 'punct') return next.text === ')' || next.text === '(' || next.text === ';';
  return next.kind === 'word' && RULE_ACTION_VERBS.has(next.value);
}

interface SplitPass {
  segments: Segment[];
  /** Start of the trailing segment and the opener of the block left open there, or -1. */
  openFrom: number;
  opener: number;
}

/** Verbs that only ever start a statement when they begin a line outside parentheses (see `unterminatedBefore`). */
const LINE_START_VERBS = new Set(['CREATE', 'DROP', 'ALTER', 'TRUNCATE']);
/** A statement starting with these may hold one of LINE_START_VERBS at the start of a line. */
const HOLDS_VERBS = new Set(['IF', 'ELSE', 'ELSIF', 'ELSEIF', 'WHILE', 'WHEN', 'BEGIN', 'DECLARE', 'FOR', 'LOOP', 'REPEAT', 'GRANT', 'REVOKE', 'EXECUTE', 'EXEC']);
/** After these words a statement goes on, whatever word starts the next line. */
const CONTINUES = new Set(['AS', 'DO', 'THEN', 'ELSE', 'BEGIN', 'INSTEAD', 'ALSO', 'EXECUTE', 'IMMEDIATE', 'ON', 'AND', 'OR', 'NOT', 'TO', 'FOR', 'WITH', 'BY', 'SET', 'IS', 'IN', 'LOOP', 'ADD', 'ALTER', 'DROP', 'CREATE', 'TRUNCATE', 'GRANT', 'REVOKE']);

/** Punctuation that can end a statement: a closed list, array or object constant. */
const CLOSERS = new Set([')', ']', '}']);

/** Facts about the segment being split that decide whether a line-start verb begins a new statement. */
interface OpenSegment {
  /** First and second significant SQL words of the segment, upper-cased; '' when none yet. */
  first: string;
  second: string;
  /** Parenthesis depth inside the segment. */
  parens: number;
  /** The last significant token before the current one, or null at the segment start. */
  last: Token | null;
}

/**
 * True when the word at `tokens[i]` starts a new statement although no `;` ended the one before: a DDL verb first
 * on its line, outside parentheses and blocks, after a token that can end a statement, in a segment whose own verb
 * cannot hold it there (`ALTER TABLE t` + newline + `DROP COLUMN c` is one statement).
 */
function unterminatedBefore(text: string, tokens: readonly Token[], i: number, open: OpenSegment): boolean {
  const token = tokens[i];
  const last = open.last;
  if (last === null || open.parens !== 0 || !LINE_START_VERBS.has(token.value)) return false;
  if (HOLDS_VERBS.has(open.first) || (open.first === 'ALTER' && token.value !== 'CREATE' && token.value !== 'TRUNCATE')) return false;
  if (open.first === 'CREATE' && open.second === 'SCHEMA' && token.value === 'CREATE') return false;
  if (last.kind === 'operator' || (last.kind === 'punct' && !CLOSERS.has(last.text)) || (last.kind === 'word' && CONTINUES.has(last.value))) return false;
  const previous = tokens[i - 1];
  if (previous.kind === 'comment' && previous.text.startsWith('/*')) return false;
  if (previous.kind === 'comment') return true;
  for (let k = previous.end; k < token.start; k++) if (text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13) return true;
  return false;
}

function splitPass(tokens: readonly Token[], from: number, to: number, dialect: Dialect, nested: boolean, blocks: boolean, text: string | null, problems: ParseProblem[] | null): SplitPass {
  const segments: Segment[] = [];
  let start = from;
  let tracker = new BlockTracker(tokens, from, to, dialect, nested);
  let atStart = true;
  let ruleTried = -1;
  const seg: OpenSegment = { first: '', second: '', parens: 0, last: null };
  const lineSplit = text !== null && !nested;
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (isComment(token)) continue;
    if (lineSplit && token.kind === 'word' && tracker.depth === 0 && unterminatedBefore(text, tokens, i, seg)) {
      segments.push({ from: start, to: i });
      // Notebook cells (`-- COMMAND ----`) run one by one: no `;` is needed between them.
      if (problems !== null && !/^--\s*COMMAND\b/.test(tokens[i - 1].text)) problems.push({ message: `No \`;\` ends this statement before the ${token.value} on a later line: a script runner reads the two as one statement`, span: firstSignificantSpan(tokens, start, i) });
      start = i;
      tracker = new BlockTracker(tokens, from, to, dialect, nested);
      atStart = true;
      seg.first = seg.second = '';
      seg.parens = 0;
      seg.last = null;
    }
    if (token.kind === 'punct') {
      if (token.text === '(') seg.parens++;
      else if (token.text === ')' && seg.parens > 0) seg.parens--;
    }
    if (token.kind === 'word' && token.text.charCodeAt(0) !== 92) {
      if (seg.first === '') seg.first = token.value;
      else if (seg.second === '') seg.second = token.value;
    }
    if (token.kind !== 'jinja-stmt' && token.kind !== 'jinja-expr' && token.delimiter !== true) seg.last = token;
    if (token.delimiter === true) {
      seg.first = seg.second = '';
      seg.parens = 0;
      seg.last = null;
    }
    if (token.delimiter === true) {
      const custom = token.text !== ';';
      if (custom || tracker.depth === 0) {
        segments.push({ from: start, to: i });
        start = i + 1;
        if (custom) tracker = new BlockTracker(tokens, from, to, dialect, nested);
      }
      atStart = true;
      continue;
    }
    if (token.kind === 'word' && token.text.charCodeAt(0) === 92 && tracker.depth === 0) {
      if (start < i) segments.push({ from: start, to: i });
      segments.push({ from: i, to: i + 1 });
      start = i + 1;
      atStart = true;
      seg.first = seg.second = '';
      seg.parens = 0;
      seg.last = null;
      continue;
    }
    // Only the first DO of a segment is tried, so that a list that never closes is scanned once.
    if (token.kind === 'word' && token.value === 'DO' && tracker.depth === 0 && ruleTried !== start && isRuleHeader(tokens, start, i)) {
      ruleTried = start;
      const close = ruleActionsEnd(tokens, i, to);
      if (close >= 0) {
        i = close;
        atStart = false;
        continue;
      }
    }
    if (blocks && token.kind === 'word') tracker.feed(i, atStart);
    if (token.kind !== 'jinja-stmt' && token.kind !== 'jinja-expr') atStart = false;
  }
  if (start < to) segments.push({ from: start, to });
  const open = tracker.depth > 0;
  return { segments, openFrom: open ? start : -1, opener: open ? tracker.opener : -1 };
}

/**
 * Splits `tokens[from, to)` into statements on `;` outside BEGIN...END blocks, and on a MySQL custom delimiter
 * anywhere. When a block never closes, the rest is split again without block tracking so that one stray BEGIN
 * does not swallow the file.
 */
export function splitStatements(tokens: readonly Token[], from: number, to: number, dialect: Dialect, nested: boolean, problems: ParseProblem[], text: string | null = null): Segment[] {
  // A missing `;` is a mistake only where the file ends its statements with `;` and no template decides what runs.
  const lineProblems: ParseProblem[] | null = text !== null && terminatesStatements(tokens, from, to) ? [] : null;
  const first = splitPass(tokens, from, to, dialect, nested, true, text, lineProblems);
  if (first.openFrom < 0) {
    if (lineProblems !== null) problems.push(...lineProblems);
    return first.segments;
  }
  const opener = tokens[first.opener];
  problems.push({ message: `This ${opener.value} block is never closed with END`, span: { start: opener.start, end: opener.end } });
  const kept = first.segments.filter((segment) => segment.from < first.openFrom);
  const rest: ParseProblem[] | null = lineProblems === null ? null : [];
  if (lineProblems !== null) for (const p of lineProblems) if (p.span.start < tokens[first.openFrom].start) problems.push(p);
  const second = splitPass(tokens, first.openFrom, to, dialect, nested, false, text, rest);
  if (rest !== null) problems.push(...rest);
  return kept.concat(second.segments);
}

/** True when `tokens[from, to)` hold a `;` and no Jinja. */
function terminatesStatements(tokens: readonly Token[], from: number, to: number): boolean {
  let semicolon = false;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind === 'jinja-expr' || t.kind === 'jinja-stmt') return false;
    if (t.delimiter === true && t.text === ';') semicolon = true;
  }
  return semicolon;
}

function firstSignificantSpan(tokens: readonly Token[], from: number, to: number): { start: number; end: number } {
  for (let i = from; i < to; i++) if (!isComment(tokens[i])) return { start: tokens[i].start, end: tokens[i].end };
  return { start: tokens[from].start, end: tokens[from].end };
}

/** The index of the END closing the block opened at `tokens[open]`, or -1. */
export function matchingEnd(tokens: readonly Token[], open: number, to: number, dialect: Dialect): number {
  const tracker = new BlockTracker(tokens, open, to, dialect, true);
  tracker.stack.push(tokens[open].value === 'DECLARE' ? 'declare' : 'begin');
  let atStart = false;
  for (let i = open + 1; i < to; i++) {
    const token = tokens[i];
    if (isComment(token)) continue;
    if (token.delimiter === true) {
      if (token.text !== ';') return -1;
      atStart = true;
      continue;
    }
    if (token.kind === 'word') {
      tracker.feed(i, atStart);
      if (tracker.depth === 0) return i;
    }
    if (token.kind !== 'jinja-stmt' && token.kind !== 'jinja-expr') atStart = false;
  }
  return -1;
}

