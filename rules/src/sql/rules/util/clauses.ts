import type { Token } from '../../model.js';
import { walkOutward } from './tokens.js';

const CLAUSE_KEYWORDS = new Set([
  'SELECT', 'FROM', 'JOIN', 'ON', 'USING', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'ORDER', 'LIMIT', 'WINDOW',
  'VALUES', 'SET', 'RETURNING', 'PARTITION', 'UNION', 'EXCEPT', 'INTERSECT', 'WITH',
]);

/** Clauses that decide which rows are read, not what is written. */
export const FILTER_CLAUSES: ReadonlySet<string> = new Set(['WHERE', 'HAVING', 'QUALIFY', 'ON']);

/** Clauses whose values never reach a written row. */
const NON_VALUE_CLAUSES: ReadonlySet<string> = new Set([...FILTER_CLAUSES, 'GROUP', 'ORDER', 'LIMIT', 'PARTITION', 'WINDOW']);

/**
 * The clause keyword governing `tokens[index]` at each parenthesis level, innermost first. A level whose
 * clause is not visible (the region starts inside it) contributes nothing.
 */
export function clauseChain(tokens: readonly Token[], index: number): string[] {
  const chain: string[] = [];
  let foundAt = -1;
  walkOutward(tokens, index, (token, at, level) => {
    if (level > foundAt && token.kind === 'word' && CLAUSE_KEYWORDS.has(token.value) && !isWithinGroup(tokens, at)) {
      chain.push(token.value);
      foundAt = level;
    }
    return false;
  });
  return chain;
}

// `listagg(x) WITHIN GROUP (ORDER BY x)`: that GROUP belongs to an aggregate, not to the query.
function isWithinGroup(tokens: readonly Token[], j: number): boolean {
  return tokens[j].value === 'GROUP' && tokens[j - 1]?.value === 'WITHIN';
}

export function inFilterClause(tokens: readonly Token[], index: number): boolean {
  return clauseChain(tokens, index).some((c) => FILTER_CLAUSES.has(c));
}

/** True when the value at `index` can end up in a written row: no enclosing level is a filter, sort or grouping. */
export function inValuePosition(tokens: readonly Token[], index: number): boolean {
  return !clauseChain(tokens, index).some((c) => NON_VALUE_CLAUSES.has(c));
}
