import type { Expr, SetItem, Token } from '../../model.js';
import { isOperator, isPunct, isWord } from './tokens.js';

/**
 * True when the guard tests a column the same statement sets (`WHERE status = 'pending'`, `WHERE NOT processed`,
 * `WHERE shipped_at IS NULL`, `WHERE state IN (...)`): once applied, the row no longer matches, so a second run
 * changes nothing.
 */
export function pinsSetColumn(guard: Expr | null, items: readonly SetItem[], qualifiers: ReadonlySet<string>): boolean {
  if (guard === null) return false;
  const tokens = guard.tokens;
  const columns = new Set(items.map((item) => item.column.toLowerCase()));
  return tokens.some((t, i) => isNameOf(t, columns) && qualifiedByTarget(tokens, i, qualifiers) && isTested(tokens, i));
}

function isTested(tokens: readonly Token[], i: number): boolean {
  const next = tokens[i + 1];
  if (isOperator(next, '=') || isWord(next, 'IS', 'IN')) return true;
  const start = isPunct(tokens[i - 1], '.') ? i - 2 : i;
  return isWord(tokens[start - 1], 'NOT') && !isOperator(next) && !isWord(next, 'LIKE', 'BETWEEN', 'IN');
}

function qualifiedByTarget(tokens: readonly Token[], i: number, qualifiers: ReadonlySet<string>): boolean {
  if (!isPunct(tokens[i - 1], '.')) return true;
  return tokens[i - 2] !== undefined && qualifiers.has(tokens[i - 2].value.toLowerCase());
}

function isNameOf(token: Token, columns: ReadonlySet<string>): boolean {
  return (token.kind === 'word' || token.kind === 'quoted-ident') && columns.has(token.value.toLowerCase());
}
