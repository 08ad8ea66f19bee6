import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, chooseFixes, fixFile, fixText, type LintFn } from '@pipelint/engine/internal/cli/fix.js';
import type { LintResult } from '@pipelint/engine/internal/engine.js';
import type { Finding } from '@pipelint/engine/internal/core/types.js';
import { findingAt, removeDir, tempDir } from './helpers.js';

/** A stand-in rule: `CREATE TABLE` without `IF NOT EXISTS`, fixed by inserting the guard. */
function guardFindings(text: string, insert = 'IF NOT EXISTS '): Finding[] {
  const out: Finding[] = [];
  for (const match of text.matchAll(/CREATE TABLE (?!IF NOT EXISTS)/g)) {
    const at = match.index + 'CREATE TABLE '.length;
    out.push(findingAt(text, 'unguarded-ddl', match[0], match.index, { title: 'Add `IF NOT EXISTS`', edits: [{ span: { start: at, end: at }, text: insert }] }));
  }
  return out;
}

function result(findings: Finding[]): LintResult {
  return { filename: 'load.sql', language: 'sql', findings, suppressedCount: 0 };
}

const lintGuards: LintFn = (text) => result(guardFindings(text));

const SCRIPT = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n';
const FIXED = 'CREATE TABLE IF NOT EXISTS a (id int);\nCREATE TABLE IF NOT EXISTS b (id int);\n';

function withFile(text: string, run: (file: string, dir: string) => void): void {
  const dir = tempDir('fix');
  try {
    const file = path.join(dir, 'load.sql');
    fs.writeFileSync(file, text, { mode: 0o640 });
    run(file, dir);
  } finally {
    removeDir(dir);
  }
}

describe('choosing fixes', () => {
  const text = 'abcdefghij';
  const fixAt = (start: number, end: number, rule = 'r'): Finding =>
    findingAt(text, rule, text.slice(start, Math.max(end, start + 1)), start, { title: 't', edits: [{ span: { start, end }, text: 'X' }] });

  it('keeps the earlier of two overlapping fixes', () => {
    const chosen = chooseFixes(text, [fixAt(5, 8, 'late'), fixAt(2, 6, 'early')]);
    assert.deepEqual(chosen.map((f) => f.ruleId), ['early']);
  });

  it('takes fixes that only touch at a boundary', () => {
    assert.equal(chooseFixes(text, [fixAt(2, 4), fixAt(4, 6)]).length, 2);
  });

  it('treats two edits starting at the same offset as a conflict', () => {
    assert.equal(chooseFixes(text, [fixAt(3, 3, 'insert'), fixAt(3, 5, 'replace')]).length, 1);
  });

  it('skips fixes whose edits fall outside the text', () => {
    assert.equal(chooseFixes(text, [fixAt(8, 12)]).length, 0);
  });

  it('skips findings that carry only suggestions', () => {
    const finding = findingAt(text, 'r', 'abc');
    finding.suggestions = [{ title: 'maybe', edits: [{ span: { start: 0, end: 1 }, text: 'Z' }] }];
    assert.equal(chooseFixes(text, [finding]).length, 0);
  });
});

describe('applying edits', () => {
  it('applies edits from the end so earlier offsets stay valid', () => {
    const edits = [
      { span: { start: 0, end: 1 }, text: 'AA' },
      { span: { start: 4, end: 4 }, text: '-' },
      { span: { start: 9, end: 10 }, text: '' },
    ];
    assert.equal(applyEdits('abcdefghij', edits), 'AAbcd-efghi');
  });

  it('runs further passes when a fix unlocks another', () => {
    // Both findings' fixes start at the same offset, so only one applies per pass.
    const lint: LintFn = (text) => {
      const findings = ['x', 'y']
        .filter((word) => !text.includes(word))
        .map((word) => findingAt(text, `needs-${word}`, ';', 0, { title: `Add ${word}`, edits: [{ span: { start: text.indexOf(';'), end: text.indexOf(';') }, text: word }] }));
      return result(findings);
    };
    const fixed = fixText('SELECT 1;', lint('SELECT 1;'), lint);
    assert.equal(fixed.applied, 2);
    assert.equal(fixed.text, 'SELECT 1xy;');
    assert.deepEqual(fixed.result.findings, []);
  });
});

describe('fixing files on disk', () => {
  it('writes the fixed text, keeps the file mode and leaves no temporary file', () => {
    withFile(SCRIPT, (file, dir) => {
      const outcome = fixFile(file, lintGuards, { dryRun: false, displayPath: 'load.sql' });
      assert.equal(outcome.status, 'fixed');
      assert.equal(outcome.applied, 2);
      assert.deepEqual(outcome.result.findings, []);
      assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
      assert.equal(fs.statSync(file).mode & 0o777, 0o640);
      assert.deepEqual(fs.readdirSync(dir), ['load.sql']);
    });
  });

  it('prints a unified diff and changes nothing in a dry run', () => {
    withFile(SCRIPT, (file) => {
      const outcome = fixFile(file, lintGuards, { dryRun: true, displayPath: 'sql/load.sql' });
      assert.equal(outcome.status, 'fixed');
      assert.equal(
        outcome.diff,
        [
          '--- a/sql/load.sql',
          '+++ b/sql/load.sql',
          '@@ -1,2 +1,2 @@',
          '-CREATE TABLE a (id int);',
          '-CREATE TABLE b (id int);',
          '+CREATE TABLE IF NOT EXISTS a (id int);',
          '+CREATE TABLE IF NOT EXISTS b (id int);',
          '',
        ].join('\n'),
      );
      assert.equal(fs.readFileSync(file, 'utf8'), SCRIPT);
    });
  });

  it('does not rewrite a file without fixable findings', () => {
    withFile(FIXED, (file) => {
      const before = fs.statSync(file).mtimeMs;
      const outcome = fixFile(file, lintGuards, { dryRun: false, displayPath: 'load.sql' });
      assert.equal(outcome.status, 'unchanged');
      assert.equal(fs.statSync(file).mtimeMs, before);
    });
  });

  it('leaves the file as it was when the rule still fires after its fix', () => {
    const brokenFix: LintFn = (text) => result(guardFindings(text, 'IF  NOT EXISTS '));
    withFile(SCRIPT, (file) => {
      const outcome = fixFile(file, brokenFix, { dryRun: false, displayPath: 'load.sql' });
      assert.equal(outcome.status, 'reverted');
      assert.equal(outcome.detail, 'the fix for unguarded-ddl did not remove its finding; the file was left unchanged');
      assert.equal(outcome.result.findings.length, 2);
      assert.equal(fs.readFileSync(file, 'utf8'), SCRIPT);
    });
  });

  it('leaves the file as it was when a fix adds a finding of another rule', () => {
    const lint: LintFn = (text) => {
      const findings = guardFindings(text);
      if (text.includes('IF NOT EXISTS')) findings.push(findingAt(text, 'parse-error', 'IF'));
      return result(findings);
    };
    withFile(SCRIPT, (file) => {
      const outcome = fixFile(file, lint, { dryRun: false, displayPath: 'load.sql' });
      assert.equal(outcome.status, 'reverted');
      assert.equal(outcome.detail, 'the fixes would add a parse-error finding; the file was left unchanged');
      assert.equal(fs.readFileSync(file, 'utf8'), SCRIPT);
    });
  });

  it('leaves a file alone when it changes on disk while being fixed', () => {
    withFile(SCRIPT, (file) => {
      const editorSave = `-- saved by an editor\n${SCRIPT}`;
      const racing: LintFn = (text) => {
        if (text === FIXED) fs.writeFileSync(file, editorSave);
        return lintGuards(text);
      };
      const outcome = fixFile(file, racing, { dryRun: false, displayPath: 'load.sql' });
      assert.equal(outcome.status, 'changed-on-disk');
      assert.equal(outcome.result.findings.length, 2);
      assert.equal(fs.readFileSync(file, 'utf8'), editorSave);
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['load.sql']);
    });
  });

  it('reports a file that disappeared before it could be fixed', () => {
    withFile(SCRIPT, (file) => {
      fs.rmSync(file);
      const outcome = fixFile(file, lintGuards, { dryRun: false, displayPath: 'load.sql', initial: { text: SCRIPT, result: lintGuards(SCRIPT) } });
      assert.equal(outcome.status, 'changed-on-disk');
      assert.match(outcome.detail ?? '', /^cannot read the file to fix it: ENOENT/);
      assert.equal(outcome.result.findings.length, 2);
    });
  });

  it('fixes the target of a symbolic link and keeps the link', () => {
    withFile(SCRIPT, (file, dir) => {
      const link = path.join(dir, 'link.sql');
      fs.symlinkSync(file, link);
      assert.equal(fixFile(link, lintGuards, { dryRun: false, displayPath: 'link.sql' }).status, 'fixed');
      assert.ok(fs.lstatSync(link).isSymbolicLink());
      assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
    });
  });
});
