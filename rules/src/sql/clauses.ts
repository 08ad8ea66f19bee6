import type { GroupEnds } from './expr.js';
import type { Span } from '../core/types.js';
import {
  emptyExpr,
  exprOf,
  findTopLevel,
  findTopLevelWord,
  isKeyword,
  isPunct,
  isWord,
  partText,
  readTableRef,
  sameTable,
  stepOver,
  topLevelRanges,
} from './expr.js';
import type {
  DeleteStatement,
  Expr,
  InsertGuard,
  InsertStatement,
  MergeStatement,
  MergeWhen,
  SelectStatement,
  SetItem,
  Statement,
  TableRef,
  Token,
  UpdateStatement,
} from './model.js';

/** The fields every statement kind shares, filled in by the caller. */
export type Base = Omit<SelectStatement, 'kind'>;

/** The clause tokens of one statement: comments and Jinja tags removed, Jinja expressions kept. */
export interface Clauses {
  sig: Token[];
  ends: GroupEnds;
  /** Index of the statement's verb (after a leading WITH clause). */
  verb: number;
}

/**
 * Completes a statement: its own fields first, then the shared ones. Object spread of `base` into a new literal
 * measured about 100 times slower in V8 than these plain stores.
 */
export function withBase<F extends { kind: Statement['kind'] }>(base: Base, fields: F, keywordSpan: Span = base.keywordSpan): F & Base {
  const statement = fields as F & Base;
  statement.index = base.index;
  statement.span = base.span;
  statement.tokens = base.tokens;
  statement.keywordSpan = keywordSpan;
  statement.calls = base.calls;
  statement.transaction = base.transaction;
  statement.parent = base.parent;
  statement.inIncrementalBlock = base.inIncrementalBlock;
  return statement;
}

export function spanOf(tokens: readonly Token[], from: number, toInclusive: number): Span {
  const last = tokens[Math.max(from, Math.min(toInclusive, tokens.length - 1))];
  return { start: tokens[from].start, end: last.end };
}


const NO_WORDS: ReadonlySet<string> = new Set();
const SET_LIST_END = new Set(['FROM', 'WHERE', 'RETURNING', 'ORDER', 'LIMIT', 'WHEN', 'OUTPUT']);

/** `a = 1, t.b = now()` between `from` and the first depth-0 clause word. */
export function parseSetItems(c: Clauses, from: number, limit = c.sig.length): { items: SetItem[]; next: number } {
  const { sig, ends } = c;
  let to = findTopLevel(sig, from, limit, ends, SET_LIST_END, [';']);
  if (to < 0) to = limit;
  const items: SetItem[] = [];
  for (const [a, b] of topLevelRanges(sig, from, to, ',', ends)) {
    if (a >= b) continue;
    const eq = findTopLevel(sig, a, b, ends, NO_WORDS, ['=']);
    if (eq <= a) continue;
    const target = sig[eq - 1];
    const column = eq - 1 === a || isPunct(sig[eq - 2], '.') ? partText(target) : spanText(sig, a, eq).toLowerCase();
    items.push({
      column,
      columnSpan: spanOf(sig, a, eq - 1),
      value: exprOf(sig, eq + 1, b) ?? emptyExpr(sig[eq].end),
      span: spanOf(sig, a, b - 1),
    });
  }
  return { items, next: to };
}

function spanText(sig: readonly Token[], from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += (i > from && sig[i].start > sig[i - 1].end ? ' ' : '') + sig[i].text;
  return out;
}

/** The expression after a depth-0 `word`, up to the first depth-0 word of `stops`. */
function clauseAfter(c: Clauses, word: string, from: number, stops: ReadonlySet<string>): Expr | null {
  const at = findTopLevelWord(c.sig, word, from, c.sig.length, c.ends);
  if (at < 0) return null;
  let to = findTopLevel(c.sig, at + 1, c.sig.length, c.ends, stops);
  if (to < 0) to = c.sig.length;
  return exprOf(c.sig, at + 1, to) ?? emptyExpr(c.sig[at].end);
}

/** Skips `[AS] alias` after a table name. */
function skipAlias(sig: readonly Token[], i: number, stops: ReadonlySet<string>): number {
  let j = i;
  if (isKeyword(sig[j], 'AS')) j++;
  const t = sig[j];
  if (t && (t.kind === 'quoted-ident' || (t.kind === 'word' && !stops.has(t.value)))) return j + 1;
  return i;
}

const INSERT_MODIFIERS = new Set(['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY']);
const QUERY_START = new Set(['SELECT', 'WITH', 'TABLE', 'FROM', 'VALUES']);
const INSERT_TAIL = new Set(['ON', 'RETURNING']);

export function buildInsert(c: Clauses, base: Base): InsertStatement {
  const { sig, ends } = c;
  const guards: InsertGuard[] = [];
  const verb = sig[c.verb];
  let i = c.verb + 1;
  let multiTable = false;
  if (verb.value === 'REPLACE') guards.push('insert-ignore');
  for (let step = 0; step < 6 && sig[i]?.kind === 'word'; step++) {
    const value = sig[i].value;
    if (INSERT_MODIFIERS.has(value)) i++;
    else if (value === 'IGNORE') (guards.push('insert-ignore'), i++);
    else if (value === 'OVERWRITE') (guards.push('overwrite'), i++);
    else if (value === 'OR' && sig[i + 1]?.kind === 'word') {
      if (isWord(sig[i + 1], 'IGNORE', 'REPLACE')) guards.push('insert-ignore');
      i += 2;
    } else if (value === 'ALL' || value === 'FIRST') {
      multiTable = true;
      i++;
    } else break;
  }
  const keywordEnd = i;
  if (multiTable) i = Math.max(i, findTopLevelWord(sig, 'INTO', i, sig.length, ends));
  if (isKeyword(sig[i], 'INTO')) i++;
  if (isKeyword(sig[i], 'TABLE')) i++;
  const keywordSpan = spanOf(sig, c.verb, multiTable ? keywordEnd - 1 : i - 1);
  const read = readTableRef(sig, i);
  const target = read?.ref ?? null;
  if (read) i = read.next;
  i = skipInsertDecorations(sig, ends, i);
  const columns: InsertStatement['columns'] = [];
  if (isPunct(sig[i], '(') && !isWord(sig[i + 1], 'SELECT', 'WITH', 'VALUES')) {
    for (const [a, b] of topLevelRanges(sig, i + 1, ends[i], ',', ends)) {
      if (a < b) columns.push({ name: partText(sig[b - 1]), span: spanOf(sig, a, b - 1) });
    }
    i = stepOver(ends, i);
    i = skipInsertDecorations(sig, ends, i);
  }
  if (isKeyword(sig[i], 'REPLACE') && isKeyword(sig[i + 1], 'WHERE')) {
    // Databricks `INSERT INTO t REPLACE WHERE <slice> SELECT ...` overwrites the slice atomically.
    guards.push('overwrite');
    const query = findTopLevel(sig, i + 2, sig.length, ends, QUERY_START);
    i = query >= 0 ? query : sig.length;
  }
  const tail = insertTail(sig, ends, i);
  const source = insertSource(c, i, tail);
  const conflict = parseOnConflict(c, tail);
  const duplicate = parseOnDuplicate(c, tail);
  if (conflict) guards.push('on-conflict');
  if (duplicate) guards.push('on-duplicate-key');
  if (target) guards.push(...queryGuards(c, target));
  return withBase(base, {
    kind: 'insert',
    target,
    columns,
    source,
    guards: [...new Set(guards)],
    onConflict: conflict,
    onDuplicateKey: duplicate,
  }, keywordSpan);
}

function skipInsertDecorations(sig: readonly Token[], ends: GroupEnds, from: number): number {
  let i = from;
  for (let step = 0; step < 6; step++) {
    if (isKeyword(sig[i], 'AS') && sig[i + 1]?.kind === 'word' && !QUERY_START.has(sig[i + 1].value)) i += 2;
    else if (isKeyword(sig[i], 'PARTITION') && isPunct(sig[i + 1], '(')) i = stepOver(ends, i + 1);
    else if (isKeyword(sig[i], 'IF') && isKeyword(sig[i + 1], 'NOT') && isKeyword(sig[i + 2], 'EXISTS')) i += 3;
    else if (isKeyword(sig[i], 'BY') && isWord(sig[i + 1], 'NAME', 'POSITION')) i += 2;
    else if (isKeyword(sig[i], 'OVERRIDING') && isKeyword(sig[i + 2], 'VALUE')) i += 3;
    else break;
  }
  return i;
}

/** Where `ON CONFLICT`, `ON DUPLICATE KEY` or `RETURNING` starts at depth 0, else the end. */
function insertTail(sig: readonly Token[], ends: GroupEnds, from: number): number {
  for (let i = from; i < sig.length; i = stepOver(ends, i)) {
    const t = sig[i];
    if (t.kind !== 'word' || !INSERT_TAIL.has(t.value)) continue;
    if (t.value === 'RETURNING' || isWord(sig[i + 1], 'CONFLICT', 'DUPLICATE')) return i;
  }
  return sig.length;
}

function insertSource(c: Clauses, from: number, to: number): InsertStatement['source'] {
  const { sig, ends } = c;
  const span = from < to ? spanOf(sig, from, to - 1) : null;
  const first = sig[from];
  if (from >= to || !first) return { kind: 'unknown', span, rows: [] };
  if (isKeyword(first, 'DEFAULT') && isKeyword(sig[from + 1], 'VALUES')) return { kind: 'default', span, rows: [] };
  if (isWord(first, 'VALUES', 'VALUE')) {
    const rows: Expr[] = [];
    let i = from + 1;
    for (let guard = 0; i < to && guard < to; guard++) {
      if (isKeyword(sig[i], 'ROW')) i++;
      if (!isPunct(sig[i], '(')) break;
      const close = Math.min(ends[i], to - 1);
      rows.push(exprOf(sig, i, close + 1) as Expr);
      i = close + 1;
      if (!isPunct(sig[i], ',')) break;
      i++;
    }
    return { kind: 'values', span, rows };
  }
  if (isKeyword(first, 'SET')) return { kind: 'values', span, rows: [exprOf(sig, from + 1, to) ?? emptyExpr(first.end)] };
  if (isPunct(first, '(') || (first.kind === 'word' && QUERY_START.has(first.value))) return { kind: 'query', span, rows: [] };
  return { kind: 'unknown', span, rows: [] };
}

function parseOnConflict(c: Clauses, at: number): InsertStatement['onConflict'] {
  const { sig, ends } = c;
  if (!isKeyword(sig[at], 'ON') || !isKeyword(sig[at + 1], 'CONFLICT')) return null;
  let i = at + 2;
  const columns: string[] = [];
  if (isPunct(sig[i], '(')) {
    for (const [a, b] of topLevelRanges(sig, i + 1, ends[i], ',', ends)) {
      if (a >= b) continue;
      columns.push(b - a === 1 ? partText(sig[a]) : spanText(sig, a, b).toLowerCase());
    }
    i = stepOver(ends, i);
  }
  const doAt = findTopLevelWord(sig, 'DO', i, sig.length, ends);
  let action: 'nothing' | 'update' | 'unknown' = 'unknown';
  let setItems: SetItem[] = [];
  let end = sig.length;
  if (doAt >= 0 && isKeyword(sig[doAt + 1], 'NOTHING')) {
    action = 'nothing';
    end = doAt + 2;
  } else if (doAt >= 0 && isKeyword(sig[doAt + 1], 'UPDATE')) {
    action = 'update';
    const setAt = isKeyword(sig[doAt + 2], 'SET') ? doAt + 3 : doAt + 2;
    setItems = parseSetItems(c, setAt).items;
    const returning = findTopLevelWord(sig, 'RETURNING', setAt, sig.length, ends);
    end = returning >= 0 ? returning : sig.length;
  }
  return { span: spanOf(sig, at, end - 1), columns, action, setItems };
}

function parseOnDuplicate(c: Clauses, at: number): InsertStatement['onDuplicateKey'] {
  const { sig } = c;
  if (!isKeyword(sig[at], 'ON') || !isKeyword(sig[at + 1], 'DUPLICATE')) return null;
  const setAt = isKeyword(sig[at + 3], 'UPDATE') ? at + 4 : at + 3;
  return { span: spanOf(sig, at, sig.length - 1), setItems: parseSetItems(c, setAt).items };
}

const GROUP_GUARD_WORDS = new Set(['EXISTS', 'IN']);

/**
 * Guards written in the query: the target read inside `NOT EXISTS (...)` or `NOT IN (...)`, after `EXCEPT`/`MINUS`,
 * or LEFT JOINed with a `<alias>.col IS NULL` test. One pass with a stack of the guarding groups still open.
 */
export function queryGuards(c: Clauses, target: TableRef): InsertGuard[] {
  const { sig, ends } = c;
  const found = new Set<InsertGuard>();
  const open: { end: number; guard: InsertGuard }[] = [];
  const aliases = new Set<string>();
  const parens: number[] = [];
  let openNotExists = 0;
  for (let i = 0; i < sig.length; i++) {
    while (open.length > 0 && open[open.length - 1].end < i) {
      if ((open.pop() as { guard: InsertGuard }).guard === 'not-exists') openNotExists--;
    }
    while (parens.length > 0 && parens[parens.length - 1] < i) parens.pop();
    const t = sig[i];
    if (isPunct(t, '(')) {
      parens.push(ends[i]);
      const keyword = sig[i - 1];
      if (isKeyword(sig[i - 2], 'NOT') && keyword?.kind === 'word' && GROUP_GUARD_WORDS.has(keyword.value)) {
        open.push({ end: ends[i], guard: keyword.value === 'EXISTS' ? 'not-exists' : 'anti-join' });
        if (keyword.value === 'EXISTS') openNotExists++;
      }
    } else if (isWord(t, 'EXCEPT', 'MINUS')) {
      open.push({ end: parens.length > 0 ? parens[parens.length - 1] : sig.length, guard: 'anti-join' });
    } else if (isWord(t, 'FROM', 'JOIN')) {
      const read = readTableRef(sig, i + 1);
      if (!read || read.ref.span.start === target.span.start || !sameTable(read.ref, target)) continue;
      if (openNotExists > 0) found.add('not-exists');
      if (open.length > openNotExists) found.add('anti-join');
      if (t.value === 'JOIN' && isLeftJoin(sig, i)) addAlias(sig, read.next, read.ref, aliases);
    }
  }
  if (aliases.size > 0 && hasNullTest(sig, aliases)) found.add('anti-join');
  return [...found];
}

function isLeftJoin(sig: readonly Token[], join: number): boolean {
  return isKeyword(sig[join - 1], 'LEFT') || (isKeyword(sig[join - 1], 'OUTER') && isKeyword(sig[join - 2], 'LEFT'));
}

const NOT_ALIAS = new Set(['ON', 'USING', 'WHERE', 'LEFT', 'RIGHT', 'INNER', 'JOIN', 'FULL', 'CROSS', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT']);

function addAlias(sig: readonly Token[], next: number, ref: TableRef, aliases: Set<string>): void {
  const after = skipAlias(sig, next, NOT_ALIAS);
  if (after > next) aliases.add(partText(sig[after - 1]));
  aliases.add(ref.baseName);
  aliases.add(ref.name);
}

function hasNullTest(sig: readonly Token[], aliases: ReadonlySet<string>): boolean {
  for (let k = 3; k + 1 < sig.length; k++) {
    if (!isKeyword(sig[k], 'IS') || !isKeyword(sig[k + 1], 'NULL')) continue;
    if (isPunct(sig[k - 2], '.') && aliases.has(partText(sig[k - 3]))) return true;
  }
  return false;
}

const DELETE_MODIFIERS = new Set(['LOW_PRIORITY', 'QUICK', 'IGNORE']);
const WHERE_END = new Set(['RETURNING', 'ORDER', 'LIMIT', 'OUTPUT']);
const FROM_END = new Set(['WHERE', ...WHERE_END]);

export function buildDelete(c: Clauses, base: Base): DeleteStatement {
  const { sig } = c;
  let i = c.verb + 1;
  while (sig[i]?.kind === 'word' && DELETE_MODIFIERS.has(sig[i].value)) i++;
  if (isKeyword(sig[i], 'FROM')) i++;
  if (isKeyword(sig[i], 'ONLY')) i++;
  const keywordSpan = spanOf(sig, c.verb, i - 1);
  const read = readTableRef(sig, i);
  return withBase(base, { kind: 'delete', target: read?.ref ?? null, where: clauseAfter(c, 'WHERE', read?.next ?? i, WHERE_END) }, keywordSpan);
}

export function buildUpdate(c: Clauses, base: Base): UpdateStatement {
  const { sig, ends } = c;
  let i = c.verb + 1;
  while (isWord(sig[i], 'LOW_PRIORITY', 'IGNORE', 'ONLY')) i++;
  const read = readTableRef(sig, i);
  const setAt = findTopLevelWord(sig, 'SET', read?.next ?? i, sig.length, ends);
  const set = setAt >= 0 ? parseSetItems(c, setAt + 1) : { items: [], next: read?.next ?? i };
  return withBase(base, {
    kind: 'update',
    target: read?.ref ?? null,
    setItems: set.items,
    from: isKeyword(sig[set.next], 'FROM') ? clauseAfter(c, 'FROM', set.next, FROM_END) : null,
    where: clauseAfter(c, 'WHERE', set.next, WHERE_END),
  }, spanOf(sig, c.verb, c.verb));
}

const MERGE_ALIAS_STOPS = new Set(['USING', 'ON', 'WHEN']);

export function buildMerge(c: Clauses, base: Base): MergeStatement {
  const { sig, ends } = c;
  let i = c.verb + 1;
  if (isKeyword(sig[i], 'INTO')) i++;
  const keywordSpan = spanOf(sig, c.verb, i - 1);
  const targetRead = readTableRef(sig, i);
  if (targetRead) i = skipAlias(sig, targetRead.next, MERGE_ALIAS_STOPS);
  let sourceTable: TableRef | null = null;
  let source: Expr | null = null;
  const usingAt = findTopLevelWord(sig, 'USING', i, sig.length, ends);
  if (usingAt >= 0) {
    i = usingAt + 1;
    if (isPunct(sig[i], '(')) {
      source = exprOf(sig, i, Math.min(ends[i], sig.length - 1) + 1);
      i = stepOver(ends, i);
    } else {
      const read = readTableRef(sig, i);
      if (read) {
        sourceTable = read.ref;
        source = exprOf(sig, i, read.next);
        i = read.next;
      }
    }
  }
  const whenAt = findTopLevelWord(sig, 'WHEN', i, sig.length, ends);
  const whensFrom = whenAt >= 0 ? whenAt : sig.length;
  const onAt = findTopLevelWord(sig, 'ON', i, whensFrom, ends);
  const on = onAt >= 0 ? exprOf(sig, onAt + 1, whensFrom) ?? emptyExpr(sig[onAt].end) : null;
  return withBase(base, { kind: 'merge', target: targetRead?.ref ?? null, sourceTable, source, on, whens: parseWhens(c, whensFrom) }, keywordSpan);
}

function parseWhens(c: Clauses, from: number): MergeWhen[] {
  const { sig, ends } = c;
  const starts: number[] = [];
  for (let i = from; i < sig.length; i = stepOver(ends, i)) if (isKeyword(sig[i], 'WHEN')) starts.push(i);
  return starts.map((start, n) => parseWhen(c, start, n + 1 < starts.length ? starts[n + 1] : sig.length));
}

function parseWhen(c: Clauses, start: number, end: number): MergeWhen {
  const { sig, ends } = c;
  let i = start + 1;
  const matched = !isKeyword(sig[i], 'NOT');
  if (!matched) i++;
  if (isKeyword(sig[i], 'MATCHED')) i++;
  let bySource = false;
  if (isKeyword(sig[i], 'BY')) {
    bySource = isKeyword(sig[i + 1], 'SOURCE');
    i += 2;
  }
  const thenAt = findTopLevelWord(sig, 'THEN', i, end, ends);
  const condition = isKeyword(sig[i], 'AND') && thenAt > i ? exprOf(sig, i + 1, thenAt) : null;
  const when: MergeWhen = { matched, bySource, condition, action: 'unknown', setItems: [], insertColumns: [], insertValues: null, span: spanOf(sig, start, end - 1) };
  if (thenAt < 0) return when;
  const verb = sig[thenAt + 1];
  if (isKeyword(verb, 'UPDATE')) {
    when.action = 'update';
    if (isKeyword(sig[thenAt + 2], 'SET')) when.setItems = parseSetItems(c, thenAt + 3, end).items;
  } else if (isKeyword(verb, 'DELETE')) {
    when.action = 'delete';
  } else if (isKeyword(verb, 'DO') && isKeyword(sig[thenAt + 2], 'NOTHING')) {
    when.action = 'nothing';
  } else if (isKeyword(verb, 'INSERT')) {
    when.action = 'insert';
    let j = thenAt + 2;
    if (isPunct(sig[j], '(')) {
      for (const [a, b] of topLevelRanges(sig, j + 1, Math.min(ends[j], end), ',', ends)) if (a < b) when.insertColumns.push(partText(sig[b - 1]));
      j = stepOver(ends, j);
    }
    if (isKeyword(sig[j], 'VALUES') && isPunct(sig[j + 1], '(')) when.insertValues = exprOf(sig, j + 1, Math.min(ends[j + 1], end - 1) + 1);
  }
  return when;
}
