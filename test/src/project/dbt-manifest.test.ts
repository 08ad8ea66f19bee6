import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { forgetManifest, MANIFEST_KEYS } from '@pipelint/engine/internal/project/dbt-manifest.js';
import { dbtModelProject } from '@pipelint/engine/internal/project/dbt-project.js';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import { modelConfig } from '@pipelint/engine/internal/sql/rules/util/dbt-model.js';
import { makeTree, removeTree, REPO_ROOT, run } from '../cli/helpers.js';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'dbt-manifest');
const MODELS = [
  'models/marts/balances.sql',
  'models/marts/daily_fees.sql',
  'models/marts/legacy/old_ledger.sql',
  'models/marts/payments/payments.sql',
  'models/marts/refunds.sql',
  'models/staging/stg_accounts.sql',
];
/** What dbt resolves a key to when no level sets it (dbt 1.9 ModelConfig defaults). */
const DBT_DEFAULTS: Record<string, unknown> = { materialized: 'view', enabled: true, on_schema_change: 'ignore', pre_hook: [], post_hook: [] };

type Setting = { value: unknown; source: string; file: string | null };

/** A copy of the fixture with the manifest `offsetMs` newer (or older, when negative) than every other file. */
function copyFixture(offsetMs: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-manifest-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  const base = Date.now() / 1000 - 3600;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else fs.utimesSync(full, base, base);
    }
  };
  walk(root);
  const manifest = path.join(root, 'target', 'manifest.json');
  fs.utimesSync(manifest, base + offsetMs / 1000, base + offsetMs / 1000);
  forgetManifest(manifest);
  return root;
}

function resolve(root: string, model: string): Record<string, Setting> {
  const filename = path.join(root, model);
  const doc = parseSql(fs.readFileSync(filename, 'utf8'), { dialect: 'ansi', assumeInTransaction: false });
  doc.dbt.project = dbtModelProject(filename);
  const out: Record<string, Setting> = {};
  for (const [key, s] of Object.entries(modelConfig(doc))) out[key] = { value: s.value, source: s.source, file: s.file };
  return out;
}

/** The manifest's config of a model, for the keys pipelint reads, read straight from the JSON (not through pipelint). */
function manifestConfig(root: string, model: string): Record<string, unknown> {
  const json = JSON.parse(fs.readFileSync(path.join(root, 'target', 'manifest.json'), 'utf8')) as {
    nodes: Record<string, { original_file_path: string; config: Record<string, unknown> }>;
    disabled: Record<string, { original_file_path: string; config: Record<string, unknown> }[]>;
  };
  const nodes = [...Object.values(json.nodes), ...Object.values(json.disabled).flat()];
  const node = nodes.find((n) => n.original_file_path === model);
  assert.ok(node, model);
  const out: Record<string, unknown> = {};
  for (const key of MANIFEST_KEYS) {
    const raw = node.config[key.replace('_hook', '-hook')];
    out[key] = key.endsWith('_hook') ? (raw as { sql: string }[]).map((h) => h.sql) : raw;
  }
  return out;
}

describe('dbt manifest (target/manifest.json)', function () {
  let stale: string;
  let fresh: string;
  before(function () {
    stale = copyFixture(-60_000);
    fresh = copyFixture(60_000);
  });
  after(function () {
    fs.rmSync(stale, { recursive: true, force: true });
    fs.rmSync(fresh, { recursive: true, force: true });
  });

  it('agrees with the config pipelint resolves from YAML and config(), for every model', function () {
    for (const model of MODELS) {
      assert.equal(dbtModelProject(path.join(stale, model))?.manifest, 'stale', model);
      const ours = resolve(stale, model);
      const theirs = manifestConfig(stale, model);
      for (const key of MANIFEST_KEYS) {
        const setting = ours[key];
        const expected = theirs[key];
        if (setting === undefined) {
          assert.deepEqual(expected ?? null, DBT_DEFAULTS[key] ?? null, `${model}: ${key} unset in YAML and SQL`);
        } else if (setting.value === null) {
          // Jinja pipelint does not render: known to be set, value unknown. dbt rendered it.
          assert.notEqual(expected, null, `${model}: ${key}`);
        } else {
          assert.deepEqual(setting.value, expected, `${model}: ${key}`);
        }
      }
    }
  });

  it('uses the manifest when it is newer than every source, for values only dbt can render', function () {
    assert.deepEqual(resolve(stale, 'models/marts/daily_fees.sql').unique_key, { value: null, source: 'properties', file: 'models/marts/_marts.yml' });
    assert.equal(dbtModelProject(path.join(fresh, 'models/marts/daily_fees.sql'))?.manifest, 'used');
    const fees = resolve(fresh, 'models/marts/daily_fees.sql');
    assert.deepEqual(fees.unique_key, { value: 'fee_id', source: 'manifest', file: 'target/manifest.json' });
    // A value both agree on keeps the YAML file that set it; config() keeps its place in the model.
    assert.deepEqual(fees.materialized, { value: 'incremental', source: 'dbt_project.yml', file: 'dbt_project.yml' });
    assert.deepEqual(fees.incremental_strategy, { value: 'delete+insert', source: 'config()', file: null });
    // dbt's defaults are facts too: on_schema_change is `ignore` unless a level sets it.
    assert.deepEqual(fees.on_schema_change, { value: 'ignore', source: 'manifest', file: 'target/manifest.json' });
    assert.deepEqual(resolve(fresh, 'models/marts/refunds.sql').post_hook, {
      value: ['grant select on {{ this }} to role reporter', "update {{ target.schema }}.load_counts set loads = loads + 1 where model = 'refunds'"],
      source: 'properties',
      file: 'models/marts/_marts.yml',
    });
  });

  it('ignores a manifest older than a source, or one that does not list the model', function () {
    const root = copyFixture(60_000);
    try {
      const props = path.join(root, 'models/marts/_marts.yml');
      const later = Date.now() / 1000;
      fs.utimesSync(props, later, later);
      assert.equal(dbtModelProject(path.join(root, 'models/marts/daily_fees.sql'))?.manifest, 'stale');
      fs.writeFileSync(path.join(root, 'models/marts/new_model.sql'), 'select 1 as id\n');
      fs.utimesSync(path.join(root, 'target/manifest.json'), later + 60, later + 60);
      assert.equal(dbtModelProject(path.join(root, 'models/marts/new_model.sql'))?.manifest, 'missing');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports a broken manifest with its path, line and column, and falls back to the YAML', function () {
    const root = copyFixture(60_000);
    try {
      const manifest = path.join(root, 'target', 'manifest.json');
      fs.writeFileSync(manifest, '{\n  "metadata": {},\n  "nodes": {\n    "model.ledger.x": {,}\n  }\n}\n');
      const filename = path.join(root, 'models/marts/daily_fees.sql');
      const result = lintText(fs.readFileSync(filename, 'utf8'), { filename });
      const parse = result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => [f.range.start.line, f.range.start.column, f.message]);
      assert.deepEqual(parse, [
        [1, 1, 'Could not read dbt\'s manifest `target/manifest.json` (line 4, column 24: invalid JSON, unexpected \",\"); this model\'s config was resolved from the YAML files and config() instead.'],
      ]);
      assert.equal(dbtModelProject(filename)?.manifest, 'broken');
      assert.equal(resolve(root, 'models/marts/daily_fees.sql').unique_key?.source, 'properties');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('lints hook SQL once, where it is written, with the line and column of its text', async function () {
    const result = await run(['--format', 'json', '.'], { cwd: fresh });
    assert.equal(result.code, 0, result.stderr);
    const findings = (JSON.parse(result.stdout) as { filePath: string; findings: { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[] }[])
      .flatMap((f) => f.findings.map((x) => [f.filePath, x.ruleId, x.line, x.column, x.endLine, x.endColumn]));
    assert.deepEqual(findings, [
      ['dbt_project.yml', 'unguarded-ddl', 11, 6, 11, 49],
      ['models/marts/_marts.yml', 'relative-update', 8, 62, 8, 79],
      ['models/marts/balances.sql', 'unguarded-ddl', 3, 15, 3, 65],
    ]);
  });

  it('reports a folder hook once at the hook, not on each model, and maps block scalars line by line', async function () {
    const root = makeTree({
      'dbt_project.yml': [
        'name: p',
        'on-run-end:',
        '  - |',
        '    grant usage on schema s to role r;',
        '    create table audit.runs (id int)',
        'models:',
        '  p:',
        "    +post-hook: 'update {{ this }} set n = n + 1 where k = ''x'''",
        '',
      ].join('\n'),
      'models/a.sql': 'select 1 as n\n',
      'models/b.sql': 'select 2 as n\n',
    });
    try {
      const result = await run(['--format', 'json', '.'], { cwd: root });
      const findings = (JSON.parse(result.stdout) as { filePath: string; findings: { ruleId: string; line: number; column: number; endColumn: number }[] }[])
        .flatMap((f) => f.findings.map((x) => [f.filePath, x.ruleId, x.line, x.column, x.endColumn]));
      assert.deepEqual(findings, [
        ['dbt_project.yml', 'unguarded-ddl', 5, 5, 28],
        ['dbt_project.yml', 'relative-update', 8, 40, 49],
      ]);
    } finally {
      removeTree(root);
    }
  });

  it('reads a quoted value continued below its key, as dbt (PyYAML) does, and places hook findings in the file', function () {
    const root = makeTree({ 'dbt_project.yml': 'name: p\n', 'models/m.sql': 'select 1 as n\n' });
    try {
      const props = [
        'models:',
        '  - name: m',
        '    tests:',
        '      - dbt_utils.unique_combination_of_columns:',
        '          model_condition: "where id in (1,',
        '          2)"',
        '    config:',
        '      unique_key: id',
        '      post_hook: "update audit.counts',
        '      set n = n + 1"',
        '',
      ].join('\n');
      const filename = path.join(root, 'models/_m.yml');
      fs.writeFileSync(filename, props);
      assert.deepEqual(dbtModelProject(path.join(root, 'models/m.sql'))?.problems, []);
      assert.deepEqual(resolve(root, 'models/m.sql').unique_key, { value: 'id', source: 'properties', file: 'models/_m.yml' });
      const findings = lintText(props, { filename }).findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column]);
      assert.deepEqual(findings, [['relative-update', 10, 11, 10, 20]]);
    } finally {
      removeTree(root);
    }
  });

  it('lints hooks in an open dbt_project.yml in the editor, and reports its YAML syntax errors where they are', function () {
    const filename = path.join(fresh, 'dbt_project.yml');
    const ok = lintText(fs.readFileSync(filename, 'utf8'), { filename }).findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]);
    assert.deepEqual(ok, [['unguarded-ddl', 11, 6]]);
    const broken = lintText('name: p\nmodels:\n  p:\n    +materialized: "table\n', { filename }).findings;
    assert.deepEqual(broken.map((f) => [f.ruleId, f.range.start.line, f.range.start.column, f.message]), [
      ['parse-error', 5, 1, 'Could not parse this YAML file (line 5, column 1: Missing closing "quote); the hooks it holds were not linted.'],
    ]);
  });
});
