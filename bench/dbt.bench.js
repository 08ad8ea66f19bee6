'use strict';
// The dbt project model: re-lint of 50 open models after a dbt_project.yml edit (watched-file event to the last
// model's fresh diagnostics), and reading a 500-model project's config once per run versus once per model.
// Run: node bench/dbt.bench.js
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { DidChangeWatchedFilesNotification, FileChangeType } = require('vscode-languageserver-protocol/node');
const { LspTestClient, pathToUri } = require('../test/out/server/lsp-client.js');
const { beginProjectRun, dbtModelProject, forgetDbtFile } = require('@pipelint/engine');
const { firstAndMedian, recordSamples } = require('./figures.js');

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

const MODEL = (i) =>
  [
    `select order_id, customer_id, amount, updated_at from {{ ref('stg_orders_${i}') }}`,
    '{% if is_incremental() %}',
    "where updated_at > (select max(updated_at) - interval '3 days' from {{ this }})",
    '{% endif %}',
    '',
  ].join('\n');

const projectYaml = (withKey) => `name: shop\nmodels:\n  shop:\n    marts:\n      +materialized: incremental\n${withKey ? '      +unique_key: order_id\n' : ''}`;

function makeProject(models, propertiesFiles) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-dbt-bench-'));
  fs.writeFileSync(path.join(root, 'dbt_project.yml'), projectYaml(false));
  for (let f = 0; f < propertiesFiles; f++) {
    const dir = path.join(root, 'models', 'marts', `area_${f}`);
    fs.mkdirSync(dir, { recursive: true });
    const entries = [];
    for (let i = f; i < models; i += propertiesFiles) entries.push(`  - name: model_${i}\n    description: Model ${i}.\n`);
    fs.writeFileSync(path.join(dir, '_props.yml'), `version: 2\nmodels:\n${entries.join('')}`);
  }
  const files = [];
  for (let i = 0; i < models; i++) {
    const file = path.join(root, 'models', 'marts', `area_${i % propertiesFiles}`, `model_${i}.sql`);
    fs.writeFileSync(file, MODEL(i));
    files.push(file);
  }
  return { root, files };
}

async function relint50() {
  const { root, files } = makeProject(50, 10);
  const client = new LspTestClient({ rootPath: root });
  client.settings = { debounceMs: 0 };
  await client.initialize();
  for (const file of files) await client.open(pathToUri(file), 'sql', fs.readFileSync(file, 'utf8'));
  for (const file of files) await client.diagnostics(pathToUri(file));
  const times = [];
  for (let run = 0; run < 11; run++) {
    const withKey = run % 2 === 0;
    fs.writeFileSync(path.join(root, 'dbt_project.yml'), projectYaml(withKey));
    const counts = new Map(files.map((f) => [pathToUri(f), client.history.filter((p) => p.uri === pathToUri(f)).length]));
    const start = process.hrtime.bigint();
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToUri(path.join(root, 'dbt_project.yml')), type: FileChangeType.Changed }],
    });
    await Promise.all(
      files.map((f) => {
        const uri = pathToUri(f);
        return client.diagnostics(uri, () => client.history.filter((p) => p.uri === uri).length > counts.get(uri));
      }),
    );
    times.push(ms(start));
    const expected = withKey ? 0 : 1;
    const wrong = files.filter((f) => client.published.get(pathToUri(f)).diagnostics.length !== expected);
    if (wrong.length > 0) throw new Error(`${wrong.length} models kept stale diagnostics after the edit`);
  }
  await client.shutdown();
  fs.rmSync(root, { recursive: true, force: true });
  return recordSamples('server.dbtRelint50', times, { models: 50 });
}

function projectReads(models) {
  const { root, files } = makeProject(models, 100);
  const once = (shared) => {
    forgetDbtFile(path.join(root, 'dbt_project.yml'));
    const start = process.hrtime.bigint();
    const end = shared ? beginProjectRun() : () => undefined;
    try {
      for (const file of files) dbtModelProject(file);
    } finally {
      end();
    }
    return ms(start);
  };
  const perModel = [];
  const perRun = [];
  for (let i = 0; i < 5; i++) {
    perModel.push(once(false));
    perRun.push(once(true));
  }
  fs.rmSync(root, { recursive: true, force: true });
  return { perModel: recordSamples('engine.dbtProject500.perModel', perModel), perRun: recordSamples('engine.dbtProject500.perRun', perRun) };
}

async function main() {
  console.log('dbt project model');
  const relint = await relint50();
  console.log(`  dbt_project.yml edit to fresh diagnostics, 50 open models: ${firstAndMedian(relint)}   target < 200 ms`);
  const reads = projectReads(500);
  console.log(`  config of 500 models (100 properties files), stat per model: ${firstAndMedian(reads.perModel)}`);
  console.log(`  the same, one project read per run (CLI, Lint Workspace):   ${firstAndMedian(reads.perRun)}`);
}

module.exports = main;
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
