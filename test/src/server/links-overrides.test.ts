import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { DOC_LINK_COMMANDS, LessonRequest, LintWorkspaceRequest, RuleDocsRequest } from '@pipelint/language-server';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { lessonArg, parseCommandLink, ruleArg, TRUSTED_COMMANDS } from '@pipelint/vscode/internal/doc-links.js';
import { docsFileUrl } from '../cli/helpers.js';
import { LspTestClient, pathToUri } from './lsp-client.js';

const INSERT = 'INSERT INTO orders SELECT * FROM staging_orders;\n';

function workspaceWith(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-links-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

async function hoverText(client: LspTestClient, uri: string): Promise<string> {
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  return (hover?.contents as MarkupContent).value;
}

/** Every Markdown link target in a text. */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

describe('docs links in the VS Code client (command: links)', function () {
  let root: string;
  let client: LspTestClient;
  before(async function () {
    root = workspaceWith({ 'load.sql': INSERT });
    client = new LspTestClient({ rootPath: root, initializationOptions: { lessonLinks: 'command' } });
    await client.initialize();
  });
  after(function () {
    client.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('links diagnostics, hovers and lesson pages to commands the client trusts, carrying ids its handlers read back', async function () {
    const uri = pathToUri(path.join(root, 'load.sql'));
    await client.open(uri, 'sql', INSERT);
    const [diagnostic] = (await client.diagnosticsOfVersion(uri, 1)).diagnostics;
    const href = diagnostic.codeDescription?.href ?? '';
    assert.deepEqual(parseCommandLink(href), { command: 'pipelint.showRuleDocs', args: [{ ruleId: 'blind-insert' }] });
    const hover = linkTargets(await hoverText(client, uri)).map(parseCommandLink);
    assert.deepEqual(hover, [
      { command: 'pipelint.showLesson', args: [{ lessonId: 'idempotency' }] },
      { command: 'pipelint.showRuleDocs', args: [{ ruleId: 'blind-insert' }] },
    ]);
    assert.equal(lessonArg(hover[0]?.args[0]), 'idempotency');
    assert.equal(ruleArg(hover[1]?.args[0]), 'blind-insert');
    const lesson = await client.connection.sendRequest(LessonRequest, { lessonId: 'idempotency' });
    const targets = linkTargets(lesson.markdown);
    assert.ok(targets.length >= 3, lesson.markdown);
    // The lesson view runs only TRUSTED_COMMANDS: a link to anything else would be dead there.
    for (const target of targets) assert.ok(parseCommandLink(target) !== null, target);
    assert.deepEqual([...TRUSTED_COMMANDS].sort(), [...DOC_LINK_COMMANDS].sort());
  });

  it('answers pipelint/ruleDocs with the rule page, links included, and rejects an unknown rule', async function () {
    const docs = await client.connection.sendRequest(RuleDocsRequest, { ruleId: 'blind-insert' });
    assert.equal(docs.ruleId, 'blind-insert');
    assert.match(docs.markdown, /^# /);
    assert.ok(linkTargets(docs.markdown).some((t) => parseCommandLink(t)?.command === 'pipelint.showLesson'), docs.markdown);
    const engine = await client.connection.sendRequest(RuleDocsRequest, { ruleId: 'file-error' });
    assert.match(engine.markdown, /could not be read/);
    await assert.rejects(client.connection.sendRequest(RuleDocsRequest, { ruleId: 'nope' }), /'nope' is not a pipelint rule/);
  });

  it('switches every link to pipelint.docsBaseUrl when the user sets one', async function () {
    client.settings = { docsBaseUrl: 'https://docs.example.com/pipelint/' };
    await client.changeSettings(client.settings);
    const uri = pathToUri(path.join(root, 'other.sql'));
    await client.open(uri, 'sql', INSERT);
    const [diagnostic] = (await client.diagnosticsOfVersion(uri, 1)).diagnostics;
    assert.equal(diagnostic.codeDescription?.href, 'https://docs.example.com/pipelint/rules/blind-insert.md');
    assert.deepEqual(linkTargets(await hoverText(client, uri)), ['https://docs.example.com/pipelint/lessons/idempotency.md', 'https://docs.example.com/pipelint/rules/blind-insert.md']);
  });
});

describe('docs links and overrides in other LSP clients (Neovim and the like)', function () {
  let root: string;
  let client: LspTestClient;
  before(async function () {
    root = workspaceWith({
      'pipelint.config.json': JSON.stringify({
        rules: { 'blind-insert': 'warn' },
        overrides: [
          { files: ['warehouse/**/*.sql'], dialect: 'snowflake', rules: { 'blind-insert': 'error' } },
          { files: ['warehouse/legacy/**'], rules: { 'blind-insert': 'off' } },
        ],
      }),
      'hosted/pipelint.config.json': JSON.stringify({ docsBaseUrl: 'https://wiki.example.com/pipelint' }),
    });
    client = new LspTestClient({ rootPath: root });
    await client.initialize();
  });
  after(function () {
    client.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('links to the pages inside the installed package as file: URIs that exist', async function () {
    const uri = pathToUri(path.join(root, 'top.sql'));
    await client.open(uri, 'sql', INSERT);
    const [diagnostic] = (await client.diagnosticsOfVersion(uri, 1)).diagnostics;
    assert.equal(diagnostic.codeDescription?.href, docsFileUrl('rules', 'blind-insert'));
    const targets = linkTargets(await hoverText(client, uri));
    assert.deepEqual(targets, [docsFileUrl('lessons', 'idempotency'), docsFileUrl('rules', 'blind-insert')]);
    for (const target of targets) assert.ok(fs.existsSync(new URL(target)), target);
  });

  it('uses the docsBaseUrl of the config file that governs the document', async function () {
    const uri = pathToUri(path.join(root, 'hosted/a.sql'));
    await client.open(uri, 'sql', INSERT);
    const [diagnostic] = (await client.diagnosticsOfVersion(uri, 1)).diagnostics;
    assert.equal(diagnostic.codeDescription?.href, 'https://wiki.example.com/pipelint/rules/blind-insert.md');
  });

  it('applies the overrides of pipelint.config.json like the command line: later entries win', async function () {
    const severities: Record<string, number[]> = {};
    for (const name of ['top.sql', 'warehouse/orders.sql', 'warehouse/legacy/old.sql']) {
      const uri = pathToUri(path.join(root, name));
      if (name !== 'top.sql') await client.open(uri, 'sql', INSERT);
      const published = name === 'top.sql' ? await client.diagnostics(uri, () => true) : await client.diagnosticsOfVersion(uri, 1);
      severities[name] = published.diagnostics.filter((d) => d.code === 'blind-insert').map((d) => d.severity ?? 0);
    }
    // 2 = Warning, 1 = Error; the legacy folder turns the rule off.
    assert.deepEqual(severities, { 'top.sql': [2], 'warehouse/orders.sql': [1], 'warehouse/legacy/old.sql': [] });
  });
});

describe('files on disk in UTF-16, read by the language server', function () {
  let root: string;
  let client: LspTestClient;
  const utf16 = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  before(async function () {
    root = workspaceWith({});
    // SQL Server Management Studio saves UTF-16 LE with a BOM by default.
    fs.writeFileSync(path.join(root, 'load.sql'), utf16('SELECT 1;\r\nINSERT INTO t VALUES (1);\r\n'));
    client = new LspTestClient({ rootPath: root });
    await client.initialize();
  });
  after(function () {
    client.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lints a UTF-16 file in Lint Workspace at the line and column an editor shows', async function () {
    const result = await client.connection.sendRequest(LintWorkspaceRequest, {});
    assert.deepEqual(result, { filesLinted: 1, filesWithFindings: 1, findings: 1, skipped: 0 });
    const published = await client.diagnostics(pathToUri(path.join(root, 'load.sql')));
    assert.deepEqual(published.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`), ['blind-insert@1:0']);
  });
});

describe('dbt project files in UTF-16 or with a BOM', function () {
  for (const [name, encode] of [
    ['UTF-8 with a BOM', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)])],
    ['UTF-16 LE with a BOM', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
  ] as const) {
    it(`reads dbt_project.yml written as ${name}`, function () {
      const root = workspaceWith({ 'models/m.sql': 'select id from {{ ref("raw") }}\n' });
      try {
        fs.writeFileSync(path.join(root, 'dbt_project.yml'), encode('name: proj\nmodels:\n  proj:\n    +materialized: incremental\n'));
        const findings = lintText('select id from {{ ref("raw") }}\n', { filename: path.join(root, 'models/m.sql') }).findings;
        assert.deepEqual(findings.map((f) => f.ruleId), ['incremental-without-unique-key']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
