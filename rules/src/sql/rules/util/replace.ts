import type { CopyStatement, DeleteStatement, InsertStatement, SqlDocument, TableRef, Token, TruncateStatement } from '../../model.js';
import { referencedColumns } from './columns.js';
import { isClockCall } from './functions.js';
import { tableRefsIn } from '../../expr.js';
import { sameTable } from './tables.js';
import { contains, isPunct, isWord, tokensIn } from './tokens.js';

export type Emptying = DeleteStatement | TruncateStatement;
export type Load = InsertStatement | CopyStatement;

/**
 * The nearest DELETE or TRUNCATE of the load's target, earlier in the file, that empties what the load refills:
 * a TRUNCATE, an unconditional DELETE, a DELETE keyed on a table the load reads, or a DELETE whose filter
 * shares a column with the load's filter. Retention deletes (filtered on the clock) are not replaces.
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
  const where = del.where;
  if (del.calls.some((c) => contains(where.span, c.span) && isClockCall(c))) return false;
  if (load.kind === 'copy') return false;
  const sources = tablesRead(sourceTokens(load), load.target);
  if (tablesRead(del.tokens, del.target).some((ref) => sources.some((source) => sameTable(ref, source)))) return true;
  const filtered = loadFilterColumns(load);
  if (filtered.size === 0) return true;
  return [...referencedColumns(where.tokens)].some((c) => filtered.has(c));
}

export function sourceTokens(insert: InsertStatement): Token[] {
  return insert.source.span === null ? [] : tokensIn(insert.tokens, insert.source.span);
}

/** Columns that pick which rows the load writes: the outer WHERE of its query, or the column list of VALUES. */
export function loadFilterColumns(insert: InsertStatement): Set<string> {
  if (insert.source.kind === 'values') return new Set(insert.columns.map((c) => c.name.toLowerCase()));
  return referencedColumns(topLevelWhere(sourceTokens(insert)));
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
