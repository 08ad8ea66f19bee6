import type { CopyStatement, DeleteStatement, Expr, InsertStatement, SqlDocument, TableRef, Token, TruncateStatement } from '../../model.js';
import { referencedColumns } from './columns.js';
import { isClockCall } from './functions.js';
import { columnRefs, tableRefsIn } from '../../expr.js';
import { sameTable } from './tables.js';
import { aliasOf, outerSelectItems } from './select-items.js';
import { contains, isOperator, isPunct, isWord, tokensIn } from './tokens.js';

export type Emptying = DeleteStatement | TruncateStatement;
export type Load = InsertStatement | CopyStatement;

/**
 * The nearest DELETE or TRUNCATE of the load's target, earlier in the file, that empties what the load refills:
 * a TRUNCATE, an unconditional DELETE, a DELETE keyed on a table the load reads, or a DELETE whose filter
 * shares a column or a literal with the load's filter. Retention deletes (older than the clock) are not replaces.
 */
export function precedingReplace(doc: SqlDocument, load: Load, target: TableRef): Emptying | null {
  for (let i = load.index - 1; i >= 0; i--) {
    const s = doc.statements[i];
    if (s.kind === 'truncate' && s.targets.some((t) => sameTable(t, target))) return s;
    if (s.kind === 'delete' && s.target !== null && sameTable(s.target, target) && replaces(s, load)) return s;
  }
  return null;
}

/** The nearest earlier DELETE of the target whose filter does not match the load's: it removes other rows. */
export function precedingMismatchedDelete(doc: SqlDocument, load: Load, target: TableRef): DeleteStatement | null {
  for (let i = load.index - 1; i >= 0; i--) {
    const s = doc.statements[i];
    if (s.kind === 'delete' && s.target !== null && sameTable(s.target, target) && !replaces(s, load)) return s;
  }
  return null;
}

function replaces(del: DeleteStatement, load: Load): boolean {
  if (del.where === null) return true;
  if (isRetention(del, del.where) || load.kind === 'copy') return false;
  const sources = tablesRead(sourceTokens(load), load.target);
  if (tablesRead(del.tokens, del.target).some((ref) => sources.some((source) => sameTable(ref, source)))) return true;
  if (load.source.kind === 'query') {
    const shared = sharedValues(del.where.tokens, topLevelWhere(sourceTokens(load)));
    if (shared.size > 0) return !feedsDeletedColumnsOtherwise(load, referencedColumns(del.where.tokens), shared);
  }
  const filtered = writtenFilterColumns(load);
  if (filtered.size === 0) return true;
  return [...referencedColumns(del.where.tokens)].some((c) => filtered.has(c));
}

/** `DELETE ... WHERE created_at < now() - interval '90 days'` purges old rows; it does not clear a slice to reload. */
function isRetention(del: DeleteStatement, where: Expr): boolean {
  return del.calls.some((c) => contains(where.span, c.span) && isClockCall(c)) && where.tokens.some((t) => isOperator(t, '<', '<='));
}

/** The literals and run parameters both filters name (`'2024-06-01'`, `'{{ ds }}'`, `:run_date`). */
function sharedValues(a: readonly Token[], b: readonly Token[]): Set<string> {
  const values = new Set(a.filter(isValueToken).map((t) => t.text));
  return new Set(b.filter((t) => isValueToken(t) && values.has(t.text)).map((t) => t.text));
}

/**
 * True when the select list is explicit and every column the DELETE filters on is written from an expression that
 * uses neither the load's filter columns nor the shared value: `DELETE ... WHERE event_date = '{{ ds }}'` before a
 * load that picks rows by `received_at = '{{ ds }}'` and writes `occurred_at::date` into `event_date`.
 */
function feedsDeletedColumnsOtherwise(load: InsertStatement, deleted: Set<string>, shared: Set<string>): boolean {
  const items = outerSelectItems(sourceTokens(load));
  if (items.length === 0 || items.some(isOpaqueItem)) return false;
  const filtered = sourceFilterColumns(load);
  const feeding = new Map<string, Token[]>();
  items.forEach((item, i) => {
    const column = load.columns[i]?.name ?? aliasOf(item);
    if (column) feeding.set(column.toLowerCase(), item);
  });
  return [...deleted].every((column) => {
    const item = feeding.get(column);
    if (item === undefined || item.some((t) => isValueToken(t) && shared.has(t.text))) return false;
    return ![...referencedColumns(item)].some((c) => filtered.has(c));
  });
}

/** `*`, `t.*` or a Jinja macro such as `{{ dbt_utils.star(...) }}`: the columns it writes are unknown. */
function isOpaqueItem(item: readonly Token[]): boolean {
  return item.some((t) => isOperator(t, '*') && (item.length === 1 || isPunct(item[item.indexOf(t) - 1], '.'))) || item.some((t) => t.kind === 'jinja-expr');
}

function isValueToken(t: Token): boolean {
  return t.kind === 'string' || t.kind === 'jinja-expr' || t.kind === 'param';
}

export function sourceTokens(insert: InsertStatement): Token[] {
  return insert.source.span === null ? [] : tokensIn(insert.tokens, insert.source.span);
}

/** Columns the outer WHERE of an INSERT ... SELECT filters on, as the source names them. */
export function sourceFilterColumns(insert: InsertStatement): Set<string> {
  return referencedColumns(topLevelWhere(sourceTokens(insert)));
}

/**
 * Target columns that pick which rows the load writes: the column list of VALUES, or the filtered source
 * columns plus the target columns they are written to (`SELECT li.order_date` into `revenue_date`).
 */
function writtenFilterColumns(insert: InsertStatement): Set<string> {
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
}

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

/** Tables the tokens read or name, other than `self`. */
function tablesRead(tokens: readonly Token[], self: TableRef | null): TableRef[] {
  return tableRefsIn(tokens).filter((ref) => self === null || !sameTable(ref, self));
}
