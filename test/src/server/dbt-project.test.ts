import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  InlayHintRequest,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { makeTree, removeTree } from '../cli/helpers.js';
import { LspTestClient, pathToUri } from './lsp-client.js';

const projectYaml = (body: string): string => `name: proj\nmodels:\n  proj:\n${body}`;
const MODEL = [
  "{{ config(incremental_strategy='merge') }}",
  'select order_id, amount, updated_at from {{ ref("raw") }}',
  '{% if is_incremental() %}',
  "where updated_at > (select max(updated_at) - interval '3 days' from {{ this }})",
  '{% endif %}',
  '',
].join('\n');
const REPLACE = ['begin;', 'delete from mart.daily;', 'insert into mart.daily select * from staging.daily;', 'commit;', ''].join('\n');

describe('language server: the dbt project around open files', function () {
  let root: string;
  let other: string;
  let client: LspTestClient;
  beforeEach(async function () {
    root = makeTree({ 'dbt_project.yml': projectYaml('    +materialized: incremental\n'), 'models/orders.sql': MODEL, 'scripts/replace.sql': REPLACE });
    other = makeTree({ 'dbt_project.yml': projectYaml('    +materialized: table\n'), 'models/m.sql': 'select 1 as id\n' });
    client = new LspTestClient({ rootPath: root });
    client.settings = { debounceMs: 0 };
    await client.initialize();
  });
  afterEach(async function () {
    await client.shutdown();
    removeTree(root);
    removeTree(other);
  });

  it('watches dbt_project.yml, properties files and the manifest', async function () {
    const uri = pathToUri(path.join(root, 'models/orders.sql'));
    await client.open(uri, 'sql', MODEL);
    await client.diagnostics(uri);
    const watchers = (client.registrations as { method: string; registerOptions: { watchers: { globPattern: string }[] } }[])
      .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
      .flatMap((r) => r.registerOptions.watchers.map((w) => w.globPattern));
    assert.deepEqual(watchers, ['**/pipelint.config.json', '**/.pipelintrc.json', '**/dbt_project.yml', '**/*.yml', '**/*.yaml', '**/target/manifest.json']);
  });

  it("re-lints an open model when dbt_project.yml changes on disk, and leaves other projects' files alone", async function () {
    const uri = pathToUri(path.join(root, 'models/orders.sql'));
    const otherUri = pathToUri(path.join(other, 'models/m.sql'));
    await client.open(uri, 'sql', MODEL);
    await client.open(otherUri, 'sql', 'select 1 as id\n');
    const before = await client.diagnostics(uri);
    await client.diagnostics(otherUri);
    assert.deepEqual(before.diagnostics.map((d) => [d.code, d.range.start.line]), [['incremental-without-unique-key', 0]]);
    const publishedBefore = client.history.filter((p) => p.uri === otherUri).length;
    fs.writeFileSync(path.join(root, 'dbt_project.yml'), projectYaml('    +materialized: incremental\n    +unique_key: order_id\n'));
    const count = client.history.filter((p) => p.uri === uri).length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToUri(path.join(root, 'dbt_project.yml')), type: FileChangeType.Changed }],
    });
    const after = await client.diagnostics(uri, () => client.history.filter((p) => p.uri === uri).length > count);
    assert.deepEqual(after.diagnostics, []);
    assert.equal(client.history.filter((p) => p.uri === otherUri).length, publishedBefore);
  });

  it('shows a code lens with what pipelint understood, and an inlay hint where a fact came from another file', async function () {
    fs.writeFileSync(path.join(root, 'dbt_project.yml'), projectYaml('    +materialized: incremental\n    +unique_key: order_id\n'));
    const uri = pathToUri(path.join(root, 'models/orders.sql'));
    const replaceUri = pathToUri(path.join(root, 'scripts/replace.sql'));
    await client.open(uri, 'sql', MODEL);
    await client.open(replaceUri, 'sql', REPLACE);
    assert.deepEqual(await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: { title: 'incremental · merge on order_id · lookback 3 days', command: '' } },
    ]);
    assert.deepEqual(await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: replaceUri } }), [
      {
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
        command: { title: 'replace mart.daily in one transaction (delete, then reload on line 3)', command: '' },
      },
    ]);
    const range = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
    assert.deepEqual(await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range }), [
      {
        position: { line: 0, character: 42 },
        label: 'dbt_project.yml: materialized, unique_key',
        tooltip: 'materialized: incremental, line 4 of dbt_project.yml\nunique_key: order_id, line 5 of dbt_project.yml',
        paddingLeft: true,
      },
    ]);
  });

  it('lints the hooks of an open dbt_project.yml, and offers no SQL disable comment in it', async function () {
    const uri = pathToUri(path.join(root, 'dbt_project.yml'));
    const text = 'name: proj\non-run-start:\n  - "create table audit.runs (id int)"\n';
    await client.open(uri, 'yaml', text);
    const published = await client.diagnostics(uri);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['unguarded-ddl', 2, 5, 28]],
    );
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: published.diagnostics[0].range,
      context: { diagnostics: published.diagnostics },
    });
    assert.deepEqual(actions, []);
  });

  it("says in the hover which file a model's config came from", async function () {
    fs.writeFileSync(path.join(root, 'models/_props.yml'), 'models:\n  - name: orders\n    config:\n      incremental_strategy: append\n');
    const uri = pathToUri(path.join(root, 'models/orders.sql'));
    await client.open(uri, 'sql', 'select 1 as id from {{ ref("raw") }}\n{% if is_incremental() %}\nwhere updated_at >= current_date - 3\n{% endif %}\n');
    const published = await client.diagnostics(uri);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['incremental-without-unique-key', 'wall-clock-window']);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    const value = (hover?.contents as MarkupContent).value;
    const tail = value.slice(value.indexOf('**From the dbt project**'));
    assert.equal(
      tail,
      '**From the dbt project** (pipelint read these settings outside this file):\n\n' +
        '- materialized from dbt_project.yml (materialized: incremental, line 4 of dbt_project.yml)\n' +
        '- incremental_strategy from models/_props.yml (incremental_strategy: append, line 4 of models/_props.yml)',
    );
  });
});
