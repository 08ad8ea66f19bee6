import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest,
  DocumentDiagnosticRequest,
  HoverRequest,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LESSON_REQUEST, LINT_WORKSPACE_REQUEST, type LessonResult, type LintWorkspaceResult, type StatusParams } from '../../../server/out/protocol.js';
import { LspTestClient, pathToUri } from './lsp-client.js';

const BINARY = 'SELECT 1;\u0000\u0001\u0002';

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

function applyAction(text: string, uri: string, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0];
  assert.ok(change && 'edits' in change, `action '${action.title}' carries a text document edit`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'sql', 1, text), change.edits as TextEdit[]);
}

describe('language server over stdio', function () {
  let workspace: string;
  let client: LspTestClient;

  before(async function () {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-lsp-'));
    client = new LspTestClient({ rootPath: workspace });
    client.settings = { debounceMs: 20 };
  });

  after(function () {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('announces incremental sync, hover and quick fixes, and push diagnostics to a client without pull support', async function () {
    const result = await client.initialize();
    const sync = result.capabilities.textDocumentSync;
    assert.ok(typeof sync === 'object' && sync !== null);
    assert.equal(sync.change, TextDocumentSyncKind.Incremental);
    assert.equal(sync.openClose, true);
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'], resolveProvider: false });
    assert.equal(result.capabilities.diagnosticProvider, undefined);
  });

  it('registers a watcher for both config file names after initialized', async function () {
    const watchers = () =>
      client.registrations.flatMap((r) => {
        const reg = r as { method: string; registerOptions?: { watchers?: { globPattern: string }[] } };
        return reg.method === 'workspace/didChangeWatchedFiles' ? (reg.registerOptions?.watchers ?? []).map((w) => w.globPattern) : [];
      });
    await waitUntil(() => watchers().length > 0);
    assert.deepEqual(watchers(), ['**/pipelint.config.json', '**/.pipelintrc.json']);
  });

  it('publishes a parse-error for a binary file on open, with docs link, source and 0-based range', async function () {
    const uri = pathToUri(path.join(workspace, 'blob.sql'));
    await client.open(uri, 'sql', BINARY);
    const published = await client.diagnosticsOfVersion(uri, 1);
    assert.deepEqual(summary(published.diagnostics), ['parse-error@0:0-0:0']);
    const [d] = published.diagnostics;
    assert.equal(d.source, 'pipelint');
    assert.equal(d.severity, 1);
    assert.equal(d.codeDescription?.href, 'https://github.com/pipelint/pipelint/blob/main/docs/rules/parse-error.md');
    assert.equal(d.message, 'This file looks binary (it contains NUL bytes); pipelint did not analyse it.');
  });

  it('re-lints after an incremental edit and publishes for the new version', async function () {
    const uri = pathToUri(path.join(workspace, 'blob.sql'));
    const version = await client.change(uri, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 12 } }, text: '' }]);
    const published = await client.diagnosticsOfVersion(uri, version);
    assert.deepEqual(published.diagnostics, []);
  });

  it('publishes only the newest version when edits come faster than the debounce', async function () {
    const uri = pathToUri(path.join(workspace, 'burst.sql'));
    await client.open(uri, 'sql', 'SELECT 1;\n');
    await client.diagnosticsOfVersion(uri, 1);
    let version = 1;
    for (let i = 0; i < 5; i++) version = await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\u0000' }]);
    const published = await client.diagnosticsOfVersion(uri, version);
    assert.deepEqual(summary(published.diagnostics), ['parse-error@0:0-0:0']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const versions = client.history.filter((p) => p.uri === uri).map((p) => p.version);
    assert.equal(versions[versions.length - 1], version);
  });

  it('answers a hover over a finding with its card and a hover elsewhere with null', async function () {
    const uri = pathToUri(path.join(workspace, 'blob.sql'));
    const version = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\u0000' }]);
    await client.diagnosticsOfVersion(uri, version);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    const contents = hover?.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /^### Parse error `parse-error`/);
    assert.match(contents.value, /This file looks binary/);
    const none = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 5 } });
    assert.equal(none, null);
  });

  it('clears diagnostics when a document is closed', async function () {
    const uri = pathToUri(path.join(workspace, 'blob.sql'));
    await client.close(uri);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    assert.deepEqual(published.diagnostics, []);
  });

  it('returns lesson Markdown for pipelint/lesson and an error for an unknown lesson', async function () {
    const lesson = await client.connection.sendRequest<LessonResult>(LESSON_REQUEST, { lessonId: 'backpressure' });
    assert.equal(lesson.lessonId, 'backpressure');
    assert.match(lesson.markdown, /^# /);
    await assert.rejects(client.connection.sendRequest(LESSON_REQUEST, { lessonId: 'nope' }), /'nope' is not a pipelint lesson/);
  });

  it('lints files that are not open with pipelint/lintWorkspace, reporting progress', async function () {
    fs.mkdirSync(path.join(workspace, 'models'));
    fs.mkdirSync(path.join(workspace, 'node_modules/pkg'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'models/bad.sql'), 'SELECT 1;\u0000');
    fs.writeFileSync(path.join(workspace, 'models/good.sql'), 'SELECT 1;\n');
    fs.writeFileSync(path.join(workspace, 'node_modules/pkg/skip.sql'), '\u0000');
    fs.writeFileSync(path.join(workspace, 'notes.txt'), '\u0000');
    const before = client.progress.length;
    const result = await client.connection.sendRequest<LintWorkspaceResult>(LINT_WORKSPACE_REQUEST, {});
    assert.equal(result.findings, 1);
    assert.equal(result.filesWithFindings, 1);
    const published = await client.diagnostics(pathToUri(path.join(workspace, 'models/bad.sql')));
    assert.deepEqual(summary(published.diagnostics), ['parse-error@0:0-0:0']);
    assert.equal(client.published.has(pathToUri(path.join(workspace, 'node_modules/pkg/skip.sql'))), false);
    const kinds = client.progress.slice(before).map((p) => p.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(kinds.includes('report'));
  });

  it('sends the number of findings in open documents as pipelint/status', async function () {
    const uri = pathToUri(path.join(workspace, 'status.sql'));
    await client.open(uri, 'sql', '\u0000');
    await client.diagnosticsOfVersion(uri, 1);
    await waitUntil(() => lastStatus(client)?.openFindings === 2);
    assert.deepEqual(lastStatus(client), { state: 'ready', openFindings: 2 });
  });

  it('shuts down and exits with code 0', async function () {
    assert.equal(await client.shutdown(), 0);
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

  it('answers textDocument/diagnostic with a full report, then unchanged for the same result id', async function () {
    const uri = pathToUri(path.join(workspace, 'a.sql'));
    await client.open(uri, 'sql', '\u0000');
    const report = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.ok(report.kind === 'full');
    assert.deepEqual(summary(report.items), ['parse-error@0:0-0:0']);
    const again = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: report.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: report.resultId });
    assert.equal(client.published.has(uri), false);
  });
});

function lastStatus(client: LspTestClient): StatusParams | undefined {
  return client.statuses[client.statuses.length - 1];
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
