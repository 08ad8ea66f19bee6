import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SQL_RULE_IDS } from '@pipelint/engine/internal/catalogue.js';
import { REPO_ROOT, run } from './helpers.js';

/** The rule ids each broken example is written to show; its fixed twin must be clean. */
const EXPECTED: Record<string, string[]> = {
  'examples/warehouse/broken/apply_payments.sql': ['relative-update'],
  'examples/warehouse/broken/create_tables.sql': ['unguarded-ddl'],
  'examples/warehouse/broken/load_daily_orders.sql': ['blind-insert'],
  'examples/warehouse/broken/load_daily_signups.sql': ['wall-clock-window'],
  'examples/warehouse/broken/load_events.sql': ['copy-force-reload'],
  'examples/warehouse/broken/merge_events.sql': ['merge-without-partition-filter'],
  'examples/warehouse/broken/refresh_order_status.sql': ['freshness-cost'],
  'examples/warehouse/broken/replace_daily_revenue.sql': ['non-atomic-replace'],
  'examples/warehouse/broken/snapshot_balances.sql': ['nondeterministic-value'],
  'examples/dbt/models/broken/fct_daily_sessions.sql': ['wall-clock-window'],
  'examples/dbt/models/broken/fct_orders.sql': ['incremental-without-unique-key'],
  'examples/dbt/models/broken/fct_page_views.sql': ['high-watermark-without-lookback'],
};

/** The Python examples: findings by file, rule, line and column (the embedded SQL's at its place in the Python). */
const EXPECTED_PY: Record<string, string[]> = {
  'examples/python/broken/dags/daily_orders.py': ['freshness-cost 10:14', 'blind-insert 18:13'],
  'examples/python/broken/jobs/page_views.py': ['blind-insert 14:38'],
};

const SQL_RULES = [...SQL_RULE_IDS];

interface JsonFile {
  filePath: string;
  findings: { ruleId: string; line: number; message: string }[];
}

async function lintJson(paths: string[]): Promise<{ code: number; files: JsonFile[] }> {
  const result = await run(['--format', 'json', ...paths], { cwd: REPO_ROOT });
  assert.equal(result.stderr, '');
  return { code: result.code, files: JSON.parse(result.stdout) as JsonFile[] };
}

describe('the bundled examples', () => {
  it('show every SQL rule at least once', () => {
    assert.deepEqual([...new Set(Object.values(EXPECTED).flat())].sort(), SQL_RULES);
  });

  it('have a fixed twin for every broken file', () => {
    for (const broken of Object.keys(EXPECTED)) assert.ok(fs.existsSync(path.join(REPO_ROOT, broken.replace('/broken/', '/fixed/'))), broken);
  });

  it('report exactly the intended rules in each broken file', async () => {
    const { files } = await lintJson(['examples/warehouse/broken', 'examples/dbt/models/broken']);
    const actual = Object.fromEntries(files.map((f) => [f.filePath, [...new Set(f.findings.map((x) => x.ruleId))].sort()]));
    assert.deepEqual(actual, EXPECTED);
  });

  it('report nothing in the fixed versions', async () => {
    const { code, files } = await lintJson(['examples/warehouse/fixed', 'examples/dbt/models/fixed']);
    assert.equal(files.length, Object.keys(EXPECTED).length);
    assert.deepEqual(files.filter((f) => f.findings.length > 0), []);
    assert.equal(code, 0);
  });

  it('report exactly the intended Python findings, and nothing in the fixed Python pipeline', async () => {
    const broken = await lintJson(['examples/python/broken']);
    assert.deepEqual(Object.fromEntries(broken.files.map((f) => [f.filePath, f.findings.map((x) => `${x.ruleId} ${x.line}:${(x as { column?: number }).column}`)])), EXPECTED_PY);
    const fixed = await lintJson(['examples/python/fixed']);
    assert.deepEqual(fixed.files.map((f) => [f.filePath, f.findings.length]), Object.keys(EXPECTED_PY).map((k) => [k.replace('/broken/', '/fixed/'), 0]));
    assert.equal(fixed.code, 0);
  });

  it('make `pipelint examples/` print explained findings and exit 1', async () => {
    const result = await run(['examples/'], { cwd: REPO_ROOT });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^examples\/dbt\/models\/broken\/fct_daily_sessions\.sql\n/);
    assert.match(result.stdout, /pipelint explain idempotency/);
    assert.match(result.stdout, /pipelint explain late-data/);
  });

  it("print what the README's sample output shows: its excerpt verbatim, and the same summary", async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const sample = /What a finding looks like:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(sample !== undefined, 'README.md has no sample output block');
    const [excerpt, summary] = sample.split('...\n');
    assert.ok(excerpt !== undefined && summary !== undefined, 'the sample output block has no `...` line');
    const result = await run(['examples/'], { cwd: REPO_ROOT });
    assert.ok(result.stdout.includes(`\n${excerpt}`), `the README's excerpt is not in the output:\n${excerpt}`);
    assert.ok(result.stdout.endsWith(`\n${summary}`), `the output does not end with the README's summary:\n${result.stdout.slice(-600)}`);
  });
});
