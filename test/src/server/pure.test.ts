import * as assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { LineIndex } from '@pipelint/engine/internal/core/line-index.js';
import type { Finding } from '@pipelint/engine/internal/core/types.js';
import { codeActionsFor, insideTemplateLiteral } from '@pipelint/language-server/internal/code-actions.js';
import { findingToDiagnostic, rangeContains, type DiagnosticData } from '@pipelint/language-server/internal/diagnostics.js';
import { commentMarkerFor, disableFileEdit, disableNextLineEdit } from '@pipelint/language-server/internal/disable-comments.js';
import { hoverAt } from '@pipelint/language-server/internal/hover.js';
import { lintFilename, lintForEditor } from '@pipelint/language-server/internal/lint-document.js';
import { showLessonCommandUri } from '@pipelint/language-server';
import { applySettings, normalizeSettings } from '@pipelint/language-server/internal/settings.js';
import { applySizeLimit } from '@pipelint/language-server/internal/size-limit.js';
import { docsFileUrl } from '../cli/helpers.js';

const URI = 'file:///w/load.sql';

function finding(text: string, start: number, end: number, extra: Partial<Finding> = {}): Finding {
  const lines = new LineIndex(text);
  return {
    ruleId: 'blind-insert',
    concept: 'idempotency',
    severity: 'warn',
    message: 'Re-running this INSERT appends the rows again.',
    messageId: 'blind',
    data: { table: 't' },
    range: lines.range(start, end),
    origin: 'sql',
    ...extra,
  };
}

function doc(text: string, version = 3, uri = URI): TextDocument {
  return TextDocument.create(uri, 'sql', version, text);
}

describe('findingToDiagnostic', function () {
  const text = 'SELECT 1;\n  INSERT INTO t VALUES (1);\n';
  const d = doc(text);

  it('converts 1-based line and column to 0-based LSP positions', function () {
    const diagnostic = findingToDiagnostic(finding(text, 12, 36), URI, 3, (o) => d.positionAt(o));
    assert.deepEqual(diagnostic.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 26 } });
  });

  it('sets code, docs link, source and severity from the finding', function () {
    const diagnostic = findingToDiagnostic(finding(text, 12, 36, { severity: 'hint' }), URI, 3, (o) => d.positionAt(o));
    assert.equal(diagnostic.code, 'blind-insert');
    assert.equal(diagnostic.codeDescription?.href, docsFileUrl('rules', 'blind-insert'));
    assert.equal(diagnostic.source, 'pipelint');
    assert.equal(diagnostic.severity, 4);
    assert.equal(findingToDiagnostic(finding(text, 0, 1, { severity: 'info' }), URI, 3, (o) => d.positionAt(o)).severity, 3);
    assert.equal(findingToDiagnostic(finding(text, 0, 1, { severity: 'error' }), URI, 3, (o) => d.positionAt(o)).severity, 1);
  });

  it('carries fix and suggestion edits in LSP coordinates, and the version they apply to', function () {
    const fix = { title: 'List the columns', edits: [{ span: { start: 26, end: 26 }, text: ' (a)' }] };
    const diagnostic = findingToDiagnostic(finding(text, 12, 36, { fix, suggestions: [fix] }), URI, 3, (o) => d.positionAt(o));
    const data = diagnostic.data as DiagnosticData;
    assert.equal(data.version, 3);
    assert.deepEqual(data.fix, { title: 'List the columns', edits: [{ range: { start: { line: 1, character: 16 }, end: { line: 1, character: 16 } }, newText: ' (a)' }] });
    assert.equal(data.suggestions?.length, 1);
  });

  it('turns related locations into relatedInformation in the same document', function () {
    const lines = new LineIndex(text);
    const related = [{ range: lines.range(0, 6), message: 'the earlier SELECT' }];
    const diagnostic = findingToDiagnostic(finding(text, 12, 36, { related }), URI, 3, (o) => d.positionAt(o));
    assert.deepEqual(diagnostic.relatedInformation, [
      { location: { uri: URI, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } } }, message: 'the earlier SELECT' },
    ]);
  });
});

describe('rangeContains', function () {
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } };
  it('includes both ends of the range and nothing outside it', function () {
    assert.equal(rangeContains(range, { line: 1, character: 2 }), true);
    assert.equal(rangeContains(range, { line: 1, character: 5 }), true);
    assert.equal(rangeContains(range, { line: 1, character: 6 }), false);
    assert.equal(rangeContains(range, { line: 0, character: 3 }), false);
  });
});

describe('disable comments', function () {
  it('puts a SQL next-line directive above the line with its indentation', function () {
    const d = doc('BEGIN;\n    INSERT INTO t VALUES (1);\n');
    const edit = disableNextLineEdit(d, 1, 'blind-insert', '--');
    assert.equal(TextDocument.applyEdits(d, [edit]), 'BEGIN;\n    -- pipelint-disable-next-line blind-insert\n    INSERT INTO t VALUES (1);\n');
  });

  it('uses // in TypeScript and keeps CRLF line endings', function () {
    const d = TextDocument.create('file:///w/a.ts', 'typescript', 1, 'const a = 1;\r\n\tawait q();\r\n');
    assert.equal(TextDocument.applyEdits(d, [disableNextLineEdit(d, 1, 'unbounded-concurrency', '//')]), 'const a = 1;\r\n\t// pipelint-disable-next-line unbounded-concurrency\r\n\tawait q();\r\n');
  });

  it('adds a rule to an existing next-line directive instead of stacking a second one', function () {
    const d = doc('-- pipelint-disable-next-line relative-update -- reviewed\nINSERT INTO t VALUES (1);\n');
    assert.equal(
      TextDocument.applyEdits(d, [disableNextLineEdit(d, 1, 'blind-insert', '--')]),
      '-- pipelint-disable-next-line relative-update, blind-insert -- reviewed\nINSERT INTO t VALUES (1);\n',
    );
  });

  it('puts a file directive on the first line, after a shebang, or joins the one already there', function () {
    const sql = doc('INSERT INTO t VALUES (1);\n');
    assert.equal(TextDocument.applyEdits(sql, [disableFileEdit(sql, 'blind-insert', '--')]), '-- pipelint-disable-file blind-insert\nINSERT INTO t VALUES (1);\n');
    const js = TextDocument.create('file:///w/a.js', 'javascript', 1, '#!/usr/bin/env node\nrun();\n');
    assert.equal(TextDocument.applyEdits(js, [disableFileEdit(js, 'x-rule', '//')]), '#!/usr/bin/env node\n// pipelint-disable-file x-rule\nrun();\n');
    const joined = doc('-- pipelint-disable-file relative-update\nSELECT 1;\n');
    assert.equal(TextDocument.applyEdits(joined, [disableFileEdit(joined, 'blind-insert', '--')]), '-- pipelint-disable-file relative-update, blind-insert\nSELECT 1;\n');
  });
});

describe('disable comments in Jinja templates', function () {
  const model = "{{ config(materialized='incremental') }}\nINSERT INTO t VALUES (1);\n";

  it('writes {# ... #} comments in a dbt model, a .sql.j2 file and a jinja-sql document', function () {
    const dbt = doc(model, 1, 'file:///w/models/orders.sql');
    assert.equal(commentMarkerFor('sql', dbt), '{#');
    assert.equal(TextDocument.applyEdits(dbt, [disableNextLineEdit(dbt, 1, 'blind-insert', '{#')]), "{{ config(materialized='incremental') }}\n{# pipelint-disable-next-line blind-insert #}\nINSERT INTO t VALUES (1);\n");
    assert.equal(TextDocument.applyEdits(dbt, [disableFileEdit(dbt, 'blind-insert', '{#')]), "{# pipelint-disable-file blind-insert #}\n{{ config(materialized='incremental') }}\nINSERT INTO t VALUES (1);\n");
    assert.equal(commentMarkerFor('sql', TextDocument.create('file:///w/load.sql.j2', 'sql', 1, 'INSERT INTO t VALUES (1);\n')), '{#');
    assert.equal(commentMarkerFor('sql', TextDocument.create('untitled:Untitled-1', 'jinja-sql', 1, 'SELECT 1;\n')), '{#');
  });

  it('keeps -- in plain SQL, even with braces in a string, and // in TypeScript', function () {
    assert.equal(commentMarkerFor('sql', doc("SELECT '{' || name || '}' FROM t;\n")), '--');
    assert.equal(commentMarkerFor('ts', TextDocument.create('file:///w/a.ts', 'typescript', 1, 'const s = `{{ x }}`;\n')), '//');
  });

  it('joins a rule to a Jinja directive already there', function () {
    const d = doc('  {# pipelint-disable-next-line relative-update #}\n  INSERT INTO t VALUES (1);\n', 1, 'file:///w/a.sql.jinja');
    assert.equal(TextDocument.applyEdits(d, [disableNextLineEdit(d, 1, 'blind-insert', '{#')]), '  {# pipelint-disable-next-line relative-update, blind-insert #}\n  INSERT INTO t VALUES (1);\n');
    const f = doc('{# pipelint-disable-file relative-update #}\nSELECT 1;\n', 1, 'file:///w/a.sql.j2');
    assert.equal(TextDocument.applyEdits(f, [disableFileEdit(f, 'blind-insert', '{#')]), '{# pipelint-disable-file relative-update, blind-insert #}\nSELECT 1;\n');
  });

  it('offers code actions whose edits the engine then honours', function () {
    const uri = 'file:///w/models/orders.sql';
    const lint = lintForEditor(model, 'models/orders.sql', DEFAULT_CONFIG, 2048, { error: () => undefined });
    const found = lint.findings.find((f) => f.ruleId === 'blind-insert');
    assert.ok(found, 'the model has a blind-insert finding');
    const current = TextDocument.create(uri, 'sql', 1, model);
    const diagnostic = findingToDiagnostic(found, uri, 1, (o) => current.positionAt(o));
    const list = codeActionsFor({ doc: current, language: 'sql', diagnostics: [diagnostic], lessonCommand: false });
    const edits = (title: string) => list.find((a) => a.title === title)?.edit?.documentChanges?.[0];
    const line = edits('Disable blind-insert for this line');
    const file = edits('Disable blind-insert for this file');
    assert.deepEqual(line && 'edits' in line ? line.edits : null, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '{# pipelint-disable-next-line blind-insert #}\n' }]);
    assert.deepEqual(file && 'edits' in file ? file.edits : null, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '{# pipelint-disable-file blind-insert #}\n' }]);
    for (const change of [line, file]) {
      const after = TextDocument.applyEdits(current, change && 'edits' in change ? (change.edits as TextEdit[]) : []);
      const relinted = lintForEditor(after, 'models/orders.sql', DEFAULT_CONFIG, 2048, { error: () => undefined });
      assert.deepEqual(relinted.findings.map((f) => f.ruleId), lint.findings.map((f) => f.ruleId).filter((id) => id !== 'blind-insert'));
    }
  });
});

describe('codeActionsFor', function () {
  const text = 'INSERT INTO t VALUES (1);\n';
  const fix = { title: 'List the columns', edits: [{ span: { start: 13, end: 13 }, text: '(a) ' }] };
  const suggestion = { title: 'Delete the day first', edits: [{ span: { start: 0, end: 0 }, text: 'DELETE FROM t;\n' }] };

  function actions(version: number, extra: Partial<Finding> = {}, lessonCommand = true): ReturnType<typeof codeActionsFor> {
    const current = doc(text, version);
    const diagnostic = findingToDiagnostic(finding(text, 0, 24, { fix, suggestions: [suggestion], ...extra }), URI, 3, (o) => current.positionAt(o));
    return codeActionsFor({ doc: current, language: 'sql', diagnostics: [diagnostic], lessonCommand });
  }

  it('offers the fix first and preferred, then suggestions, disable comments and the lesson', function () {
    const list = actions(3);
    assert.deepEqual(
      list.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['List the columns', true],
        ['Delete the day first', false],
        ['Disable blind-insert for this line', false],
        ['Disable blind-insert for this file', false],
        ['Show lesson: idempotency', false],
      ],
    );
    assert.deepEqual(list[4].command, { title: 'Show lesson', command: 'pipelint.showLesson', arguments: [{ lessonId: 'idempotency' }] });
    assert.deepEqual(list[0].edit?.documentChanges?.[0], {
      textDocument: { uri: URI, version: 3 },
      edits: [{ range: { start: { line: 0, character: 13 }, end: { line: 0, character: 13 } }, newText: '(a) ' }],
    });
  });

  it('drops rewrites computed for an older version of the document', function () {
    assert.deepEqual(
      actions(4).map((a) => a.title),
      ['Disable blind-insert for this line', 'Disable blind-insert for this file', 'Show lesson: idempotency'],
    );
  });

  it('offers no disable comment for engine findings and no lesson to a client without the command', function () {
    assert.deepEqual(
      actions(3, { ruleId: 'parse-error', concept: null, fix: undefined, suggestions: undefined }).map((a) => a.title),
      [],
    );
    assert.equal(actions(3, {}, false).some((a) => a.command), false);
  });

  it('offers only the file-wide disable comment for SQL on a later line of a template literal', function () {
    const ts = 'await pool.query(`\n  INSERT INTO t VALUES (1)`);\n';
    const current = TextDocument.create('file:///w/a.ts', 'typescript', 1, ts);
    const diagnostic = findingToDiagnostic(finding(ts, 20, 33, { origin: 'embedded-sql' }), 'file:///w/a.ts', 1, (o) => current.positionAt(o));
    assert.equal(insideTemplateLiteral(current, 1), true);
    assert.deepEqual(
      codeActionsFor({ doc: current, language: 'ts', diagnostics: [diagnostic], lessonCommand: false }).map((a) => a.title),
      ['Disable blind-insert for this file'],
    );
  });

  it('treats a line after a closed template literal as code', function () {
    const current = TextDocument.create('file:///w/a.ts', 'typescript', 1, 'const a = `x`;\nconst b = `\\``;\nrun();\n');
    assert.equal(insideTemplateLiteral(current, 2), false);
  });

  it('ignores diagnostics from other sources and returns nothing when only source actions are asked for', function () {
    const current = doc(text);
    const diagnostic = findingToDiagnostic(finding(text, 0, 24), URI, 3, (o) => current.positionAt(o));
    assert.deepEqual(codeActionsFor({ doc: current, language: 'sql', diagnostics: [{ ...diagnostic, source: 'eslint' }], lessonCommand: true }), []);
    assert.deepEqual(codeActionsFor({ doc: current, language: 'sql', diagnostics: [diagnostic], lessonCommand: true, only: ['source.organizeImports'] }), []);
  });
});

describe('hoverAt', function () {
  const text = 'SELECT 1;\nINSERT INTO t VALUES (1);\n';
  const findings = [finding(text, 10, 34)];

  it('renders the card of the finding under the cursor, with its range', function () {
    const hover = hoverAt(findings, { line: 1, character: 3 }, (f) => `card for ${f.ruleId}`);
    assert.deepEqual(hover, {
      contents: { kind: 'markdown', value: 'card for blind-insert' },
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 24 } },
    });
  });

  it('returns null away from findings', function () {
    assert.equal(
      hoverAt(findings, { line: 0, character: 3 }, () => 'x'),
      null,
    );
  });
});

describe('applySizeLimit', function () {
  it('keeps a file under the limit whole', function () {
    assert.deepEqual(applySizeLimit('SELECT 1;\n', 1, 'sql'), { text: 'SELECT 1;\n', bytes: 10, outcome: 'whole' });
  });

  it('cuts a large SQL file after the last complete statement within the limit', function () {
    const statement = 'SELECT a,\n       b\nFROM t;\n';
    const text = statement.repeat(200);
    const result = applySizeLimit(text, 1, 'sql');
    assert.equal(result.outcome, 'truncated');
    assert.ok(result.text.length <= 1024);
    assert.ok(result.text.endsWith('FROM t;\n'));
    assert.ok(text.startsWith(result.text));
  });

  it('cuts at a line break without splitting a multi-byte character', function () {
    const text = 'é'.repeat(300) + '\n' + 'é'.repeat(600) + '\n';
    const result = applySizeLimit(text, 1, 'ts');
    assert.equal(result.text, 'é'.repeat(300) + '\n');
    assert.equal(result.bytes, 1802);
  });

  it('skips a file whose first line alone is over the limit', function () {
    assert.equal(applySizeLimit('x'.repeat(5000), 1, 'sql').outcome, 'skipped');
  });
});

describe('lintForEditor', function () {
  const log = { error: (): void => undefined };

  it('adds an information notice on line 1 when it lints only part of a file', function () {
    const text = 'SELECT 1;\n'.repeat(300);
    const result = lintForEditor(text, 'big.sql', DEFAULT_CONFIG, 1, log);
    assert.equal(result.outcome, 'truncated');
    assert.equal(result.findings[0].ruleId, 'parse-error');
    assert.equal(result.findings[0].severity, 'info');
    assert.equal(result.findings[0].message, 'This file is 3 KB, over the 1 KB limit; only the first 1 KB were analysed.');
    assert.deepEqual([result.findings[0].range.start.line, result.findings[0].range.end.column], [1, 10]);
  });

  it('says so instead of linting when the first line is over the limit', function () {
    const result = lintForEditor('x'.repeat(3000), 'big.sql', DEFAULT_CONFIG, 1, log);
    assert.equal(result.outcome, 'skipped');
    assert.deepEqual(
      result.findings.map((f) => f.message),
      ['This file is 3 KB and its first line alone is over the 1 KB limit (pipelint.maxFileSizeKb); pipelint did not analyse it.'],
    );
  });
});

describe('lintFilename', function () {
  it('keeps names whose extension tells the language and borrows one from the language id otherwise', function () {
    assert.equal(lintFilename('/w/model.sql', 'jinja-sql'), '/w/model.sql');
    assert.equal(lintFilename('/w/query.pgsql', 'sql'), '/w/query.pgsql.sql');
    assert.equal(lintFilename('Untitled-1', 'typescriptreact'), 'Untitled-1.tsx');
    assert.equal(lintFilename('/w/types.d.ts', 'typescript'), null);
    assert.equal(lintFilename('/w/readme.md', 'markdown'), null);
  });
});

describe('settings', function () {
  it('falls back to defaults for malformed values and reports unknown rules', function () {
    const { settings, problems } = normalizeSettings({ enable: 'yes', debounceMs: -5, dialect: 'oracle', rules: { 'blind-insert': 'error', 'no-such-rule': 'off', 'relative-update': 'loud' } });
    assert.deepEqual(settings, { enable: true, rules: { 'blind-insert': 'error' }, dialect: 'auto', assumeInTransaction: false, debounceMs: 0, maxFileSizeKb: 2048, docsBaseUrl: '' });
    assert.deepEqual(problems, [
      "pipelint.rules: 'no-such-rule' is not a pipelint rule; ignored.",
      'pipelint.rules.relative-update: expected one of off, hint, info, warn, error; ignored.',
      "pipelint.dialect: 'oracle' is not a known dialect; using the config file's.",
    ]);
  });

  it('lets editor severities win over the config file and keeps the config options', function () {
    const config = { ...DEFAULT_CONFIG, dialect: 'snowflake' as const, rules: { 'blind-insert': { severity: 'warn' as const, options: { allow: ['x'] } } } };
    const { settings } = normalizeSettings({ rules: { 'blind-insert': 'off' } });
    const merged = applySettings(config, settings);
    assert.deepEqual(merged.rules['blind-insert'], { severity: 'off', options: { allow: ['x'] } });
    assert.equal(merged.dialect, 'snowflake');
    assert.equal(applySettings(config, normalizeSettings({ dialect: 'bigquery' }).settings).dialect, 'bigquery');
  });

  it('takes pipelint.docsBaseUrl over the config file, the config file\'s when empty, and ignores a bad one', function () {
    const config = { ...DEFAULT_CONFIG, docsBaseUrl: 'https://team.example.com/pipelint' };
    assert.equal(applySettings(config, normalizeSettings({ docsBaseUrl: 'https://me.example.com/docs/' }).settings).docsBaseUrl, 'https://me.example.com/docs');
    assert.equal(applySettings(config, normalizeSettings({ docsBaseUrl: '' }).settings).docsBaseUrl, 'https://team.example.com/pipelint');
    assert.equal(applySettings(DEFAULT_CONFIG, normalizeSettings({}).settings).docsBaseUrl, null);
    const bad = normalizeSettings({ docsBaseUrl: 'docs/' });
    assert.equal(bad.settings.docsBaseUrl, '');
    assert.deepEqual(bad.problems, ['pipelint.docsBaseUrl: \'docsBaseUrl\' must be an absolute URL such as "https://docs.example.com/pipelint", found "docs"; ignored.']);
  });
});

describe('showLessonCommandUri', function () {
  it('encodes the lesson argument as a JSON array in the query', function () {
    assert.equal(showLessonCommandUri('late-data'), 'command:pipelint.showLesson?%5B%7B%22lessonId%22%3A%22late-data%22%7D%5D');
  });
});
