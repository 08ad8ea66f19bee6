import type { TableRef } from '../../model.js';

/**
 * Default `allowTables` globs: tables that are logs by design (a statement log, an audit trail, one stats row per
 * run). A re-run adds a row about the re-run, which is what such a table is for, and the clock in it is the data.
 */
export const LOG_TABLES: readonly string[] = ['log', 'logs', '*_log', '*_logs', 'audit', 'audit_*', '*_audit', '*_audit_trail', 'run_stats*', '*_run_stats*'];

/**
 * True when the target's name carries a run placeholder: `stage_{{ batch_id }}`, `facts_${YEAR}`. The job fills a
 * new table for each run (a previous step of the job creates it empty), so nothing from an earlier run is in it.
 * A placeholder only in the schema part (`{{ schema }}.orders`) names the environment, not the run.
 */
export function namedPerRun(text: string, target: TableRef): boolean {
  // The span may stop before a placeholder glued to the name (`stage_{{ id }}`): read on while the name goes on.
  let end = target.span.end;
  for (let m = PLACEHOLDER_AT.exec(text.slice(end, end + 200)); m !== null; m = PLACEHOLDER_AT.exec(text.slice(end, end + 200))) end += m[0].length;
  const name = text.slice(target.span.start, end).replace(PLACEHOLDER, '\u0000');
  const last = name.split('.').pop() ?? '';
  // `{{ this }}` or `{{ ref('x') }}` alone names a model, not a run: the placeholder must be glued to a name.
  return last.includes('\u0000') && /\w/.test(last.replace(/\u0000/g, ''));
}

const PLACEHOLDER = /\{\{[^}]*\}\}|\$\{[^}]*\}|\$\([^)]*\)/g;
/** A placeholder or name characters right where the name stops. */
const PLACEHOLDER_AT = /^(?:\{\{[^}]*\}\}|\$\{[^}]*\}|\$\([^)]*\)|\w+)/;
