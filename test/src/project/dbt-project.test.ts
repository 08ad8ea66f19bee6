import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { dbtModelProject, MAX_YAML_BYTES } from '@pipelint/engine/internal/project/dbt-project.js';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import { modelConfig } from '@pipelint/engine/internal/sql/rules/util/dbt-model.js';
import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { lintForEditor } from '@pipelint/language-server/internal/lint-document.js';
import { makeTree, removeTree, REPO_ROOT, run } from '../cli/helpers.js';
import { LspTestClient, pathToUri } from '../server/lsp-client.js';

const PROJECT = path.join(REPO_ROOT, 'test', 'fixtures', 'dbt-project');

/** Each resolved key as `value @ source[:file:line]`, for the keys the rules read. */
function resolved(relativePath: string): Record<string, string> {
  const filename = path.join(PROJECT, relativePath);
  const doc = parseSql(fs.readFileSync(filename, 'utf8'), { dialect: 'ansi', assumeInTransaction: false });
  doc.dbt.project = dbtModelProject(filename);
  const out: Record<string, string> = {};
  for (const [key, setting] of Object.entries(modelConfig(doc)).sort(([a], [b]) => a.localeCompare(b))) {
    const where = setting.source === 'config()' ? 'config()' : `${setting.file}:${setting.line}`;
    out[key] = `${JSON.stringify(setting.value)} @ ${where}`;
  }
  return out;
}

describe('dbt project model', function () {
  describe('resolves each model of the fixture project as dbt does', function () {
    it('takes folder configs from dbt_project.yml, the deeper folder over the shallower, with and without +', function () {
      assert.deepEqual(resolved('models/marts/orders/order_facts.sql'), {
        incremental_strategy: '"merge" @ dbt_project.yml:20',
        materialized: '"incremental" @ dbt_project.yml:18',
        unique_key: '"order_id" @ dbt_project.yml:19',
      });
      assert.deepEqual(resolved('models/marts/orders/order_lines/order_lines.sql'), {
        incremental_strategy: '"merge" @ dbt_project.yml:20',
        materialized: '"incremental" @ dbt_project.yml:18',
        unique_key: '["order_id","line_number"] @ dbt_project.yml:22',
      });
      assert.deepEqual(resolved('models/staging/stg_visits.sql'), { materialized: '"view" @ dbt_project.yml:11' });
      assert.deepEqual(resolved('models/archive/old_events.sql'), {
        enabled: 'false @ dbt_project.yml:24',
        materialized: '"incremental" @ dbt_project.yml:25',
      });
    });

    it('lets a properties file override dbt_project.yml, and adds up hooks', function () {
      assert.deepEqual(resolved('models/marts/events/sessions.sql'), {
        materialized: '"incremental" @ dbt_project.yml:15',
        on_schema_change: '"append_new_columns" @ dbt_project.yml:16',
        unique_key: '"session_id" @ models/marts/events/_events.yml:7',
      });
      assert.deepEqual(resolved('models/marts/events/page_views.sql'), {
        materialized: '"incremental" @ dbt_project.yml:15',
        on_schema_change: '"append_new_columns" @ dbt_project.yml:16',
      });
      // A hook holding Jinja is not a literal; it is still known to be set.
      assert.deepEqual(resolved('models/staging/stg_payments.sql'), {
        incremental_strategy: '"append" @ models/staging/_staging.yml:7',
        materialized: '"incremental" @ models/staging/_staging.yml:6',
        post_hook: '["grant select on {{ this }} to role reporter"] @ models/staging/_staging.yml:8',
      });
    });

    it("lets the model's own config() override both YAML files", function () {
      assert.deepEqual(resolved('models/marts/events/clicks.sql'), {
        materialized: '"table" @ config()',
        on_schema_change: '"append_new_columns" @ dbt_project.yml:16',
        unique_key: '"click_id" @ models/marts/events/_events.yml:11',
      });
    });

    it('reports a broken properties file with its path, line and column, to the models beside it only', function () {
      const broken = dbtModelProject(path.join(PROJECT, 'models/legacy/legacy_orders.sql'));
      assert.deepEqual(
        broken?.problems.map((p) => [p.kind, p.file, p.line, p.column]),
        [['yaml', 'models/legacy/_legacy.yml', 7, 1]],
      );
      assert.deepEqual(dbtModelProject(path.join(PROJECT, 'models/staging/stg_visits.sql'))?.problems, []);
    });

    it('gives files outside the model paths, and files outside any project, no project config', function () {
      assert.equal(dbtModelProject(path.join(PROJECT, 'tests/assert_positive.sql')), null);
      assert.equal(dbtModelProject(path.join(REPO_ROOT, 'test', 'fixtures', 'loose.sql')), null);
      assert.equal(dbtModelProject('models/marts/orders/order_facts.sql'), null);
    });
  });

  it('gives the findings it must and no others through the CLI', async function () {
    const result = await run(['--format', 'json', '.'], { cwd: PROJECT });
    assert.equal(result.code, 0, result.stderr);
    const findings = (JSON.parse(result.stdout) as { filePath: string; findings: { ruleId: string; line: number; column: number; message: string }[] }[])
      .flatMap((f) => f.findings.map((x) => [f.filePath, x.ruleId, x.line, x.column, x.message]));
    assert.deepEqual(findings, [
      [
        'models/legacy/_legacy.yml',
        'parse-error',
        7,
        1,
        'Could not parse this YAML file (line 7, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]); the hooks it holds were not linted.',
      ],
      [
        'models/legacy/legacy_orders.sql',
        'parse-error',
        1,
        1,
        'Could not parse the dbt project file `models/legacy/_legacy.yml` (line 7, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]); this model was linted without the config it may hold.',
      ],
      [
        'models/legacy/legacy_orders.sql',
        'incremental-without-unique-key',
        2,
        24,
        "materialized='incremental' with no `unique_key` only appends: a re-run over the same period inserts its rows a second time.",
      ],
      [
        'models/marts/events/page_views.sql',
        'incremental-without-unique-key',
        1,
        1,
        'materialized: incremental (from `dbt_project.yml` line 15) with no `unique_key` only appends: a re-run over the same period inserts its rows a second time.',
      ],
      [
        'models/staging/stg_payments.sql',
        'incremental-without-unique-key',
        1,
        1,
        'incremental_strategy: append (from `models/staging/_staging.yml` line 7) with no `unique_key` only appends: a re-run over the same period inserts its rows a second time.',
      ],
      [
        'models/staging/stg_payments.sql',
        'wall-clock-window',
        4,
        18,
        'The rows loaded here are picked by current_date, the moment the job runs: a rerun, a backfill or a late run reads a different window than the run it stands in for.',
      ],
    ]);
  });

  it('gives the language server the same findings, read from disk around the document', function () {
    const filename = path.join(PROJECT, 'models/staging/stg_payments.sql');
    const out = lintForEditor(fs.readFileSync(filename, 'utf8'), filename, DEFAULT_CONFIG, 2048, { error: () => undefined });
    assert.deepEqual(
      out.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]),
      [
        ['incremental-without-unique-key', 1, 1],
        ['wall-clock-window', 4, 18],
      ],
    );
  });

  describe('on a project that changes on disk', function () {
    let root: string;
    const model = 'select id from {{ ref("raw") }}\n';
    const projectYaml = (body: string): string => `name: proj\nmodels:\n  proj:\n${body}`;
    beforeEach(function () {
      root = makeTree({ 'dbt_project.yml': projectYaml('    +materialized: table\n'), 'models/m.sql': model });
    });
    afterEach(function () {
      removeTree(root);
    });
    const ruleIds = (): string[] => lintText(model, { filename: path.join(root, 'models/m.sql') }).findings.map((f) => f.ruleId);

    it('re-reads dbt_project.yml when it changes, and sees a properties file added later', function () {
      assert.deepEqual(ruleIds(), []);
      fs.writeFileSync(path.join(root, 'dbt_project.yml'), projectYaml('    +materialized: incremental\n'));
      assert.deepEqual(ruleIds(), ['incremental-without-unique-key']);
      fs.writeFileSync(path.join(root, 'models/props.yml'), 'models:\n  - name: m\n    config:\n      unique_key: id\n');
      assert.deepEqual(ruleIds(), []);
    });

    it('re-lints a model served from --cache when its dbt_project.yml changed', async function () {
      const cacheFile = path.join(root, '.cache', 'pipelint.json');
      const lint = async (): Promise<string[]> => {
        const result = await run(['--format', 'json', '--cache', '--cache-location', cacheFile, 'models/m.sql'], { cwd: root });
        return (JSON.parse(result.stdout) as { findings: { ruleId: string }[] }[]).flatMap((f) => f.findings.map((x) => x.ruleId));
      };
      assert.deepEqual(await lint(), []);
      fs.writeFileSync(path.join(root, 'dbt_project.yml'), projectYaml('    +materialized: incremental\n'));
      assert.deepEqual(await lint(), ['incremental-without-unique-key']);
      assert.deepEqual(await lint(), ['incremental-without-unique-key']);
    });

    it('skips a YAML file over the size limit and says so once', function () {
      const big = `models:\n  - name: m\n    description: "${'x'.repeat(MAX_YAML_BYTES)}"\n`;
      fs.writeFileSync(path.join(root, 'models/big.yml'), big);
      const first = lintText(model, { filename: path.join(root, 'models/m.sql') }).findings;
      assert.deepEqual(first.map((f) => [f.ruleId, f.messageId]), [['parse-error', 'projectSkipped']]);
      assert.match(first[0].message, /`models\/big\.yml` was not read \(513 KB, over the 512 KB limit/);
      assert.deepEqual(ruleIds(), []);
    });

    it('reports a broken dbt_project.yml on the model and still lints it', function () {
      fs.writeFileSync(path.join(root, 'dbt_project.yml'), 'name: proj\nmodels:\n  proj:\n    +materialized: "table\n');
      fs.writeFileSync(path.join(root, 'models/m.sql'), 'delete from t;\ninsert into t select * from s;\n');
      const result = lintText(fs.readFileSync(path.join(root, 'models/m.sql'), 'utf8'), { filename: path.join(root, 'models/m.sql') });
      const parse = result.findings.filter((f) => f.ruleId === 'parse-error');
      assert.equal(parse.length, 1);
      assert.match(parse[0].message, /^Could not parse the dbt project file `dbt_project.yml` \(line \d+, column \d+: /);
      assert.ok(result.findings.some((f) => f.ruleId === 'non-atomic-replace'), JSON.stringify(result.findings.map((f) => f.ruleId)));
    });

    it('re-lints an open model in the language server after dbt_project.yml is edited on disk', async function () {
      const client = new LspTestClient({ rootPath: root });
      client.settings = { debounceMs: 0 };
      try {
        await client.initialize();
        const uri = pathToUri(path.join(root, 'models/m.sql'));
        await client.open(uri, 'sql', model);
        const before = await client.diagnostics(uri);
        assert.deepEqual(before.diagnostics.map((d) => d.code), []);
        fs.writeFileSync(path.join(root, 'dbt_project.yml'), projectYaml('    +materialized: incremental\n'));
        const version = await client.change(uri, [{ text: model }]);
        const after = await client.diagnosticsOfVersion(uri, version);
        assert.deepEqual(after.diagnostics.map((d) => d.code), ['incremental-without-unique-key']);
      } finally {
        await client.shutdown();
      }
    });
  });
});
