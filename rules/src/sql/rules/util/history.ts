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
  for (let i = countBefore(history, index) - 1; i >= 0; i--) {
    if (resets(history[i], target)) return history[i];
  }
  return null;
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
