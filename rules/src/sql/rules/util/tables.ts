import type { Span } from '../../../core/types.js';
import type { Statement, TableRef, Token } from '../../model.js';
import { isPunct, isWord, readDottedName } from './tokens.js';

/** Same table when the full names match, or when one side is unqualified and the last parts match. */
export function sameTable(a: TableRef, b: TableRef): boolean {
  return namesMatch(a.name, b);
}

export function namesMatch(name: string, ref: TableRef): boolean {
  if (name === ref.name) return true;
  const parts = name.split('.');
  const base = parts[parts.length - 1];
  if (base !== ref.baseName) return false;
  return parts.length === 1 || !ref.name.includes('.');
}

const NOT_AN_ALIAS = new Set([
  'SET', 'USING', 'ON', 'WHERE', 'VALUES', 'SELECT', 'DEFAULT', 'WITH', 'OVERRIDING', 'PARTITION', 'BY', 'FROM',
  'OUTPUT', 'RETURNING', 'AS',
]);

/** The alias written after a target (`MERGE INTO orders AS o`, `UPDATE orders o SET`), or null. */
export function aliasAfter(tokens: readonly Token[], target: Span): string | null {
  let i = tokens.findIndex((t) => t.start >= target.end);
  if (i < 0) return null;
  if (isWord(tokens[i], 'AS')) i++;
  const token = tokens[i];
  if (token?.kind === 'quoted-ident') return token.value;
  if (token?.kind === 'word' && !NOT_AN_ALIAS.has(token.value)) return token.value.toLowerCase();
  return null;
}

/** Names that refer to the target inside its own statement: its alias, its full name and its last part. */
export function targetQualifiers(statement: Statement, target: TableRef): Set<string> {
  const names = new Set([target.name, target.baseName]);
  const alias = aliasAfter(statement.tokens, target.span);
  if (alias !== null) names.add(alias);
  return names;
}

/** True when a FROM/JOIN in the tokens reads the table (or `{{ this }}` when the target is templated as it). */
export function readsTable(tokens: readonly Token[], target: TableRef): boolean {
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!isWord(tokens[i], 'FROM', 'JOIN')) continue;
    const name = readDottedName(tokens, i + 1);
    if (name !== null && namesMatch(name.name, target)) return true;
  }
  return false;
}

/** The table named after FROM in a subquery that starts at `open` (a `(`), or null. */
export function firstFromName(tokens: readonly Token[], open: number, close: number): { name: string; token: Token } | null {
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth--;
    else if (depth === 0 && isWord(tokens[i], 'FROM')) {
      const name = readDottedName(tokens, i + 1);
      return name === null ? null : { name: name.name, token: tokens[i + 1] };
    }
  }
  return null;
}
