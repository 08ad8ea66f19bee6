import { columnRefs } from '../../expr.js';
import type { Token } from '../../model.js';

/** Column names referenced in an expression, unqualified: `o.event_date` gives `event_date`. */
export function referencedColumns(tokens: readonly Token[]): Set<string> {
  return new Set(columnRefs(tokens).map((c) => c.name.toLowerCase()));
}

/** Names that by convention hold a date or a time: `event_date`, `loaded_at`, `ds`, `ts`. */
export function isTemporalName(name: string): boolean {
  return /(^|_)(date|day|dt|ds|ts|at|time|timestamp|datetime|hour|month)$/.test(name.toLowerCase()) || /^(date|day|ts|dt|ds)_/.test(name.toLowerCase());
}

/** Names that by convention hold a whole day: `event_date`, `order_day`, `date`. */
export function isDateName(name: string): boolean {
  return /(^|_)(date|day)$/.test(name.toLowerCase());
}
