import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticRequest,
  FileChangeType,
  HoverRequest,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LessonListRequest, LessonRequest, LintWorkspaceRequest } from '@pipelint/language-server';
import { LspTestClient, pathToUri } from './lsp-client.js';
import { docsFileUrl } from '../cli/helpers.js';

const BLIND_INSERT = 'A re-run inserts every row into t again: nothing here stops duplicates.';

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

function applyAction(text: string, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0];
  assert.ok(change && 'edits' in change, `action '${action.title}' carries a text document edit`);
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'sql', 1, text), change.edits as TextEdit[]);
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('language server over stdio', function () {
  let workspace: string;
  let client: LspTestClient;
  const file = (name: string): string => path.join(workspace, name);
  const uriOf = (name: string): string => pathToUri(file(name));

  /** Replaces the whole text of an open document and waits for the diagnostics of the new version. */
  async function replaceText(name: string, text: string): Promise<Diagnostic[]> {
    const version = await client.change(uriOf(name), [{ text }]);
    return (await client.diagnosticsOfVersion(uriOf(name), version)).diagnostics;
  }

  async function actionsAt(name: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const result = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(name) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    return (result ?? []) as CodeAction[];
  }

  before(function () {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-lsp-')));
    client = new LspTestClient({ rootPath: workspace, initializationOptions: { lessonLinks: 'command' } });
    client.settings = { debounceMs: 20 };
  });

  after(function () {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('announces incremental sync, hover and quick fixes, and no pull diagnostics to a client without them', async function () {
    const result = await client.initialize();
    const sync = result.capabilities.textDocumentSync;
    assert.ok(typeof sync === 'object' && sync !== null);
    assert.equal(sync.change, TextDocumentSyncKind.Incremental);
    assert.equal(sync.openClose, true);
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'], resolveProvider: false });
    assert.equal(result.capabilities.diagnosticProvider, undefined);
  });

  it('registers a watcher for both config file names and the dbt project files after initialized', async function () {
    const watchers = (): string[] =>
      client.registrations.flatMap((r) => {
        const reg = r as { method: string; registerOptions?: { watchers?: { globPattern: string }[] } };
        return reg.method === 'workspace/didChangeWatchedFiles' ? (reg.registerOptions?.watchers ?? []).map((w) => w.globPattern) : [];
      });
    await waitUntil(() => watchers().length > 0);
    assert.deepEqual(watchers(), ['**/pipelint.config.json', '**/.pipelintrc.json', '**/dbt_project.yml', '**/*.yml', '**/*.yaml', '**/target/manifest.json']);
  });

  it('leaves the dbt project files to a client that watches them itself', async function () {
    const own = new LspTestClient({ rootPath: process.cwd(), initializationOptions: { watchesProjectFiles: true } });
    try {
      await own.initialize();
      const watchers = (): string[] =>
        own.registrations.flatMap((r) => {
          const reg = r as { method: string; registerOptions?: { watchers?: { globPattern: string }[] } };
          return reg.method === 'workspace/didChangeWatchedFiles' ? (reg.registerOptions?.watchers ?? []).map((w) => w.globPattern) : [];
        });
      await waitUntil(() => watchers().length > 0);
      assert.deepEqual(watchers(), ['**/pipelint.config.json', '**/.pipelintrc.json']);
    } finally {
      await own.shutdown();
    }
  });

  it('publishes a finding on open with its rule id, docs link, severity and 0-based range', async function () {
    await client.open(uriOf('load.sql'), 'sql', 'SELECT 1;\n  INSERT INTO t VALUES (1);\n');
    const published = await client.diagnosticsOfVersion(uriOf('load.sql'), 1);
    assert.deepEqual(summary(published.diagnostics), ['blind-insert@1:2-1:15']);
    const [d] = published.diagnostics;
    assert.equal(d.source, 'pipelint');
    assert.equal(d.severity, 4); // Hint: blind-insert is a hint by default, under the precision bar on real code
    assert.equal(d.message, BLIND_INSERT);
    // This client runs the VS Code commands (lessonLinks: 'command'): the docs link opens the rule page in the lesson view.
    assert.equal(d.codeDescription?.href, 'command:pipelint.showRuleDocs?%5B%7B%22ruleId%22%3A%22blind-insert%22%7D%5D');
  });

  it('re-lints after an incremental edit and publishes for the new version', async function () {
    const version = await client.change(uriOf('load.sql'), [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } }, text: 'CREATE TABLE u (a int);\n  ' }]);
    const published = await client.diagnosticsOfVersion(uriOf('load.sql'), version);
    assert.deepEqual(summary(published.diagnostics), ['unguarded-ddl@1:2-1:16', 'blind-insert@2:2-2:15']);
  });

  it('publishes the newest version last when edits come faster than the debounce', async function () {
    let version = 0;
    for (let i = 0; i < 5; i++) version = await client.change(uriOf('load.sql'), [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    const published = await client.diagnosticsOfVersion(uriOf('load.sql'), version);
    assert.deepEqual(summary(published.diagnostics), ['unguarded-ddl@6:2-6:16', 'blind-insert@7:2-7:15']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const versions = client.history.filter((p) => p.uri === uriOf('load.sql')).map((p) => p.version);
    assert.equal(versions[versions.length - 1], version);
  });

  it('answers a hover over a finding with its lesson card and a command link to the lesson view', async function () {
    const diagnostics = await replaceText('load.sql', 'INSERT INTO t VALUES (1);\n');
    assert.deepEqual(summary(diagnostics), ['blind-insert@0:0-0:13']);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf('load.sql') }, position: { line: 0, character: 4 } });
    const value = (hover?.contents as MarkupContent).value;
    assert.equal((hover?.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /^### Blind insert `blind-insert`/);
    // The diagnostic already says what was found: the card starts with what that costs, then the fix.
    assert.equal(value.includes(BLIND_INSERT), false);
    assert.match(value, /^### Blind insert `blind-insert`\n\n\*\*What goes wrong:\*\* [^\n]+\n\n\*\*Fix:\*\* /);
    assert.match(value, /\*\*Concept:\*\* Idempotent pipelines, the answer to \*"/);
    assert.doesNotMatch(value, /paBatchProcessing/);
    assert.ok(value.includes('[Open lesson](command:pipelint.showLesson?%5B%7B%22lessonId%22%3A%22idempotency%22%7D%5D)'));
    assert.deepEqual(hover?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } });
  });

  it('answers a hover away from findings with null', async function () {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf('load.sql') }, position: { line: 0, character: 20 } });
    assert.equal(hover, null);
  });

  it('offers the preferred fix, whose edit leaves a file the rule no longer flags', async function () {
    const text = 'CREATE TABLE t (a int);\n';
    const [diagnostic] = await replaceText('load.sql', text);
    const actions = await actionsAt('load.sql', diagnostic);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Add `IF NOT EXISTS`', 'Disable unguarded-ddl for this line', 'Disable unguarded-ddl for this file', 'Show lesson: idempotency'],
    );
    assert.equal(actions[0].isPreferred, true);
    const fixed = applyAction(text, actions[0]);
    assert.equal(fixed, 'CREATE TABLE IF NOT EXISTS t (a int);\n');
    assert.deepEqual(await replaceText('load.sql', fixed), []);
  });

  it('disables a rule for one line with a comment that the engine honours', async function () {
    const text = 'BEGIN;\n    INSERT INTO t VALUES (1);\nCOMMIT;\n';
    const [diagnostic] = await replaceText('load.sql', text);
    const disable = (await actionsAt('load.sql', diagnostic)).find((a) => a.title === 'Disable blind-insert for this line');
    assert.ok(disable);
    const disabled = applyAction(text, disable);
    assert.equal(disabled, 'BEGIN;\n    -- pipelint-disable-next-line blind-insert\n    INSERT INTO t VALUES (1);\nCOMMIT;\n');
    assert.deepEqual(await replaceText('load.sql', disabled), []);
  });

  it('disables a rule for a TypeScript file with a // comment the engine honours', async function () {
    const text = [
      "import { Worker } from 'bullmq';",
      "import nodemailer from 'nodemailer';",
      "const mailer = nodemailer.createTransport({ host: 'smtp.example.com' });",
      "new Worker('receipts', async (job) => {",
      '  await mailer.sendMail({ to: job.data.email });',
      '});',
      '',
    ].join('\n');
    await client.open(uriOf('worker.ts'), 'typescript', text);
    const [diagnostic] = (await client.diagnosticsOfVersion(uriOf('worker.ts'), 1)).diagnostics;
    assert.equal(diagnostic.code, 'retry-side-effect');
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf('worker.ts') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const disable = (actions as CodeAction[]).find((a) => a.title === 'Disable retry-side-effect for this file');
    assert.ok(disable);
    const disabled = applyAction(text, disable);
    assert.ok(disabled.startsWith('// pipelint-disable-file retry-side-effect\n'));
    const version = await client.change(uriOf('worker.ts'), [{ text: disabled }]);
    assert.deepEqual((await client.diagnosticsOfVersion(uriOf('worker.ts'), version)).diagnostics, []);
    await client.close(uriOf('worker.ts'));
  });

  it('lints a Python file: its own rules and its embedded SQL, a Python hover card, and a `#` disable comment', async function () {
    const text = [
      'from airflow import DAG',
      'from airflow.providers.postgres.operators.postgres import PostgresOperator',
      '',
      'with DAG("orders", schedule="*/1 * * * *") as dag:',
      '    PostgresOperator(task_id="load", sql="INSERT INTO daily SELECT * FROM raw")',
      '',
    ].join('\n');
    await client.open(uriOf('orders_dag.py'), 'python', text);
    const { diagnostics } = await client.diagnosticsOfVersion(uriOf('orders_dag.py'), 1);
    assert.deepEqual(summary(diagnostics), ['freshness-cost@3:28-3:41', 'blind-insert@4:42-4:59']);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf('orders_dag.py') }, position: { line: 3, character: 30 } });
    const card = (hover?.contents as MarkupContent).value;
    assert.match(card, /^### Freshness cost `freshness-cost`\n\n\*\*What goes wrong:\*\* Running this often keeps compute busy around the clock for `orders`,/);
    assert.match(card, /schedule="@hourly"/, 'the fix shown is the Python one');
    const disable = (await actionsAt('orders_dag.py', diagnostics[0])).find((a) => a.title === 'Disable freshness-cost for this line');
    assert.ok(disable);
    const disabled = applyAction(text, disable);
    assert.equal(disabled.split('\n')[3], '# pipelint-disable-next-line freshness-cost');
    const version = await client.change(uriOf('orders_dag.py'), [{ text: disabled }]);
    assert.deepEqual(summary((await client.diagnosticsOfVersion(uriOf('orders_dag.py'), version)).diagnostics), ['blind-insert@5:42-5:59']);
    await client.close(uriOf('orders_dag.py'));
  });

  it('follows severity overrides and rules turned off in the editor settings', async function () {
    await replaceText('load.sql', 'INSERT INTO t VALUES (1);\n');
    await client.changeSettings({ debounceMs: 20, rules: { 'blind-insert': 'error' } });
    const raised = await client.diagnostics(uriOf('load.sql'), (p) => p.diagnostics[0]?.severity === 1);
    assert.deepEqual(summary(raised.diagnostics), ['blind-insert@0:0-0:13']);
    await client.changeSettings({ debounceMs: 20, rules: { 'blind-insert': 'off' } });
    await client.diagnostics(uriOf('load.sql'), (p) => p.diagnostics.length === 0);
    await client.changeSettings({ debounceMs: 20 });
    await client.diagnostics(uriOf('load.sql'), (p) => p.diagnostics.length === 1);
  });

  it('re-lints open files when pipelint.config.json changes', async function () {
    fs.writeFileSync(file('pipelint.config.json'), JSON.stringify({ rules: { 'blind-insert': 'off' } }));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf('pipelint.config.json'), type: FileChangeType.Created }] });
    await client.diagnostics(uriOf('load.sql'), (p) => p.diagnostics.length === 0);
  });

  it('reports a broken config file at its line and column, keeps each file on its last working config, and clears it once fixed', async function () {
    fs.writeFileSync(file('pipelint.config.json'), '{\n  "rules": {\n    "blind-insert": "loud"\n  }\n}\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf('pipelint.config.json'), type: FileChangeType.Changed }] });
    const config = await client.diagnostics(uriOf('pipelint.config.json'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(summary(config.diagnostics), ['config-error@2:20-2:20']);
    assert.equal(config.diagnostics[0].message, "Invalid severity 'loud'; expected one of off, hint, info, warn, error");
    await waitUntil(() => client.messages.some((m) => m.includes(`${file('pipelint.config.json')}:3:21`)));
    assert.ok(
      client.messages.some((m) => m.includes('files keep the configuration they were last linted with (new files get the defaults)')),
      client.messages.join('\n'),
    );
    // load.sql was linted with blind-insert off: a typo in the config must not bring the rule back.
    const edited = await client.change(uriOf('load.sql'), [{ text: 'INSERT INTO t VALUES (2);\n' }]);
    assert.deepEqual((await client.diagnosticsOfVersion(uriOf('load.sql'), edited)).diagnostics, []);
    // A file never linted under a working config gets the defaults.
    fs.writeFileSync(file('fresh.sql'), 'INSERT INTO t VALUES (3);\n');
    await client.open(uriOf('fresh.sql'), 'sql', 'INSERT INTO t VALUES (3);\n');
    assert.deepEqual(summary((await client.diagnosticsOfVersion(uriOf('fresh.sql'), 1)).diagnostics), ['blind-insert@0:0-0:13']);
    await client.close(uriOf('fresh.sql'));
    fs.unlinkSync(file('fresh.sql'));
    // The status follows the diagnostics as a separate notification: it may arrive a moment later on a loaded machine.
    await waitUntil(() => client.statuses[client.statuses.length - 1]?.state === 'configError').catch(() => undefined);
    assert.equal(client.statuses[client.statuses.length - 1]?.state, 'configError');
    fs.writeFileSync(file('pipelint.config.json'), '{}\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf('pipelint.config.json'), type: FileChangeType.Changed }] });
    await client.diagnostics(uriOf('pipelint.config.json'), (p) => p.diagnostics.length === 0);
  });

  it('clears diagnostics when a document is closed', async function () {
    await client.close(uriOf('load.sql'));
    const published = await client.diagnostics(uriOf('load.sql'), (p) => p.diagnostics.length === 0 && p.version === undefined);
    assert.deepEqual(published.diagnostics, []);
  });

  it('survives binary garbage, a 1 MB line and a 5 MB file, noting the size limit on line 1', async function () {
    let garbage = '';
    for (let i = 0; i < 20000; i++) garbage += String.fromCharCode((i * 7919) % 65536);
    await client.open(uriOf('garbage.sql'), 'sql', garbage);
    await client.diagnosticsOfVersion(uriOf('garbage.sql'), 1);
    await client.open(uriOf('line.sql'), 'sql', 'SELECT ' + 'x'.repeat(1024 * 1024) + ';\n');
    assert.deepEqual((await client.diagnosticsOfVersion(uriOf('line.sql'), 1)).diagnostics, []);
    client.settings = { debounceMs: 20, maxFileSizeKb: 256 };
    await client.changeSettings(client.settings);
    await client.open(uriOf('huge.sql'), 'sql', 'SELECT a, b FROM t WHERE x = 1;\n'.repeat(170000));
    const huge = await client.diagnosticsOfVersion(uriOf('huge.sql'), 1);
    assert.deepEqual(summary(huge.diagnostics), ['parse-error@0:0-0:31']);
    assert.equal(huge.diagnostics[0].severity, 3);
    assert.equal(huge.diagnostics[0].message, 'This file is 5.2 MB, over the 256 KB limit; only the first 256 KB were analysed.');
    const line = await client.diagnostics(uriOf('line.sql'), (p) => p.diagnostics.length > 0);
    assert.equal(line.diagnostics[0].message, 'This file is 1.0 MB and its first line alone is over the 256 KB limit (pipelint.maxFileSizeKb); pipelint did not analyse it.');
    for (const name of ['garbage.sql', 'line.sql', 'huge.sql']) await client.close(uriOf(name));
    await client.changeSettings({ debounceMs: 20 });
  });

  it('returns lesson Markdown with command: links to the rule pages for pipelint/lesson and an error for an unknown lesson', async function () {
    const lesson = await client.connection.sendRequest(LessonRequest, { lessonId: 'backpressure' });
    assert.equal(lesson.lessonId, 'backpressure');
    assert.match(lesson.markdown, /^# /);
    assert.ok(lesson.markdown.includes('](command:pipelint.showRuleDocs?%5B%7B%22ruleId%22%3A%22unbounded-buffer%22%7D%5D)'), lesson.markdown);
    await assert.rejects(client.connection.sendRequest(LessonRequest, { lessonId: 'nope' }), /'nope' is not a pipelint lesson/);
  });

  it('lists every lesson with its title and short answer for pipelint/lessons, the lesson picker of the client', async function () {
    const list = await client.connection.sendRequest(LessonListRequest);
    assert.deepEqual(list.map((l) => [l.lessonId, l.title]), [
      ['idempotency', 'Idempotent pipelines'],
      ['backpressure', 'Backpressure'],
      ['late-data', 'Late-arriving data'],
      ['dead-letter-queues', 'Dead letter queues'],
      ['cost-of-freshness', 'Cost of freshness'],
    ]);
    assert.match(list[1].shortAnswer, /^Backpressure is the gap when downstream is slower /);
  });

  it('lints files that are not open with pipelint/lintWorkspace, reporting progress', async function () {
    fs.mkdirSync(file('models'));
    fs.mkdirSync(file('node_modules/pkg'), { recursive: true });
    fs.writeFileSync(file('models/bad.sql'), 'SELECT 1;\nINSERT INTO t VALUES (1);\n');
    fs.writeFileSync(file('models/good.sql'), 'SELECT 1;\n');
    fs.writeFileSync(file('node_modules/pkg/skip.sql'), 'INSERT INTO t VALUES (1);\n');
    fs.writeFileSync(file('notes.txt'), 'INSERT INTO t VALUES (1);\n');
    const before = client.progress.length;
    const result = await client.connection.sendRequest(LintWorkspaceRequest, {});
    assert.deepEqual(result, { filesLinted: 2, filesWithFindings: 1, findings: 1, skipped: 0 });
    const published = await client.diagnostics(uriOf('models/bad.sql'));
    assert.deepEqual(summary(published.diagnostics), ['blind-insert@1:0-1:13']);
    assert.equal(client.published.has(uriOf('node_modules/pkg/skip.sql')), false);
    const kinds = client.progress.slice(before).map((p) => p.kind);
    assert.deepEqual([kinds[0], kinds[kinds.length - 1]], ['begin', 'end']);
    assert.ok(kinds.includes('report'));
  });

  it('counts open documents in the pipelint/lintWorkspace summary, with their unsaved text', async function () {
    fs.writeFileSync(file('models/open.sql'), 'SELECT 1;\n');
    await client.open(uriOf('models/open.sql'), 'sql', 'INSERT INTO a VALUES (1);\nINSERT INTO b VALUES (1);\n');
    await client.diagnosticsOfVersion(uriOf('models/open.sql'), 1);
    const result = await client.connection.sendRequest(LintWorkspaceRequest, {});
    assert.deepEqual(result, { filesLinted: 3, filesWithFindings: 2, findings: 3, skipped: 0 });
    await client.close(uriOf('models/open.sql'));
    fs.rmSync(file('models/open.sql'));
  });

  it('sends the counts of open documents, and of the workspace after lintWorkspace, as pipelint/status', async function () {
    const last = (): unknown => client.statuses[client.statuses.length - 1];
    // Lint Workspace ran above: models/bad.sql has one hint on disk.
    const want = { state: 'ready', openFindings: 0, openErrors: 0, openHints: 2, workspace: { findings: 0, errors: 0, hints: 3 } };
    await client.open(uriOf('status.sql'), 'sql', 'INSERT INTO t VALUES (1);\nINSERT INTO u VALUES (1);\n');
    await client.diagnosticsOfVersion(uriOf('status.sql'), 1);
    await waitUntil(() => JSON.stringify(last()) === JSON.stringify(want)).catch(() => undefined);
    assert.deepEqual(last(), want);
  });

  it('counts errors apart in pipelint/status and reports disabled when pipelint.enable is off', async function () {
    const last = (): unknown => client.statuses[client.statuses.length - 1];
    const errors = { state: 'ready', openFindings: 2, openErrors: 2, openHints: 0, workspace: { findings: 2, errors: 2, hints: 1 } };
    await client.changeSettings({ debounceMs: 20, rules: { 'blind-insert': 'error' } });
    await waitUntil(() => JSON.stringify(last()) === JSON.stringify(errors)).catch(() => undefined);
    assert.deepEqual(last(), errors);
    await client.changeSettings({ debounceMs: 20, enable: false });
    await waitUntil(() => (last() as { state: string }).state === 'disabled').catch(() => undefined);
    assert.deepEqual(last(), { state: 'disabled', openFindings: 0, openErrors: 0, openHints: 0, workspace: { findings: 0, errors: 0, hints: 1 } });
    await client.changeSettings({ debounceMs: 20 });
    await waitUntil(() => (last() as { state: string }).state === 'ready').catch(() => undefined);
    assert.deepEqual(last(), { state: 'ready', openFindings: 0, openErrors: 0, openHints: 2, workspace: { findings: 0, errors: 0, hints: 3 } });
    await client.close(uriOf('status.sql'));
  });

  it('lints a .sql.j2 template opened as jinja-sql, Jinja and all', async function () {
    const uri = uriOf('models/load.sql.j2');
    await client.open(uri, 'jinja-sql', "{# nightly load #}\n{% set day = ds %}\nINSERT INTO {{ params.schema }}.events VALUES ('{{ day }}');\n");
    const published = await client.diagnosticsOfVersion(uri, 1);
    assert.deepEqual(summary(published.diagnostics), ['blind-insert@2:0-2:38']);
    const last = (): unknown => client.statuses[client.statuses.length - 1];
    const open = { state: 'ready', openFindings: 0, openErrors: 0, openHints: 1, workspace: { findings: 0, errors: 0, hints: 2 } };
    await waitUntil(() => JSON.stringify(last()) === JSON.stringify(open)).catch(() => undefined);
    assert.deepEqual(last(), open);
    await client.close(uri);
    const closed = { state: 'ready', openFindings: 0, openErrors: 0, openHints: 0, workspace: { findings: 0, errors: 0, hints: 1 } };
    await waitUntil(() => JSON.stringify(last()) === JSON.stringify(closed)).catch(() => undefined);
    assert.deepEqual(last(), closed);
  });

  it('shuts down and exits with code 0', async function () {
    assert.equal(await client.shutdown(), 0);
    assert.equal(client.stderr, '');
    // The broken config file is the only thing the server had to log.
    assert.deepEqual(client.logs, [`pipelint: ${file('pipelint.config.json')}:3:21: Invalid severity 'loud'; expected one of off, hint, info, warn, error`]);
  });
});

describe('language server with pull diagnostics', function () {
  let workspace: string;
  let client: LspTestClient;

  before(async function () {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-lsp-pull-'));
    client = new LspTestClient({ rootPath: workspace, pull: true });
    await client.initialize();
  });

  after(function () {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('announces a diagnostic provider and answers textDocument/diagnostic, then unchanged for the same result id', async function () {
    const uri = pathToUri(path.join(workspace, 'a.sql'));
    await client.open(uri, 'sql', 'INSERT INTO t VALUES (1);\n');
    const report = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assert.ok(report.kind === 'full');
    assert.deepEqual(summary(report.items), ['blind-insert@0:0-0:13']);
    const again = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: report.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: report.resultId });
    assert.equal(client.published.has(uri), false);
  });

  it('gives the hover card a file: link to the lesson in the installed docs/ when the client has no lesson command', async function () {
    const uri = pathToUri(path.join(workspace, 'a.sql'));
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.ok((hover?.contents as MarkupContent).value.includes(`[Open lesson](${docsFileUrl('lessons', 'idempotency')})`));
  });
});

describe('language server with pull diagnostics and a debounce', function () {
  let workspace: string;

  beforeEach(function () {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-lsp-pull-debounce-'));
  });

  afterEach(function () {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  /** Opens a file, pulls, changes it twice (the pull between the two), and returns the pulled report. */
  async function pullBetweenTwoEdits(debounceMs: number): Promise<{ opened: string[]; pulled: string[] }> {
    const client = new LspTestClient({ rootPath: workspace, pull: true });
    client.settings = { debounceMs };
    try {
      await client.initialize();
      const uri = pathToUri(path.join(workspace, 'a.sql'));
      await client.open(uri, 'sql', 'INSERT INTO t VALUES (1);\n');
      const opened = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      // The first edit moves the insert to line 2, the second to line 3; the client pulls after the first.
      await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
      const pull = client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
      const report = await pull;
      assert.ok(opened.kind === 'full' && report.kind === 'full');
      return { opened: summary(opened.items), pulled: summary(report.items) };
    } finally {
      client.kill();
    }
  }

  it('answers a pull after an edit once the document is quiet for debounceMs: the later edit is in the answer', async function () {
    const { opened, pulled } = await pullBetweenTwoEdits(400);
    // Opening is linted at once; the pull after the first edit waited, so it saw the second.
    assert.deepEqual(opened, ['blind-insert@0:0-0:13']);
    assert.deepEqual(pulled, ['blind-insert@2:0-2:13']);
  });
});
