import { columnRefs } from '../../expr.js';
import type { Token } from '../../model.js';
import { isOperator, isWord } from './tokens.js';

/**
 * Column names referenced in an expression, unqualified: `o.event_date` gives `event_date`. The type of a
 * `x::date` cast and the unit of `INTERVAL 1 DAY` are not columns, though the front end lists them.
 */
export function referencedColumns(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  let from = 0;
  for (const ref of columnRefs(tokens)) {
    const at = indexOfStart(tokens, ref.span.start, from);
    if (at >= 0) from = at;
    if (!isTypeOrUnit(tokens, at)) names.add(ref.name.toLowerCase());
  }
  return names;
}

/** The index of the token starting at `start`, searching on from `from` (references come in source order). */
function indexOfStart(tokens: readonly Token[], start: number, from: number): number {
  for (let i = from; i < tokens.length; i++) if (tokens[i].start === start) return i;
  return -1;
}

function isTypeOrUnit(tokens: readonly Token[], at: number): boolean {
  if (at < 1) return false;
  if (isOperator(tokens[at - 1], '::')) return true;
  return isWord(tokens[at - 2], 'INTERVAL') && (tokens[at - 1].kind === 'number' || tokens[at - 1].kind === 'string');
}

/** Names that by convention hold a date or a time: `event_date`, `loaded_at`, `ds`, `ts`. */
export function isTemporalName(name: string): boolean {
  return /(^|_)(date|day|dt|ds|ts|at|time|timestamp|datetime|hour|month)$/.test(name.toLowerCase()) || /^(date|day|ts|dt|ds)_/.test(name.toLowerCase());
}

/** Names that by convention hold a whole day: `event_date`, `order_day`, `date`. */
export function isDateName(name: string): boolean {
  return /(^|_)(date|day)$/.test(name.toLowerCase());
}
