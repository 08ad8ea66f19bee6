import type { Span } from '../../../core/types.js';
import type { SqlDocument, Statement, Token } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { inFilterClause } from '../util/clauses.js';
import { isClockCall } from '../util/functions.js';
import { mergeSourceTokens, sourceTokens } from '../util/regions.js';
import { tokensIn } from '../util/tokens.js';

/** dbt project folders; the innermost one in a path says what the file is. */
const DBT_FOLDER = /(?:^|[\\/])(models|tests|analyses|analysis|macros|snapshots)(?=[\\/])/g;

export default defineSqlRule({
  meta: {
    id: 'wall-clock-window',
    language: 'sql',
    concept: 'late-data',
    defaultSeverity: 'warn',
    messages: {
      window:
        'The rows loaded here are picked by {{call}}, the moment the job runs: a rerun, a backfill or a late run reads a different window than the run it stands in for.',
    },
    docs: {
      description: 'Flags load windows computed from the clock (`now()`, `current_date`, `getdate()`) in statements that write data, and in dbt models.',
      why: [
        '`where order_date = current_date - 1` means "yesterday as seen by the machine running the job", not "the',
        'day this run is for". Rerun Monday\'s job on Wednesday and it loads Tuesday instead; a run delayed past',
        'midnight skips a day; a backfill of last month is impossible without editing the SQL. It is processing',
        'time standing in for event time.',
        '',
        'Reported in the WHERE, HAVING or QUALIFY of an `INSERT ... SELECT`, a `MERGE` source, a `CREATE TABLE ... AS`,',
        'and any SELECT of a dbt model (a file with `config()`, or under `models/`). Not reported: plain SELECT',
        'scripts, views (they are evaluated when read, not loaded), dbt singular tests, analyses, macros and snapshots,',
        'retention DELETEs (`where created_at < now() - interval \'90 days\'` is fine to rerun), and clock',
        'values written into columns (`nondeterministic-value` covers those).',
      ].join('\n'),
      howToFix: [
        'Pass the run\'s logical date in and filter on it: `{{ ds }}` or `{{ data_interval_start }}` in Airflow, a',
        '`var(\'run_date\')` in dbt, a bind parameter elsewhere. The same run then always reads the same window, and a',
        'backfill is just a run with an older date.',
      ].join('\n'),
      whenNotToUse: [
        'Ad-hoc or monitoring queries that are meant to look at "now", and snapshot jobs that by design record the',
        'state as of the moment they ran.',
      ].join('\n'),
      bad: [
        {
          title: 'Yesterday, according to the clock',
          code: 'INSERT INTO analytics.daily_orders\nSELECT order_date, sum(amount)\nFROM raw.orders\nWHERE order_date = current_date - 1\nGROUP BY order_date;\n',
          filename: 'load_daily_orders.sql',
        },
      ],
      good: [
        {
          title: 'The day comes from the run',
          code: "INSERT INTO analytics.daily_orders\nSELECT order_date, sum(amount)\nFROM raw.orders\nWHERE order_date = DATE '{{ ds }}'\nGROUP BY order_date;\n",
          filename: 'load_daily_orders.sql',
        },
      ],
    },
  },
  create(context) {
    const doc = context.doc;
    const isModel = isDbtModel(doc, context.filename);
    const check = (s: Statement, regionOf: () => readonly Token[]): void => {
      if (!s.calls.some(isClockCall)) return;
      const region = regionOf();
      const call = s.calls.find((c) => isClockCall(c) && inFilter(region, c.span));
      if (call === undefined) return;
      const text = call.niladic ? context.text(call.nameSpan) : `${context.text(call.nameSpan)}()`;
      context.report({ span: call.span, messageId: 'window', data: { call: text } });
    };
    return {
      insert: (s) => check(s, () => sourceTokens(s)),
      merge: (s) => check(s, () => mergeSourceTokens(s)),
      create: (s) => {
        const query = s.asQuery;
        if (query !== null && s.objectType !== 'view') check(s, () => tokensIn(s.tokens, query.span));
      },
      select: (s) => (isModel ? check(s, () => s.tokens) : undefined),
    };
  },
});

/**
 * A file under `models/` that uses dbt, or a file with a `config()` outside the folders of singular tests, analyses,
 * macros and snapshots: a freshness test is meant to compare with the clock, and an analysis writes nothing.
 */
function isDbtModel(doc: SqlDocument, filename: string): boolean {
  const folders = [...filename.matchAll(DBT_FOLDER)].map((m) => m[1]);
  const innermost = folders[folders.length - 1];
  if (innermost === undefined) return doc.dbt.config !== null;
  return innermost === 'models' && (doc.dbt.config !== null || doc.dbt.isDbtModel);
}

function inFilter(region: readonly Token[], span: Span): boolean {
  const at = region.findIndex((t) => t.start === span.start);
  return at >= 0 && inFilterClause(region, at);
}
