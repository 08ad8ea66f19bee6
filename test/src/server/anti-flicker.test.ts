import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { Finding } from '@pipelint/engine';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { editBetween, holdUnfinished, unfinishedStatement } from '@pipelint/language-server/internal/unfinished.js';
import { LspTestClient, pathToUri } from './lsp-client.js';

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

describe('unfinished statements (anti-flicker)', function () {
  it('finds the edit between two texts', function () {
    assert.deepEqual(editBetween('SELECT 1;', 'SELECT 12;'), { start: 8, oldEnd: 8, newEnd: 9 });
    assert.deepEqual(editBetween('abc', 'abc'), null);
    assert.deepEqual(editBetween('aXc', 'aYYc'), { start: 1, oldEnd: 2, newEnd: 3 });
  });

  it('calls a statement unfinished when a bracket, string or comment is open in it', function () {
    const before = 'SELECT 1;\nINSERT INTO t SELECT * FROM s;\nSELECT 2;\n';
    assert.deepEqual(unfinishedStatement(before, before.replace('INTO t ', 'INTO t (')), { from: 9, to: 40, oldFrom: 9, oldTo: 39, delta: 1 });
    assert.ok(unfinishedStatement(before, before.replace('FROM s', "FROM s WHERE a = 'x")));
    assert.ok(unfinishedStatement(before, before.replace('FROM s', 'FROM s /* why')));
    // A finished edit, or an open bracket in another statement than the edited one, is not unfinished.
    assert.equal(unfinishedStatement(before, before.replace('INTO t ', 'INTO t (id) ')), null);
    assert.equal(unfinishedStatement(before, before.replace('SELECT 2', 'SELECT 22')), null);
    // `;` inside a string or brackets ends no statement.
    assert.equal(unfinishedStatement("SELECT ';';\n", "SELECT ';;';\n"), null);
  });

  it('calls a statement unfinished when it lacks the ; a terminated script had, but never a dbt model', function () {
    const before = 'SELECT 1;\n';
    assert.ok(unfinishedStatement(before, `${before}INSERT INTO t`));
    assert.equal(unfinishedStatement(before, `${before}INSERT INTO t;`), null);
    assert.equal(unfinishedStatement(before, `${before}-- note\n`.replace('-- note\n', '\n')), null);
    const model = "select * from {{ ref('orders') }}\n";
    assert.equal(unfinishedStatement(model, model.replace('select *', 'select id')), null);
    assert.ok(unfinishedStatement(model, model.replace("ref('orders') }}", "ref('orders'")));
  });

  it('keeps the previous findings of the unfinished statement, moved past the edit and without fixes', function () {
    const lint = (text: string): Finding[] => lintText(text, { filename: 'a.sql' }).findings;
    const before = 'CREATE TABLE a (id int);\nINSERT INTO t SELECT * FROM s;\n';
    const after = before.replace('INTO t ', 'INTO t (');
    const held = holdUnfinished({ text: before, findings: lint(before) }, { text: after, findings: lint(after) });
    const insert = held.find((f) => f.ruleId === 'blind-insert');
    assert.ok(insert);
    assert.deepEqual(insert.range, { start: { line: 2, column: 1, offset: 25 }, end: { line: 2, column: 14, offset: 38 } });
    assert.equal(insert.fix, undefined);
    assert.equal(insert.suggestions, undefined);
    const create = held.find((f) => f.ruleId === 'unguarded-ddl');
    assert.ok(create?.fix, 'findings outside the edited statement are fresh, fixes and all');
  });
});

describe('language server: no flicker while a statement is typed', function () {
  let workspace: string;
  let client: LspTestClient;

  before(async function () {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-flicker-')));
    client = new LspTestClient({ rootPath: workspace });
    client.settings = { debounceMs: 0 };
    await client.initialize();
  });

  after(function () {
    client.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  /** Types `typed` one character at a time at `offset`, returning the diagnostics published for each version. */
  async function type(uri: string, text: string, offset: number, typed: string): Promise<{ text: string; diagnostics: string[] }[]> {
    const lines = text.slice(0, offset).split('\n');
    let line = lines.length - 1;
    let character = lines[line].length;
    let current = text;
    const seen: { text: string; diagnostics: string[] }[] = [];
    for (const ch of typed) {
      const at = { line, character };
      const version = await client.change(uri, [{ range: { start: at, end: at }, text: ch }]);
      current = current.slice(0, offset) + ch + current.slice(offset);
      offset++;
      if (ch === '\n') {
        line++;
        character = 0;
      } else {
        character++;
      }
      seen.push({ text: current, diagnostics: summary((await client.diagnosticsOfVersion(uri, version)).diagnostics) });
    }
    return seen;
  }

  it('shows nothing new for a statement typed at the end until its ;, then its finding', async function () {
    const uri = pathToUri(path.join(workspace, 'end.sql'));
    const text = 'CREATE TABLE a (id int);\n';
    await client.open(uri, 'sql', text);
    assert.deepEqual(summary((await client.diagnosticsOfVersion(uri, 1)).diagnostics), ['unguarded-ddl@0:0-0:14']);
    const typed = 'INSERT INTO t SELECT * FROM s;';
    const seen = await type(uri, text, text.length, typed);
    for (const step of seen.slice(0, -1)) assert.deepEqual(step.diagnostics, ['unguarded-ddl@0:0-0:14'], `while typing: ${JSON.stringify(step.text)}`);
    assert.deepEqual(seen[seen.length - 1].diagnostics, ['unguarded-ddl@0:0-0:14', 'blind-insert@1:0-1:13']);
  });

  it('keeps the finding of a statement edited in place while its bracket is open, and updates it once closed', async function () {
    const uri = pathToUri(path.join(workspace, 'middle.sql'));
    const text = 'CREATE TABLE a (id int);\nINSERT INTO t SELECT * FROM s;\nSELECT 1;\n';
    await client.open(uri, 'sql', text);
    const both = ['unguarded-ddl@0:0-0:14', 'blind-insert@1:0-1:13'];
    assert.deepEqual(summary((await client.diagnosticsOfVersion(uri, 1)).diagnostics), both);
    // Typed key by key, the guard is half a subquery long before it is whole: the engine alone drops the
    // blind-insert finding at `(SELECT 1 FROM t`, while the statement still has an open bracket.
    const guard = ' WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.id = s.id)';
    const seen = await type(uri, text, text.indexOf(';\nSELECT 1'), guard);
    for (const step of seen.slice(0, -1)) assert.deepEqual(step.diagnostics, both, `while typing: ${JSON.stringify(step.text)}`);
    assert.deepEqual(seen[seen.length - 1].diagnostics, ['unguarded-ddl@0:0-0:14']);
  });
});
