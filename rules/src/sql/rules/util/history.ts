import type { SqlDocument, Statement, TableRef } from '../../model.js';
import { countBefore, declaredTemporaryTable, tableHistory, temporaryDeclarations } from './doc-index.js';
import { sameTable } from './tables.js';

/**
 * The latest statement before `index` after which the table is new or empty on every run: a TRUNCATE, a DROP,
 * a CREATE OR REPLACE, a temporary table, or a plain CREATE (which fails instead of reusing an old table).
 * `CREATE TABLE IF NOT EXISTS` does not count: on a re-run it keeps yesterday's rows.
 */
export function resetBefore(doc: SqlDocument, index: number, target: TableRef): Statement | null {
  const history = tableHistory(doc, target);
  const count = countBefore(history, index);
  if (count === 0) return null;
  let latest = latestResets.get(history);
  if (latest === undefined) {
    // One pass per table: the latest reset at or before each entry, so each question is a binary search, not a walk back.
    latest = new Int32Array(history.length);
    let last = -1;
    for (let i = 0; i < history.length; i++) {
      if (resets(history[i], target)) last = i;
      latest[i] = last;
    }
    latestResets.set(history, latest);
  }
  const at = latest[count - 1];
  return at < 0 ? null : history[at];
}

/**
 * Per table history (one array per name asked about; `sameTable` reads only that name's parts, so every `target`
 * that shares the array gets the same answers): the position of the latest reset at or before each entry.
 */
const latestResets = new WeakMap<readonly Statement[], Int32Array>();

const firstMatches = new WeakMap<readonly Statement[], Map<string, number>>();

/**
 * Whether a statement of `history` (a {@link tableHistory} array) before document position `index` passes `test`.
 * `key` names the test: tests with the same key on the same history must give the same answers, because the
 * first statement that passes is computed once and every later question is a binary search. Without this, asking
 * for each of n statements on one table walks the table's history each time: quadratic in n.
 */
export function someBefore(history: readonly Statement[], index: number, key: string, test: (s: Statement) => boolean): boolean {
  let byKey = firstMatches.get(history);
  if (byKey === undefined) {
    byKey = new Map();
    firstMatches.set(history, byKey);
  }
  let first = byKey.get(key);
  if (first === undefined) {
    first = history.findIndex(test);
    if (first < 0) first = history.length;
    byKey.set(key, first);
  }
  return first < countBefore(history, index);
}

function resets(s: Statement, target: TableRef): boolean {
  switch (s.kind) {
    case 'truncate':
      return s.targets.some((t) => sameTable(t, target));
    case 'drop':
      return s.objectType === 'table' && s.names.some((t) => sameTable(t, target));
    case 'create':
      return s.objectType === 'table' && s.name !== null && sameTable(s.name, target) && (s.orReplace || s.temporary || !s.ifNotExists);
    default:
      return false;
  }
}

/** True for temporary tables the script declares itself, SQL Server `#temp` names and BigQuery `_SESSION` tables. */
export function isTemporaryTable(doc: SqlDocument, target: TableRef): boolean {
  if (target.baseName.startsWith('#') || target.name.startsWith('_session.')) return true;
  return temporaryDeclarations(doc, target).some((s) => (s.kind === 'create' && s.temporary && s.name !== null && sameTable(s.name, target)) || declaresTemporary(s, target));
}

/** DB2 `DECLARE GLOBAL TEMPORARY TABLE session.x`. */
function declaresTemporary(s: Statement, target: TableRef): boolean {
  const name = declaredTemporaryTable(s);
  return name !== null && sameTable(name, target);
}

export function sameTransaction(a: Statement, b: Statement): boolean {
  return a.transaction !== null && b.transaction !== null && a.transaction.id === b.transaction.id;
}
