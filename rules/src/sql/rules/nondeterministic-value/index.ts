import type { Span } from '../../../core/types.js';
import type { Expr, FunctionCall, InsertStatement, SetItem, Statement, TableRef } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { globMatcher } from '../util/glob.js';
import { inValuePosition } from '../util/clauses.js';
import { isClockCall, isRandomCall } from '../util/functions.js';
import { sourceTokens } from '../util/regions.js';
import { aliasOf, selectItemAt } from '../util/select-items.js';
import { resetBefore } from '../util/history.js';
import { LOG_TABLES } from '../util/log-tables.js';
import { MIGRATION_DEFAULTS, MIGRATION_SCHEMA, skipsMigration, type MigrationOptions } from '../util/migrations.js';
import { pinsSetColumn } from '../util/pins.js';
import { targetQualifiers } from '../util/tables.js';
import { commaItems, contains, isOperator, isPunct, isWord } from '../util/tokens.js';
import docs from './docs.js';

interface Options extends MigrationOptions {
  allowAuditColumns: string[];
  allowTables: string[];
}

const AUDIT_COLUMNS = [
  'loaded_at', '_loaded_at', 'updated_at', 'inserted_at', 'created_at', 'modified_at', 'ingested_at', '_ingested_at',
  'processed_at', 'etl_loaded_at', '_etl_loaded_at', 'etl_updated_at', 'dbt_updated_at', 'load_ts', 'etl_load_ts',
  // When the row's delivery state changed (an outbox row published, a notification sent): stamped by the step that
  // changed it. `started_at` stays out: it often holds a business fact (when a subscription or trial began).
  'published_at', 'sent_at', 'delivered_at', 'acked_at', 'acknowledged_at', 'completed_at', 'finished_at',
];

/**
 * Refresh stamps in an update branch (`SET _last_updated_at = now()`, `etl_update_dt`, `last_refreshed_at_utc`): when
 * the row was last rewritten, which a re-run rightly moves. Only for UPDATE and upsert/MERGE-update assignments, and
 * never for a creation stamp (`created_at` overwritten on every match is a real bug).
 */
const REFRESH_STAMP =
  /(?:^|_)(?:last_)?(?:updated?|modified|refreshed|changed|calculated|processed|loaded|synced)(?:_(?:at|on|ts|dt|date|time|timestamp|datetime))?(?:_utc)?$|^last_(?:update|modified|refresh|sync|run)/;
const CREATION = /creat|insert|first|start|born|added/;

function isRefreshStamp(column: string): boolean {
  return REFRESH_STAMP.test(column) && !CREATION.test(column);
}

/** A nondeterministic call and the column it is written to, when known. */
interface Written {
  call: FunctionCall;
  column: string | null;
}

export default defineSqlRule<Options, 'clock' | 'random'>({
  meta: {
    id: 'nondeterministic-value',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      clock: '{{call}} reads the clock, so each run writes a different value into {{column}}: two runs over the same input never leave the same table.',
      random: '{{call}} returns a new value on every run, so a re-run writes different {{column}} values for the same input rows, and the copies cannot be matched up.',
    },
    schema: {
      type: 'object',
      properties: {
        allowAuditColumns: {
          type: 'array',
          items: { type: 'string' },
          default: AUDIT_COLUMNS,
          description:
            'Columns that record when a row was written (load timestamps) or when its delivery state changed (`published_at` on an outbox row). Clock values written into a column of one of these names (case-insensitive) are not reported. Besides these, refresh stamps assigned in an UPDATE or in the update branch of an upsert or MERGE (`*_updated_at`, `etl_update_dt`, `last_refreshed_at_utc`) are not reported.',
        },
        allowTables: {
          type: 'array',
          items: { type: 'string' },
          default: LOG_TABLES,
          description:
            'Glob patterns (matched against `schema.table` and the bare table name, case-insensitively) of log tables, where the clock is the data: a run log, an audit trail, one stats row per run. Set it to `[]` to check those too.',
        },
        ...MIGRATION_SCHEMA,
      },
      additionalProperties: false,
    },
    docs,
  },
  defaultOptions: { allowAuditColumns: AUDIT_COLUMNS, allowTables: [...LOG_TABLES], ...MIGRATION_DEFAULTS },
  create(context) {
    if (skipsMigration(context.filename, context.options)) return {};
    const allowed = new Set(context.options.allowAuditColumns.map((c) => c.toLowerCase()));
    const logTable = globMatcher(context.options.allowTables);
    const isLog = (target: TableRef | null): boolean => target !== null && logTable !== null && (logTable(target.name) || logTable(target.baseName));
    const report = (written: Written[], updating = false): void => {
      for (const { call, column } of written) {
        // In an update branch a creation stamp is overwritten on every match: reported even when it is allowed.
        if (column !== null && (updating ? isRefreshStamp(column) || (allowed.has(column) && !CREATION.test(column)) : allowed.has(column))) continue;
        const text = call.niladic ? context.text(call.nameSpan) : `${context.text(call.nameSpan)}()`;
        context.report({ span: call.span, messageId: isClockCall(call) ? 'clock' : 'random', data: { call: text, column: column ?? 'the written rows' } });
      }
    };
    // Every value reported is one of the statement's clock or random calls: most statements have none.
    return {
      insert: (s) => {
        if (!s.calls.some(isSuspicious) || isLog(s.target)) return;
        report(insertValues(s).filter((w) => rewrittenByRerun(s, w.column)));
        report(setItemValues(s, upsertItems(s)), true);
      },
      update: (s) => {
        if (!s.calls.some(isSuspicious) || isLog(s.target)) return;
        if (s.target !== null && stampsRebuiltTable(s, s.target, context.doc)) return;
        if (s.target === null || !pinsSetColumn(s.where, s.setItems, targetQualifiers(s, s.target))) report(setItemValues(s, s.setItems), true);
      },
      merge: (s) => {
        if (!s.calls.some(isSuspicious) || isLog(s.target)) return;
        for (const when of s.whens) report(setItemValues(s, when.setItems), true);
      },
    };
  },
});

/**
 * `CREATE OR REPLACE TABLE t AS ...; UPDATE t SET built_on = current_date;`: a build stamp on a table this script
 * just rebuilt. Every row gets it once per build, which is what it records; only when every assignment is a clock.
 */
function stampsRebuiltTable(s: Statement & { setItems: readonly SetItem[] }, target: TableRef, doc: Parameters<typeof resetBefore>[0]): boolean {
  if (s.setItems.length === 0 || !s.setItems.every((item) => isBareClock(s, item.value))) return false;
  return resetBefore(doc, s.index, target) !== null;
}

function isBareClock(s: Statement, value: Expr): boolean {
  const calls = suspicious(s, value.span);
  if (calls.length !== 1 || !isClockCall(calls[0])) return false;
  // The clock alone, or cast to a type: `current_date`, `now()::date`, `cast(sysdate() as date)`.
  const call = calls[0].span;
  return value.tokens.every((t) => contains(call, { start: t.start, end: t.start + t.text.length }) || isWord(t, ...CASTS) || isOperator(t, '::') || isPunct(t, '(') || isPunct(t, ')'));
}

const CASTS = ['CAST', 'AS', 'DATE', 'TIMESTAMP', 'TIMESTAMPTZ', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'DATETIME', 'TIME', 'TO_DATE', 'TO_TIMESTAMP'];

function upsertItems(s: InsertStatement): SetItem[] {
  return [...(s.onConflict?.setItems ?? []), ...(s.onDuplicateKey?.setItems ?? [])];
}

function isSuspicious(call: FunctionCall): boolean {
  return isClockCall(call) || isRandomCall(call);
}

function suspicious(s: Statement, within: Span): FunctionCall[] {
  return s.calls.filter((c) => contains(within, c.span) && isSuspicious(c));
}

function setItemValues(s: Statement, items: readonly SetItem[]): Written[] {
  return items.flatMap((item) => suspicious(s, item.value.span).map((call) => ({ call, column: item.column.toLowerCase() })));
}

/** Calls in a VALUES row or in the written select list of an INSERT ... SELECT. */
function insertValues(s: InsertStatement): Written[] {
  const columns = s.columns.map((c) => c.name.toLowerCase());
  if (s.source.kind === 'values') return s.source.rows.flatMap((row) => rowValues(s, row, columns));
  if (s.source.kind !== 'query' || s.source.span === null) return [];
  const region = sourceTokens(s);
  return suspicious(s, s.source.span).flatMap((call) => {
    const at = region.findIndex((t) => t.start === call.span.start);
    if (at < 0 || !inValuePosition(region, at)) return [];
    const item = selectItemAt(region, at);
    const byPosition = item?.outermost ? columns[item.position] : undefined;
    return [{ call, column: byPosition ?? (item ? aliasOf(item.tokens) : null) }];
  });
}

function rowValues(s: Statement, row: Expr, columns: readonly string[]): Written[] {
  const items = commaItems(row.tokens);
  return suspicious(s, row.span).map((call) => {
    const position = items.findIndex((item) => item.some((t) => t.start === call.span.start));
    return { call, column: columns[position] ?? null };
  });
}

/**
 * Whether a second run writes this insert value again. Rows an insert skips when they exist (`ON CONFLICT DO
 * NOTHING`, `INSERT IGNORE`, `NOT EXISTS`) keep the value of their first run, like an identity column; an upsert
 * rewrites only the columns its update branch names.
 */
function rewrittenByRerun(s: InsertStatement, column: string | null): boolean {
  if (s.guards.includes('not-exists') || s.guards.includes('anti-join')) return false;
  if (s.guards.includes('insert-ignore')) return s.tokens.slice(0, 3).some((t) => isWord(t, 'REPLACE'));
  if (s.onConflict?.action === 'nothing') return false;
  if (s.onConflict === null && s.onDuplicateKey === null) return true;
  return column === null || upsertItems(s).some((item) => item.value.tokens.some((t) => (t.kind === 'word' || t.kind === 'quoted-ident') && t.value.toLowerCase() === column));
}
