import type { CopyStatement, DeleteStatement, InsertStatement, SqlDocument, Statement, TableRef, Token, TruncateStatement } from '../../model.js';
import { referencedColumns } from './columns.js';
import { countBefore, tableHistory } from './doc-index.js';
import { isClockCall } from './functions.js';
import { columnRefs, tableRefsIn } from '../../expr.js';
import { memoize } from './memo.js';
import { countWhile } from './search.js';
import { sourceTables, sourceTokens } from './regions.js';
import { sameTable } from './tables.js';
import { aliasOf, outerSelectItems } from './select-items.js';
import { contains, isOperator, isPunct, isWord } from './tokens.js';

export type Emptying = DeleteStatement | TruncateStatement;
export type Load = InsertStatement | CopyStatement;

/**
 * The nearest DELETE or TRUNCATE of the load's target, earlier in the file, that empties what the load refills:
 * a TRUNCATE, an unconditional DELETE, a DELETE keyed on a table the load reads, or a DELETE whose filter
 * shares a column or a literal with the load's filter. Retention deletes (older than the clock) are not replaces.
 */
export function precedingReplace(doc: SqlDocument, load: Load): Emptying | null {
  let found = replaceOf.get(load);
  if (found === undefined) {
    found = searchReplace(doc, load);
    replaceOf.set(load, found);
  }
  return found;
}

// blind-insert and non-atomic-replace both ask about every load.
const replaceOf = new WeakMap<Load, Emptying | null>();

function searchReplace(doc: SqlDocument, load: Load): Emptying | null {
  const target = load.target;
  if (target === null) return null;
  const history = tableHistory(doc, target);
  const candidates = replaceCandidates(history, load);
  for (let c = candidates.below(countBefore(history, load.index)); c >= 0; c = candidates.below(c)) {
    const s = history[c];
    if (s.kind === 'truncate' && s.targets.some((t) => sameTable(t, target))) return s;
    if (s.kind === 'delete' && s.target !== null && sameTable(s.target, target) && replaces(s, load)) return s;
  }
  return null;
}

/**
 * The positions in a table's history that can replace a given load, so that a search visits only those rather than
 * every earlier DELETE of a table the script reloads many times. A candidate is then checked with `replaces`.
 */
interface Candidates {
  /** The largest candidate position below `limit`, or -1. */
  below(limit: number): number;
}

/** A table's DELETEs filed by what `replaces` compares: filter values, filter columns and tables read. */
interface HistoryKeys {
  /** TRUNCATEs and unfiltered DELETEs: candidates for every load. */
  always: number[];
  /** Filtered DELETEs that are not retention purges: candidates when the load writes no filter column. */
  filtered: number[];
  values: Map<string, number[]>;
  columns: Map<string, number[]>;
  /** By `b:` base name and `n:` full name: `sameTable` matches on one of the two. */
  reads: Map<string, number[]>;
}

const historyKeys = memoize((history: readonly Statement[]): HistoryKeys => {
  const keys: HistoryKeys = { always: [], filtered: [], values: new Map(), columns: new Map(), reads: new Map() };
  history.forEach((s, i) => {
    if (s.kind === 'truncate' || (s.kind === 'delete' && s.where === null)) keys.always.push(i);
    if (s.kind !== 'delete' || s.where === null) return;
    const facts = deleteFacts(s);
    if (facts.retention) return;
    keys.filtered.push(i);
    for (const value of facts.values) positionsOf(keys.values, value).push(i);
    for (const column of facts.columns) positionsOf(keys.columns, column).push(i);
    for (const ref of facts.reads) {
      addOnce(positionsOf(keys.reads, `b:${ref.baseName}`), i);
      addOnce(positionsOf(keys.reads, `n:${ref.name}`), i);
    }
  });
  return keys;
});

function positionsOf(map: Map<string, number[]>, key: string): number[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

function addOnce(list: number[], i: number): void {
  if (list[list.length - 1] !== i) list.push(i);
}

/** Every filtered DELETE `replaces` could accept for this load lies in one of the returned lists. */
function replaceCandidates(history: readonly Statement[], load: Load): Candidates {
  const keys = historyKeys(history);
  const lists: (readonly number[])[] = [keys.always];
  if (load.kind === 'insert' && keys.filtered.length > 0) {
    const loaded = loadFacts(load);
    for (const ref of loaded.reads) lists.push(keys.reads.get(`b:${ref.baseName}`) ?? [], keys.reads.get(`n:${ref.name}`) ?? []);
    if (load.source.kind === 'query') for (const value of loaded.filterValues) lists.push(keys.values.get(value) ?? []);
    const written = writtenFilterColumns(load);
    if (written.size === 0) lists.push(keys.filtered);
    else for (const column of written) lists.push(keys.columns.get(column) ?? []);
  }
  return { below: (limit) => largestBelow(lists, limit) };
}

function largestBelow(lists: readonly (readonly number[])[], limit: number): number {
  let best = -1;
  for (const list of lists) {
    const at = countWhile(list.length, (k) => list[k] < limit) - 1;
    if (at >= 0 && list[at] > best) best = list[at];
  }
  return best;
}

/** The nearest earlier DELETE of the load's target whose filter does not match the load's: it removes other rows. */
export function precedingMismatchedDelete(doc: SqlDocument, load: Load): DeleteStatement | null {
  const target = load.target;
  if (target === null) return null;
  const history = tableHistory(doc, target);
  for (let i = countBefore(history, load.index) - 1; i >= 0; i--) {
    const s = history[i];
    if (s.kind === 'delete' && s.target !== null && sameTable(s.target, target) && !replaces(s, load)) return s;
  }
  return null;
}

function replaces(del: DeleteStatement, load: Load): boolean {
  if (del.where === null) return true;
  const deleted = deleteFacts(del);
  if (deleted.retention || load.kind === 'copy') return false;
  const loaded = loadFacts(load);
  if (deleted.reads.some((ref) => loaded.reads.some((source) => sameTable(ref, source)))) return true;
  if (load.source.kind === 'query' && loaded.filterValues.some((value) => deleted.values.has(value))) {
    const shared = new Set(loaded.filterValues.filter((value) => deleted.values.has(value)));
    return !feedsDeletedColumnsOtherwise(load, deleted.columns, shared);
  }
  const written = writtenFilterColumns(load);
  if (written.size === 0) return true;
  for (const column of deleted.columns) if (written.has(column)) return true;
  return false;
}

interface DeleteFacts {
  /** `DELETE ... WHERE created_at < now() - interval '90 days'` purges old rows; it does not clear a slice to reload. */
  retention: boolean;
  /** Tables the DELETE reads or names, other than its target. */
  reads: readonly TableRef[];
  /** The literals and run parameters of its filter (`'2024-06-01'`, `'{{ ds }}'`, `:run_date`). */
  values: ReadonlySet<string>;
  /** Columns its filter names. */
  columns: ReadonlySet<string>;
}

const deleteFacts = memoize((del: DeleteStatement): DeleteFacts => {
  const where = del.where?.tokens ?? [];
  return {
    retention: isRetention(del),
    reads: otherThan(tableRefsIn(del.tokens), del.target),
    values: new Set(valueTexts(where)),
    columns: referencedColumns(where),
  };
});

function isRetention(del: DeleteStatement): boolean {
  const where = del.where;
  if (where === null) return false;
  return del.calls.some((c) => contains(where.span, c.span) && isClockCall(c)) && where.tokens.some((t) => isOperator(t, '<', '<='));
}

/** Columns a DELETE's filter names. */
export function deletedColumns(del: DeleteStatement): ReadonlySet<string> {
  return deleteFacts(del).columns;
}

interface LoadFacts {
  /** Tables the source reads or names, other than the target. */
  reads: readonly TableRef[];
  /** The literals and run parameters of the source's outer WHERE. */
  filterValues: readonly string[];
}

const loadFacts = memoize((load: InsertStatement): LoadFacts => ({
  reads: otherThan(sourceTables(load), load.target),
  filterValues: valueTexts(sourceWhere(load)),
}));

/** The outer WHERE of an INSERT's source query. */
const sourceWhere = memoize((insert: InsertStatement): readonly Token[] => topLevelWhere(sourceTokens(insert)));

function valueTexts(tokens: readonly Token[]): string[] {
  return tokens.filter(isValueToken).map((t) => t.text);
}

/**
 * True when the select list is explicit and every column the DELETE filters on is written from an expression that
 * uses neither the load's filter columns nor the shared value: `DELETE ... WHERE event_date = '{{ ds }}'` before a
 * load that picks rows by `received_at = '{{ ds }}'` and writes `occurred_at::date` into `event_date`.
 */
function feedsDeletedColumnsOtherwise(load: InsertStatement, deleted: ReadonlySet<string>, shared: ReadonlySet<string>): boolean {
  const feeding = feedingItems(load);
  if (feeding === null) return false;
  const filtered = sourceFilterColumns(load);
  for (const column of deleted) {
    const item = feeding.get(column);
    if (item === undefined || item.some((t) => isValueToken(t) && shared.has(t.text))) return false;
    for (const c of referencedColumns(item)) if (filtered.has(c)) return false;
  }
  return true;
}

/** Target column -> the select item written into it; null when the select list is `*` or a macro. */
const feedingItems = memoize((load: InsertStatement): ReadonlyMap<string, readonly Token[]> | null => {
  const items = outerSelectItems(sourceTokens(load));
  if (items.length === 0 || items.some(isOpaqueItem)) return null;
  const feeding = new Map<string, readonly Token[]>();
  items.forEach((item, i) => {
    const column = load.columns[i]?.name ?? aliasOf(item);
    if (column) feeding.set(column.toLowerCase(), item);
  });
  return feeding;
});

/** `*`, `t.*` or a Jinja macro such as `{{ dbt_utils.star(...) }}`: the columns it writes are unknown. */
function isOpaqueItem(item: readonly Token[]): boolean {
  return item.some((t) => isOperator(t, '*') && (item.length === 1 || isPunct(item[item.indexOf(t) - 1], '.'))) || item.some((t) => t.kind === 'jinja-expr');
}

function isValueToken(t: Token): boolean {
  return t.kind === 'string' || t.kind === 'jinja-expr' || t.kind === 'param';
}

/** Columns the outer WHERE of an INSERT ... SELECT filters on, as the source names them. */
export const sourceFilterColumns: (insert: InsertStatement) => ReadonlySet<string> = memoize((insert: InsertStatement) =>
  referencedColumns(sourceWhere(insert)),
);

/**
 * Target columns that pick which rows the load writes: the column list of VALUES, or the filtered source
 * columns plus the target columns they are written to (`SELECT li.order_date` into `revenue_date`).
 */
const writtenFilterColumns = memoize((insert: InsertStatement): ReadonlySet<string> => {
  if (insert.source.kind === 'values') return new Set(insert.columns.map((c) => c.name.toLowerCase()));
  const filtered = sourceFilterColumns(insert);
  const written = new Set(filtered);
  outerSelectItems(sourceTokens(insert)).forEach((item, i) => {
    const refs = columnRefs(item);
    if (refs.length !== 1 || !filtered.has(refs[0].name.toLowerCase())) return;
    const column = insert.columns[i]?.name ?? aliasOf(item);
    if (column) written.add(column.toLowerCase());
  });
  return written;
});

const WHERE_ENDS = new Set(['GROUP', 'HAVING', 'QUALIFY', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW', 'RETURNING', 'ON']);

/** Tokens of every WHERE clause outside parentheses. */
export function topLevelWhere(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let inWhere = false;
  for (const token of tokens) {
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    if (depth === 0 && isWord(token, 'WHERE')) {
      inWhere = true;
      continue;
    }
    if (depth === 0 && token.kind === 'word' && WHERE_ENDS.has(token.value)) inWhere = false;
    if (inWhere) out.push(token);
  }
  return out;
}

function otherThan(refs: readonly TableRef[], self: TableRef | null): TableRef[] {
  return refs.filter((ref) => self === null || !sameTable(ref, self));
}
