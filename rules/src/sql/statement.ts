import type { Span } from '../core/types.js';
import { collectCalls } from './calls.js';
import { buildDelete, buildInsert, buildMerge, buildUpdate, spanOf, withBase, type Base, type Clauses } from './clauses.js';
import { buildAlterTable, buildCopy, buildCreate, buildDrop, buildSelectInto, buildTruncate, readObjectHeader } from './ddl.js';
import type { GroupEnds } from './expr.js';
import { findTopLevel, groupEnds, isKeyword, isPunct, isWord } from './expr.js';
import { lex } from './lexer.js';
import type { BlockStatement, Dialect, ParseProblem, Statement, Token } from './model.js';
import { isComment, matchingEnd, opensBlock, splitStatements, type Segment } from './split.js';

export interface ParseContext {
  text: string;
  dialect: Dialect;
  statements: Statement[];
  comments: Token[];
  problems: ParseProblem[];
}

/** Procedure bodies nest rarely; beyond this depth bodies are not re-parsed, keeping the work linear. */
const MAX_BLOCK_DEPTH = 16;

/** Parses `tokens[from, to)` into statements, appending them (depth-first) to `ctx.statements`. Returns the direct ones. */
export function parseRange(ctx: ParseContext, tokens: readonly Token[], from: number, to: number, parent: BlockStatement | null, depth: number): Statement[] {
  const list: Statement[] = [];
  for (const segment of splitStatements(tokens, from, to, ctx.dialect, parent !== null, ctx.problems, ctx.text)) {
    const statement = buildStatement(ctx, tokens, segment, parent, depth);
    if (statement) list.push(statement);
  }
  return list;
}

interface Prepared {
  /** Significant tokens (comments removed), prefix removed. */
  tokens: Token[];
  /** Index into the source token array of each of `tokens`. */
  at: SourceIndex;
}

/**
 * Where each significant token sits in the source token array. Most statements carry no comment, so the mapping
 * is then an offset and no per-token array is built.
 */
class SourceIndex {
  constructor(
    private readonly offset: number,
    private readonly map: readonly number[] | null,
  ) {}

  of(k: number): number {
    return this.map === null ? this.offset + k : this.map[k];
  }

  /** The index of the `k`-th token when `kept` lists the positions (in this index) that remain. */
  static kept(index: SourceIndex, kept: readonly number[]): SourceIndex {
    return new SourceIndex(0, kept.map((k) => index.of(k)));
  }
}

function prepare(tokens: readonly Token[], segment: Segment, nested: boolean): Prepared | null {
  let comments = 0;
  for (let i = segment.from; i < segment.to; i++) if (isComment(tokens[i])) comments++;
  let sig: Token[];
  let at: number[] | null = null;
  if (comments === 0) sig = tokens.slice(segment.from, segment.to);
  else {
    sig = new Array<Token>(segment.to - segment.from - comments);
    at = new Array<number>(sig.length);
    let n = 0;
    for (let i = segment.from; i < segment.to; i++) {
      if (isComment(tokens[i])) continue;
      sig[n] = tokens[i];
      at[n++] = i;
    }
  }
  const p = stripPrefix(sig, nested);
  if (p < 0 || p >= sig.length) return null;
  if (p === 0) return { tokens: sig, at: new SourceIndex(segment.from, at) };
  return { tokens: sig.slice(p), at: new SourceIndex(segment.from + p, at === null ? null : at.slice(p)) };
}

const UNTRACKED_END = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT', 'FOR', 'CASE']);

/**
 * How many leading tokens are not part of the statement proper: Jinja tags before it, and the control flow of
 * procedural code (`IF ... THEN`, `ELSE`, `WHEN ... THEN`, `LOOP`, `<<label>>`). -1 drops the segment (`END IF`).
 */
function stripPrefix(sig: readonly Token[], nested: boolean): number {
  let lastSql = sig.length - 1;
  while (lastSql >= 0 && isJinja(sig[lastSql])) lastSql--;
  let p = 0;
  for (let guard = 0; guard < sig.length && p < sig.length; guard++) {
    const t = sig[p];
    const next = sig[p + 1];
    if (isJinja(t)) {
      if (p >= lastSql) break;
      p++;
    } else if (t.kind === 'operator' && t.text === '<<' && next?.kind === 'word' && isPunct(sig[p + 2], '>>')) {
      p += 3;
    } else if (t.kind === 'word' && isPunct(next, ':') && isWord(sig[p + 2], 'BEGIN', 'LOOP', 'WHILE', 'REPEAT', 'FOR')) {
      p += 2;
    } else if (isKeyword(t, 'END') && next?.kind === 'word' && UNTRACKED_END.has(next.value)) {
      return -1;
    } else if (isWord(t, 'IF', 'ELSEIF', 'ELSIF', 'WHEN') || (nested && isKeyword(t, 'CASE'))) {
      const then = wordAtDepthZero(sig, p + 1, 'THEN');
      if (then < 0) break;
      p = then + 1;
    } else if (isWord(t, 'WHILE', 'FOR')) {
      const body = wordAtDepthZero(sig, p + 1, 'LOOP', 'DO');
      if (body < 0) break;
      p = body + 1;
    } else if (isKeyword(t, 'ELSE') || (isKeyword(t, 'EXCEPTION') && isKeyword(next, 'WHEN')) || (isWord(t, 'LOOP', 'REPEAT') && next !== undefined)) {
      p++;
    } else break;
  }
  return p;
}

function isJinja(t: Token): boolean {
  return t.kind === 'jinja-stmt' || t.kind === 'jinja-expr';
}

function wordAtDepthZero(sig: readonly Token[], from: number, ...words: string[]): number {
  let depth = 0;
  for (let i = from; i < sig.length; i++) {
    const t = sig[i];
    if (t.kind === 'punct') {
      if (t.text === '(') depth++;
      else if (t.text === ')') depth = Math.max(0, depth - 1);
    } else if (t.kind === 'word') {
      if (t.value === 'CASE') depth++;
      else if (t.value === 'END' && depth > 0) depth--;
      else if (depth === 0 && words.includes(t.value)) return i;
    }
  }
  return -1;
}

const MAIN_VERBS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'VALUES', 'REPLACE']);

function mainVerb(sig: readonly Token[], ends: GroupEnds): number {
  const first = sig[0];
  if (isKeyword(first, 'WITH') || isKeyword(first, 'FROM')) {
    const at = findTopLevel(sig, 1, sig.length, ends, MAIN_VERBS);
    if (at > 0) return at;
  }
  return 0;
}

function buildStatement(ctx: ParseContext, tokens: readonly Token[], segment: Segment, parent: BlockStatement | null, depth: number): Statement | null {
  const prepared = prepare(tokens, segment, parent !== null);
  if (!prepared) return null;
  const stmtTokens = prepared.tokens;
  let sig = stmtTokens;
  let sigAt = prepared.at;
  if (hasJinjaStatement(stmtTokens)) {
    sig = [];
    const kept: number[] = [];
    for (let k = 0; k < stmtTokens.length; k++) {
      if (stmtTokens[k].kind === 'jinja-stmt') continue;
      sig.push(stmtTokens[k]);
      kept.push(k);
    }
    sigAt = SourceIndex.kept(prepared.at, kept);
  }
  if (sig.length === 0) return null;
  const ends = groupEnds(sig);
  const c: Clauses = { sig, ends, verb: mainVerb(sig, ends) };
  const first = stmtTokens[0];
  const last = stmtTokens[stmtTokens.length - 1];
  const base: Base = {
    index: ctx.statements.length,
    span: { start: first.start, end: last.end },
    tokens: stmtTokens,
    keywordSpan: { start: sig[c.verb].start, end: sig[c.verb].end },
    calls: [],
    transaction: null,
    parent,
    inIncrementalBlock: false,
  };
  const block = blockOf(ctx, tokens, segment, sigAt, c, base);
  const statement: Statement = block ? block.statement : classify(c, base, ctx.dialect);
  ctx.statements.push(statement);
  if (block) {
    const body = block.bodyRange;
    statement.calls = collectCalls(sig.filter((t) => t.end <= body.start || t.start >= body.end), ends, []);
    if (depth >= MAX_BLOCK_DEPTH) ctx.problems.push({ message: 'Blocks nest too deeply; the inner ones were not analysed', span: base.keywordSpan });
    else block.parseBody(depth + 1);
  } else {
    statement.calls = collectCalls(sig, ends, declaredSpans(statement));
  }
  return statement;
}

function hasJinjaStatement(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (tokens[i].kind === 'jinja-stmt') return true;
  return false;
}

/**
 * Dialects where a top-level `SELECT ... INTO x` creates table x. Elsewhere (and in procedural bodies) INTO assigns
 * variables.
 */
const SELECT_INTO_CREATES = new Set<Dialect>(['postgres', 'redshift', 'ansi']);

function classify(c: Clauses, base: Base, dialect: Dialect): Statement {
  const { sig } = c;
  const verb = sig[c.verb];
  const next = sig[c.verb + 1];
  const value = verb.kind === 'word' ? verb.value : '';
  switch (value) {
    case 'INSERT':
      return buildInsert(c, base);
    case 'REPLACE':
      if (isKeyword(next, 'INTO')) return buildInsert(c, base);
      break;
    case 'DELETE':
      return buildDelete(c, base);
    case 'UPDATE':
      return buildUpdate(c, base);
    case 'MERGE':
      return buildMerge(c, base);
    case 'CREATE':
      return buildCreate(c, base);
    case 'DROP':
      return buildDrop(c, base);
    case 'ALTER':
      if (isKeyword(next, 'TABLE')) return buildAlterTable(c, base);
      return withBase(base, { kind: 'other', verb: next?.kind === 'word' ? `ALTER ${next.value}` : 'ALTER' });
    case 'TRUNCATE':
      return buildTruncate(c, base);
    case 'COPY':
      return buildCopy(c, base);
    case 'LOAD':
      if (isKeyword(next, 'DATA')) return buildCopy(c, base);
      break;
    case 'SELECT':
      return (base.parent === null && SELECT_INTO_CREATES.has(dialect) ? buildSelectInto(c, base) : null) ?? withBase(base, { kind: 'select' });
    case 'VALUES':
    case 'TABLE':
      return withBase(base, { kind: 'select' });
    case 'BEGIN':
    case 'START':
      if (value === 'BEGIN' || isKeyword(next, 'TRANSACTION')) return transactionControl(c, base, 'begin');
      break;
    case 'COMMIT':
    case 'END':
      if (value === 'COMMIT' && isKeyword(next, 'PREPARED')) return withBase(base, { kind: 'other', verb: 'COMMIT PREPARED' });
      return transactionControl(c, base, 'commit');
    case 'ROLLBACK':
    case 'ABORT':
      return rollbackLike(c, base);
    case 'PREPARE':
      // `PREPARE transaction AS ...` names a prepared statement; two-phase commit gives a string id.
      if (isKeyword(next, 'TRANSACTION') && sig[c.verb + 2]?.kind === 'string') return withBase(base, { kind: 'other', verb: 'PREPARE TRANSACTION' }, spanOf(sig, c.verb, c.verb + 1));
      break;
  }
  if (isPunct(verb, '(')) return withBase(base, { kind: 'select' });
  return withBase(base, { kind: 'other', verb: value });
}

/** `ROLLBACK PREPARED 'x'` ends another, prepared transaction and `ROLLBACK TO s` only a savepoint: neither ends the open one. */
function rollbackLike(c: Clauses, base: Base): Statement {
  const { sig } = c;
  let k = c.verb + 1;
  if (isWord(sig[k], 'TRANSACTION', 'WORK', 'TRAN')) k++;
  if (isKeyword(sig[k], 'TO')) return withBase(base, { kind: 'other', verb: 'ROLLBACK TO' });
  if (k === c.verb + 1 && isKeyword(sig[k], 'PREPARED')) return withBase(base, { kind: 'other', verb: 'ROLLBACK PREPARED' });
  return transactionControl(c, base, 'rollback');
}

function transactionControl(c: Clauses, base: Base, kind: 'begin' | 'commit' | 'rollback'): Statement {
  const { sig } = c;
  let last = c.verb;
  if (isWord(sig[last + 1], 'TRANSACTION', 'WORK', 'TRAN')) last++;
  return withBase(base, { kind }, spanOf(sig, c.verb, last));
}

/** Names a statement declares or writes: `INSERT INTO t (a)` is not a call of `t`. */
function declaredSpans(statement: Statement): Span[] {
  switch (statement.kind) {
    case 'insert':
    case 'update':
    case 'delete':
    case 'alter-table':
    case 'copy':
      return statement.target ? [statement.target.span] : [];
    case 'merge':
      return statement.target ? [statement.target.span] : [];
    case 'create':
      return statement.name ? [statement.name.span] : [];
    case 'truncate':
      return statement.targets.map((t) => t.span);
    case 'drop':
      return statement.names.map((t) => t.span);
    default:
      return [];
  }
}

interface PendingBlock {
  statement: BlockStatement;
  /** The body's extent in the file, excluded from the block's own calls. */
  bodyRange: Span;
  parseBody(depth: number): void;
}

const NON_SQL_LANGUAGES = new Set(['JAVASCRIPT', 'PYTHON', 'JAVA', 'SCALA', 'PLV8', 'PLPYTHON3U', 'PLPYTHONU', 'PLPERL', 'PLPERLU', 'C', 'INTERNAL', 'R', 'PLR', 'PLTCL', 'JS']);
const ATOMIC_BY_DIALECT = new Set<Dialect>(['postgres', 'redshift', 'ansi']);

/** Recognizes procedures, functions, triggers, DO and scripting blocks whose bodies hold statements. */
function blockOf(ctx: ParseContext, tokens: readonly Token[], segment: Segment, sigAt: SourceIndex, c: Clauses, base: Base): PendingBlock | null {
  const { sig } = c;
  const verb = sig[c.verb];
  if (verb.kind !== 'word') return null;
  const opensAt = (k: number): boolean => isKeyword(sig[k], 'BEGIN') && opensBlock(tokens, sigAt.of(k), segment.from, segment.to, false, ctx.dialect);
  const make = (blockType: BlockStatement['blockType'], keywordEnd: number, atomic: boolean): BlockStatement => {
    const definition = isKeyword(verb, 'CREATE') ? buildCreate(c, base) : null;
    return withBase(base, { kind: 'block', blockType, children: [] as Statement[], atomic, definition, body: base.span }, spanOf(sig, c.verb, keywordEnd));
  };
  const fromBegin = (statement: BlockStatement, k: number): PendingBlock => {
    const open = sigAt.of(k);
    const close = matchingEnd(tokens, open, segment.to, ctx.dialect);
    // An unclosed block was already reported by the splitter, which saw the same opener.
    const to = close < 0 ? segment.to : close;
    statement.body = { start: sig[k].end, end: to < tokens.length ? tokens[to].start : base.span.end };
    return {
      statement,
      bodyRange: statement.body,
      parseBody: (depth) => {
        statement.children = parseRange(ctx, tokens, open + 1, to, statement, depth);
        settleAtomic(statement);
      },
    };
  };
  /** A Snowflake task runs the one statement (or block) after its AS. */
  const fromRange = (statement: BlockStatement, from: number): PendingBlock => {
    statement.body = { start: tokens[from].start, end: base.span.end };
    return {
      statement,
      bodyRange: statement.body,
      parseBody: (depth) => {
        statement.children = parseRange(ctx, tokens, from, segment.to, statement, depth);
      },
    };
  };
  const fromDollar = (statement: BlockStatement, body: Token): PendingBlock => {
    const tagLength = body.text.indexOf('$', 1) + 1;
    const start = body.start + tagLength;
    const end = body.unterminated ? body.end : body.end - tagLength;
    statement.body = { start, end };
    return {
      statement,
      bodyRange: { start: body.start, end: body.end },
      parseBody: (depth) => {
        const lexed = lex(ctx.text, ctx.dialect, start, end);
        for (const p of lexed.problems) ctx.problems.push(p);
        for (const t of lexed.comments) ctx.comments.push(t);
        const [from, to] = unwrapBody(ctx, lexed.tokens);
        statement.children = parseRange(ctx, lexed.tokens, from, to, statement, depth);
        settleAtomic(statement);
      },
    };
  };

  if (verb.value === 'BEGIN' && opensBlock(tokens, sigAt.of(c.verb), segment.from, segment.to, base.parent === null, ctx.dialect)) {
    return fromBegin(make('script', c.verb, isKeyword(sig[c.verb + 1], 'ATOMIC')), c.verb);
  }
  if (verb.value === 'DECLARE' && ctx.dialect === 'snowflake' && base.parent === null) {
    const begin = firstIndex(sig.length, c.verb + 1, opensAt);
    if (begin >= 0) return fromBegin(make('script', c.verb, false), begin);
  }
  if (verb.value === 'DO') {
    const body = dollarBody(sig, c.verb + 1);
    if (body && sqlLanguage(sig)) return fromDollar(make('do', c.verb, true), body);
  }
  if (verb.value === 'EXECUTE' && isKeyword(sig[c.verb + 1], 'IMMEDIATE')) {
    const body = dollarBody(sig, c.verb + 2);
    if (body) return fromDollar(make('script', c.verb + 1, false), body);
  }
  if (verb.value === 'CREATE') {
    const header = readObjectHeader(sig, c.verb + 1);
    if (header.objectType === 'task') {
      const as = firstIndex(sig.length, header.next, (k) => isKeyword(sig[k], 'AS'));
      if (as >= 0 && as + 1 < sig.length) return fromRange(make('task', header.lastKeyword, false), sigAt.of(as) + 1);
      return null;
    }
    const isTrigger = isKeyword(sig[header.lastKeyword], 'TRIGGER');
    if (header.objectType !== 'function' && header.objectType !== 'procedure' && !isTrigger) return null;
    if (!sqlLanguage(sig)) return null;
    const blockType = isTrigger ? 'trigger' : header.objectType === 'function' ? 'function' : 'procedure';
    const atomic = blockType !== 'procedure' || ATOMIC_BY_DIALECT.has(ctx.dialect);
    const body = dollarBody(sig, header.next);
    if (body) return fromDollar(make(blockType, header.lastKeyword, atomic), body);
    const begin = firstIndex(sig.length, header.next, opensAt);
    if (begin >= 0) return fromBegin(make(blockType, header.lastKeyword, atomic || isKeyword(sig[begin + 1], 'ATOMIC')), begin);
  }
  return null;
}

function firstIndex(length: number, from: number, test: (k: number) => boolean): number {
  for (let k = from; k < length; k++) if (test(k)) return k;
  return -1;
}

function dollarBody(sig: readonly Token[], from: number): Token | null {
  for (let i = from; i < sig.length; i++) {
    const t = sig[i];
    if (t.kind === 'string' && t.text.charCodeAt(0) === 36) return t;
  }
  return null;
}

function sqlLanguage(sig: readonly Token[]): boolean {
  for (let i = 0; i + 1 < sig.length; i++) {
    if (!isKeyword(sig[i], 'LANGUAGE')) continue;
    const lang = sig[i + 1];
    const name = lang.kind === 'string' ? lang.text.slice(1, -1).toUpperCase() : lang.value.toUpperCase();
    return !NON_SQL_LANGUAGES.has(name);
  }
  return true;
}

/** Procedure bodies run atomically unless they commit or roll back themselves. */
function settleAtomic(block: BlockStatement): void {
  if (!block.atomic || block.blockType === 'trigger' || block.blockType === 'function') return;
  if (block.children.some(controlsTransaction)) block.atomic = false;
}

function controlsTransaction(s: Statement): boolean {
  if (s.kind === 'commit' || s.kind === 'rollback') return true;
  return s.kind === 'block' && s.children.some(controlsTransaction);
}

/** A PL/pgSQL or Snowflake body `[DECLARE ...] BEGIN ... END`: its statements are those between BEGIN and END. */
function unwrapBody(ctx: ParseContext, tokens: readonly Token[]): [number, number] {
  let first = 0;
  while (first < tokens.length && isComment(tokens[first])) first++;
  const head = tokens[first];
  if (!head || !(isWord(head, 'DECLARE', 'BEGIN') || isPunct(head, '<<'))) return [0, tokens.length];
  let begin = -1;
  for (let i = first; i < tokens.length; i++) {
    if (isKeyword(tokens[i], 'BEGIN') && opensBlock(tokens, i, 0, tokens.length, false, ctx.dialect)) {
      begin = i;
      break;
    }
  }
  if (begin < 0) return [0, tokens.length];
  const end = matchingEnd(tokens, begin, tokens.length, ctx.dialect);
  if (end < 0) {
    ctx.problems.push({ message: 'This BEGIN block is never closed with END', span: { start: tokens[begin].start, end: tokens[begin].end } });
    return [begin + 1, tokens.length];
  }
  return [begin + 1, end];
}
