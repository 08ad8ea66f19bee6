import type { Token } from '../../model.js';
import { isPunct } from './tokens.js';

const KEYWORDS = new Set([
  'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'BETWEEN', 'LIKE', 'ILIKE', 'TRUE', 'FALSE', 'EXISTS', 'SELECT', 'FROM',
  'WHERE', 'AS', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'INTERVAL', 'DATE', 'TIMESTAMP', 'TIME', 'CAST', 'ANY',
  'ALL', 'SOME', 'DISTINCT', 'ON', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS', 'USING', 'GROUP',
  'BY', 'ORDER', 'HAVING', 'LIMIT', 'UNION', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MONTH', 'YEAR', 'WEEK', 'ESCAPE',
  'ASC', 'DESC', 'QUALIFY', 'OVER', 'PARTITION', 'WITH', 'DAYS', 'HOURS', 'MINUTES', 'CURRENT_DATE',
  'CURRENT_TIMESTAMP', 'SYSDATE', 'LOCALTIMESTAMP', 'CURRENT_TIME', 'UNKNOWN',
]);

/**
 * Column names referenced in an expression, lower-cased and unqualified (`o.event_date` gives `event_date`).
 * Function names, keywords and table qualifiers are left out.
 */
export function referencedColumns(tokens: readonly Token[]): Set<string> {
  const columns = new Set<string>();
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (isPunct(next, '.') || isPunct(next, '(')) return;
    if (token.kind === 'word' && !KEYWORDS.has(token.value)) columns.add(token.value.toLowerCase());
    else if (token.kind === 'quoted-ident') columns.add(token.value.toLowerCase());
  });
  return columns;
}

/** Names that by convention hold a date or a time: `event_date`, `loaded_at`, `ds`, `ts`. */
export function isTemporalName(name: string): boolean {
  return /(^|_)(date|day|dt|ds|ts|at|time|timestamp|datetime|hour|month)$/.test(name.toLowerCase()) || /^(date|day|ts|dt|ds)_/.test(name.toLowerCase());
}

/** Names that by convention hold a whole day: `event_date`, `order_day`, `date`. */
export function isDateName(name: string): boolean {
  return /(^|_)(date|day)$/.test(name.toLowerCase());
}
