import type { Span } from '../../core/types.js';
import type { Expr, FunctionCall, InsertStatement, MergeStatement, SetItem, Statement } from '../model.js';
import { defineSqlRule } from '../rule-api.js';
import { inValuePosition } from './util/clauses.js';
import { isClockCall, isRandomCall } from './util/functions.js';
import { sourceTokens } from './util/replace.js';
import { aliasOf, selectItemAt } from './util/select-items.js';
import { commaItems, contains } from './util/tokens.js';

interface Options {
  allowAuditColumns: string[];
}

const AUDIT_COLUMNS = ['loaded_at', '_loaded_at', 'updated_at', 'inserted_at', 'created_at', 'etl_loaded_at', '_etl_loaded_at', 'dbt_updated_at'];

/** A nondeterministic call and the column it is written to, when known. */
interface Written {
  call: FunctionCall;
  column: string | null;
}

export default defineSqlRule<Options>({
  meta: {
    id: 'nondeterministic-value',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'warn',
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
            'Columns that record when a row was written (load timestamps). Clock values written into a column of one of these names (case-insensitive) are not reported.',
        },
      },
      additionalProperties: false,
    },
    fixable: false,
    hasSuggestions: false,
    docs: {
      description: 'Flags clock and random functions whose value is written into target rows by INSERT, UPDATE or MERGE.',
      why: [
        'The simplest test of an idempotent job: run it twice on the same input and compare the output byte for byte.',
        '`now()`, `current_date`, `random()` and `gen_random_uuid()` fail that test by construction. A row stamped with',
        'the wall clock gets a different stamp on the rerun; a surrogate key from `uuid()` gets a different key, so a',
        'MERGE on that key no longer finds yesterday\'s row and inserts a second one.',
        '',
        'Calls in WHERE filters are left to `wall-clock-window`; calls in plain SELECTs and in DDL defaults are not',
        'reported.',
      ].join('\n'),
      howToFix: [
        'Write values that come from the input or from the run: the run\'s logical date passed in as a parameter',
        '(`{{ ds }}` in Airflow, a `var()` in dbt, a bind parameter), and keys derived from natural keys (a hash of',
        'the business key) instead of random UUIDs.',
      ].join('\n'),
      whenNotToUse: [
        'Load-audit columns that say when a row was written are meant to differ between runs; the usual names are',
        'allowed by default (`loaded_at`, `updated_at`, ...), and `allowAuditColumns` takes yours.',
      ].join('\n'),
      bad: [
        {
          title: 'The snapshot date comes from the clock',
          code: 'INSERT INTO analytics.balances_snapshot (snapshot_date, account_id, balance)\nSELECT current_date, account_id, balance\nFROM raw.accounts;\n',
          filename: 'snapshot.sql',
        },
      ],
      good: [
        {
          title: 'The snapshot date is the run\'s logical date',
          code: "INSERT INTO analytics.balances_snapshot (snapshot_date, account_id, balance)\nSELECT DATE '{{ ds }}', account_id, balance\nFROM raw.accounts;\n",
          filename: 'snapshot.sql',
        },
        {
          title: 'A load timestamp in an audit column',
          code: 'UPDATE analytics.accounts\nSET status = \'closed\', updated_at = now()\nWHERE account_id = 42;\n',
          filename: 'close_account.sql',
        },
      ],
    },
  },
  defaultOptions: { allowAuditColumns: AUDIT_COLUMNS },
  create(context) {
    const allowed = new Set(context.options.allowAuditColumns.map((c) => c.toLowerCase()));
    const report = (written: Written[]): void => {
      for (const { call, column } of written) {
        if (column !== null && allowed.has(column)) continue;
        const text = call.niladic ? context.text(call.nameSpan) : `${context.text(call.nameSpan)}()`;
        context.report({ span: call.span, messageId: isClockCall(call) ? 'clock' : 'random', data: { call: text, column: column ?? 'the written rows' } });
      }
    };
    return {
      insert: (s) => report([...insertValues(s), ...setItemValues(s, [...(s.onConflict?.setItems ?? []), ...(s.onDuplicateKey?.setItems ?? [])])]),
      update: (s) => report(setItemValues(s, s.setItems)),
      merge: (s) => report(mergeValues(s)),
    };
  },
});

function suspicious(s: Statement, within: Span): FunctionCall[] {
  return s.calls.filter((c) => contains(within, c.span) && (isClockCall(c) || isRandomCall(c)));
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

function mergeValues(s: MergeStatement): Written[] {
  return s.whens.flatMap((when) => {
    const updated = setItemValues(s, when.setItems);
    const inserted = when.insertValues === null ? [] : rowValues(s, when.insertValues, when.insertColumns.map((c) => c.toLowerCase()));
    return [...updated, ...inserted];
  });
}

