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
        // A CASE starting a statement is a procedural CASE ... END CASE, whose branches are statements.
        if (this.stack.length > 0 && !atStart && !this.afterDot(i)) this.push('case', i);
        return;
      case 'DECLARE':
        if (atStart && this.stack.length === 0 && !this.nested && this.dialect === 'snowflake') this.push('declare', i);
        return;
      case 'END':
        this.end(i);
        return;
    }
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

function splitPass(tokens: readonly Token[], from: number, to: number, dialect: Dialect, nested: boolean, blocks: boolean): SplitPass {
  const segments: Segment[] = [];
  let start = from;
  let tracker = new BlockTracker(tokens, from, to, dialect, nested);
  let atStart = true;
  let ruleTried = -1;
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (isComment(token)) continue;
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
export function splitStatements(tokens: readonly Token[], from: number, to: number, dialect: Dialect, nested: boolean, problems: ParseProblem[]): Segment[] {
  const first = splitPass(tokens, from, to, dialect, nested, true);
  if (first.openFrom < 0) return first.segments;
  const opener = tokens[first.opener];
  problems.push({ message: `This ${opener.value} block is never closed with END`, span: { start: opener.start, end: opener.end } });
  const kept = first.segments.filter((segment) => segment.from < first.openFrom);
  return kept.concat(splitPass(tokens, first.openFrom, to, dialect, nested, false).segments);
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

