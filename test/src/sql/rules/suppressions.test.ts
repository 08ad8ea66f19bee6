import * as assert from 'node:assert/strict';
import type { ResolvedConfig } from '@pipelint/engine/internal/core/config.js';
import { lintText, type LintResult } from '@pipelint/engine/internal/engine.js';
import { dedent } from './tester.js';

const CONFIG: ResolvedConfig = { rules: {}, dialect: 'postgres', assumeInTransaction: false, ignore: [] };

function lint(code: string, filename = 'load.sql'): LintResult {
  return lintText(dedent(code), { filename, config: CONFIG });
}

function where(result: LintResult, ...ruleIds: string[]): string[] {
  return result.findings.filter((f) => ruleIds.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.column}`);
}

describe('suppression comments on SQL rules', () => {
  it('hides a finding on the next line and counts it as suppressed', () => {
    const result = lint(`
      -- pipelint-disable-next-line blind-insert -- audit log, every row has a unique run id
      INSERT INTO audit.run_events (run_id, status) VALUES ('r-1', 'started');
      INSERT INTO audit.run_events (run_id, status) VALUES ('r-1', 'finished');
    `);
    assert.deepEqual(where(result, 'blind-insert', 'unused-suppression'), ['blind-insert 3:1']);
    assert.equal(result.suppressedCount, 1);
  });

  it('accepts a Jinja comment on its own line in a dbt model', () => {
    const result = lint(
      `
      {{ config(materialized='incremental') }}
      select * from {{ ref('stg_orders') }}
      {% if is_incremental() %}
      {# pipelint-disable-next-line wall-clock-window -- the source keeps only three days #}
      where order_date >= current_date - 3
      {% endif %}
    `,
      'models/fct_orders.sql',
    );
    assert.deepEqual(where(result, 'wall-clock-window', 'unused-suppression'), []);
    assert.equal(result.suppressedCount, 1);
  });

  it('honours a comment inside a dollar-quoted procedure body', () => {
    const result = lint(`
      CREATE OR REPLACE PROCEDURE load_runs() LANGUAGE plpgsql AS $$
      BEGIN
        -- pipelint-disable-next-line blind-insert -- every row carries a unique run id
        INSERT INTO audit.run_events (run_id) VALUES (gen_run_id());
      END;
      $$;
    `);
    assert.deepEqual(where(result, 'blind-insert', 'unused-suppression'), []);
    assert.equal(result.suppressedCount, 1);
  });

  it('hides findings between disable and enable only', () => {
    const result = lint(`
      -- pipelint-disable unguarded-ddl
      CREATE TABLE scratch_a (id int);
      CREATE TABLE scratch_b (id int);
      -- pipelint-enable unguarded-ddl
      CREATE TABLE scratch_c (id int);
    `);
    assert.deepEqual(where(result, 'unguarded-ddl', 'unused-suppression'), ['unguarded-ddl 5:1']);
    assert.equal(result.suppressedCount, 2);
  });

  it('hides a rule for the whole file', () => {
    const result = lint(`
      -- pipelint-disable-file relative-update -- view counter, double counts are acceptable
      UPDATE pages SET views = views + 1 WHERE page_id = 1;
      UPDATE pages SET views = views + 1 WHERE page_id = 2;
    `);
    assert.deepEqual(where(result, 'relative-update', 'unused-suppression'), []);
    assert.equal(result.suppressedCount, 2);
  });

  it('hides a finding with a comment at the end of its line', () => {
    const result = lint(`UPDATE experiments SET bucket = floor(random() * 10) WHERE experiment_id = 7; -- pipelint-disable-line nondeterministic-value`);
    assert.deepEqual(where(result, 'nondeterministic-value', 'unused-suppression'), []);
    assert.equal(result.suppressedCount, 1);
  });

  it('reports a suppression that hides nothing', () => {
    const result = lint(`
      -- pipelint-disable-next-line relative-update
      UPDATE orders SET status = 'shipped' WHERE order_id = 42;
    `);
    const unused = result.findings.filter((f) => f.ruleId === 'unused-suppression');
    assert.deepEqual(
      unused.map((f) => [f.range.start.line, f.range.start.column, f.message]),
      [[1, 1, "This comment disables 'relative-update', which reports nothing here; remove 'relative-update' from it."]],
    );
  });

  it('reports a rule-less suppression that hides nothing', () => {
    const result = lint(`
      -- pipelint-disable-next-line
      UPDATE orders SET status = 'shipped' WHERE order_id = 42;
    `);
    const unused = result.findings.filter((f) => f.ruleId === 'unused-suppression');
    assert.deepEqual(unused.map((f) => [f.range.start.line, f.message]), [[1, 'This pipelint-disable comment suppresses no finding; remove it.']]);
  });

  it('reports the one rule of a comment that suppressed nothing', () => {
    const result = lint(`
      -- pipelint-disable-next-line blind-insert, copy-force-reload
      INSERT INTO events (id) VALUES (1);
    `);
    const unused = result.findings.filter((f) => f.ruleId === 'unused-suppression');
    assert.deepEqual(
      unused.map((f) => f.message),
      ["This comment disables 'copy-force-reload', which reports nothing here; remove 'copy-force-reload' from it."],
    );
    assert.deepEqual(where(result, 'blind-insert'), []);
  });
});
