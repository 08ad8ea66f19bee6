import type { CreateStatement, SqlDocument, TableRef, Token } from '../../model.js';
import { tableHistory } from './doc-index.js';
import { memoize } from './memo.js';
import { sameTable } from './tables.js';
import { closingParen, commaItems, isPunct, isWord } from './tokens.js';

/**
 * The primary key (or else the first UNIQUE key) that a CREATE TABLE in the file declares for the table, as
 * column names; null when the file does not say.
 */
export function declaredKey(doc: SqlDocument, table: TableRef): readonly string[] | null {
  const create = tableHistory(doc, table).find((s): s is CreateStatement => s.kind === 'create' && s.objectType === 'table' && s.name !== null && sameTable(s.name, table));
  return create === undefined ? null : keyOfTable(create);
}

const keyOfTable = memoize((create: CreateStatement): readonly string[] | null => keyOf(create.tokens, 'PRIMARY') ?? keyOf(create.tokens, 'UNIQUE'));

function keyOf(tokens: readonly Token[], keyword: 'PRIMARY' | 'UNIQUE'): string[] | null {
  const open = tokens.findIndex((t) => isPunct(t, '('));
  if (open < 0) return null;
  const close = closingParen(tokens, open);
  const definitions = commaItems(tokens.slice(open, close + 1));
  for (const definition of definitions) {
    const at = definition.findIndex((t) => isWord(t, keyword));
    if (at < 0) continue;
    const list = definition.findIndex((t, i) => i > at && isPunct(t, '('));
    const isConstraint = at === 0 || isWord(definition[0], 'CONSTRAINT');
    if (isConstraint && list > 0) return commaItems(definition.slice(list, closingParen(definition, list) + 1)).map((c) => c[0].text);
    if (!isConstraint) return [definition[0].text];
  }
  return null;
}
