import type { Span } from '../../../core/types.js';
import type { Statement, TableRef, Token } from '../../model.js';
import { isWord } from './tokens.js';

export { referencesTable, sameTable } from '../../expr.js';

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
