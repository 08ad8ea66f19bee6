import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedConfig, RuleSetting } from '../../../../rules/out/core/config.js';
import { lintText } from '../../../../rules/out/engine.js';
import { DIALECTS, type Dialect } from '../../../../rules/out/sql/model.js';
import { sqlRules } from '../../../../rules/out/sql/rules/index.js';

/**
 * Realistic pipeline SQL, one scenario per file, under `safe/<dir>/` and `unsafe/<dir>/`. `<dir>` is the dialect,
 * or a tool (`dbt`, `airflow`, `migrations`) whose files name their dialect below.
 */
const CORPUS = path.resolve(__dirname, '../../../fixtures/corpus');

const TOOL_DIALECTS: Record<string, Dialect> = { dbt: 'snowflake', airflow: 'postgres', migrations: 'postgres' };

interface Expectation {
  dialect?: Dialect;
  /** `<rule-id> <line>`, in line order. */
  findings: string[];
  /** Why a safe file may still produce these findings. */
  reason?: string;
}

const SAFE_EXCEPTIONS: Record<string, Expectation> = {
  'safe/dbt/models/marts/fct_events_daily.sql': { dialect: 'bigquery', findings: [] },
  'safe/airflow/merge_yesterday_window.sql': { dialect: 'snowflake', findings: [] },
  'safe/airflow/copy_hourly_files.sql': { dialect: 'snowflake', findings: [] },
  'safe/airflow/rebuild_report_partition.sql': { dialect: 'bigquery', findings: [] },
};

const UNSAFE: Record<string, Expectation> = {
  'unsafe/postgres/daily_revenue_autocommit.sql': { findings: ['non-atomic-replace 5'] },
  'unsafe/postgres/append_yesterday.sql': {
    findings: ['blind-insert 5', 'wall-clock-window 12', 'blind-insert 16', 'nondeterministic-value 17'],
  },
  'unsafe/postgres/setup_schema.sql': {
    findings: ['unguarded-ddl 4', 'unguarded-ddl 6', 'unguarded-ddl 14', 'unguarded-ddl 16', 'unguarded-ddl 18', 'unguarded-ddl 23'],
  },
  'unsafe/snowflake/force_reload_events.sql': { findings: ['copy-force-reload 12'] },
  'unsafe/snowflake/merge_full_scan.sql': { findings: ['merge-without-partition-filter 12'] },
  'unsafe/mysql/apply_wallet_deltas.sql': { findings: ['relative-update 11', 'relative-update 18'] },
  'unsafe/bigquery/snapshot_with_clock.sql': {
    findings: ['blind-insert 4', 'nondeterministic-value 6', 'nondeterministic-value 7'],
  },
  'unsafe/redshift/truncate_in_transaction.sql': { findings: ['non-atomic-replace 6'] },
  'unsafe/spark/append_partition.sql': { findings: ['blind-insert 13'] },
  'unsafe/dbt/models/fct_page_views.sql': { findings: ['incremental-without-unique-key 4'] },
  'unsafe/dbt/models/fct_transactions.sql': { findings: ['high-watermark-without-lookback 13'] },
  'unsafe/airflow/mismatched_replace.sql': { findings: ['blind-insert 9'] },
};

/** Every SQL rule at its default severity and options, and the front end's parse-error. */
const CHECKED = new Set([...sqlRules.map((r) => r.meta.id), 'parse-error']);

function corpusFiles(kind: 'safe' | 'unsafe'): string[] {
  const root = path.join(CORPUS, kind);
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.sql'))
    .map((name) => `${kind}/${name.split(path.sep).join('/')}`)
    .sort();
}

function dialectOf(file: string, expectation: Expectation | undefined): Dialect {
  if (expectation?.dialect) return expectation.dialect;
  const dir = file.split('/')[1];
  const dialect = (DIALECTS as readonly string[]).includes(dir) ? (dir as Dialect) : TOOL_DIALECTS[dir];
  assert.ok(dialect, `no dialect for ${file}: add its directory to TOOL_DIALECTS`);
  return dialect;
}

const RULES: Record<string, RuleSetting> = Object.fromEntries(sqlRules.map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: {} }]));

/** The checked findings of one file, each as `<rule-id> <line>` and with its message for the failure report. */
function lintCorpusFile(file: string, dialect: Dialect): { found: string[]; detail: string } {
  const config: ResolvedConfig = { rules: RULES, dialect, assumeInTransaction: false, ignore: [] };
  const result = lintText(fs.readFileSync(path.join(CORPUS, file), 'utf8'), { filename: file, config });
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'rule-error').map((f) => f.message), [], 'a rule crashed');
  const checked = result.findings.filter((f) => CHECKED.has(f.ruleId));
  return {
    found: checked.map((f) => `${f.ruleId} ${f.range.start.line}`),
    detail: checked.map((f) => `\n  ${f.range.start.line}:${f.range.start.column} ${f.ruleId}: ${f.message}`).join(''),
  };
}

describe('SQL rule corpus', () => {
  describe('safe pipeline SQL produces no finding', () => {
    for (const file of corpusFiles('safe')) {
      const expectation = SAFE_EXCEPTIONS[file];
      it(file, () => {
        const { found, detail } = lintCorpusFile(file, dialectOf(file, expectation));
        assert.deepEqual(found, expectation?.findings ?? [], `findings:${detail}`);
      });
    }
  });

  describe('unsafe pipeline SQL produces exactly the listed findings', () => {
    for (const file of corpusFiles('unsafe')) {
      it(file, () => {
        const expectation = UNSAFE[file];
        assert.ok(expectation, `${file} has no entry in UNSAFE`);
        const { found, detail } = lintCorpusFile(file, dialectOf(file, expectation));
        assert.deepEqual(found, expectation.findings, `findings:${detail}`);
      });
    }
  });

  it('lists only files that exist', () => {
    const present = new Set([...corpusFiles('safe'), ...corpusFiles('unsafe')]);
    assert.deepEqual([...Object.keys(SAFE_EXCEPTIONS), ...Object.keys(UNSAFE)].filter((f) => !present.has(f)), []);
  });
});
