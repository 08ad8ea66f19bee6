import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedConfig, RuleSetting } from '@pipelint/engine/internal/core/config.js';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { DIALECTS, type Dialect } from '@pipelint/engine/internal/sql/model.js';
import { sqlRules } from '@pipelint/engine/internal/sql/rules/index.js';

/**
 * Realistic pipeline SQL, one scenario per file, under `safe/<dir>/` and `unsafe/<dir>/`. `<dir>` is the dialect,
 * or a tool (`dbt`, `airflow`, `migrations`). Each folder's `expected.json` names its dialect and lists every file
 * with the findings it must produce, as `<rule-id> <line>` in line order (a file may name another dialect).
 */
const CORPUS = path.resolve(__dirname, '../../../fixtures/corpus');

interface FileExpectation {
  dialect?: Dialect;
  findings: string[];
  /** Why a safe file may still produce these findings. */
  reason?: string;
}

interface FolderExpectations {
  dialect: Dialect;
  files: Record<string, FileExpectation>;
}

/** Every SQL rule at its default severity and options, and the front end's parse-error. */
const CHECKED = new Set([...sqlRules.map((r) => r.meta.id), 'parse-error']);

const RULES: Record<string, RuleSetting> = Object.fromEntries(sqlRules.map((r) => [r.meta.id, { severity: r.meta.defaultSeverity, options: {} }]));

function folders(kind: 'safe' | 'unsafe'): string[] {
  return fs.readdirSync(path.join(CORPUS, kind)).sort().map((dir) => `${kind}/${dir}`);
}

function sqlFilesIn(folder: string): string[] {
  return (fs.readdirSync(path.join(CORPUS, folder), { recursive: true }) as string[])
    .filter((name) => name.endsWith('.sql'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

function expectationsOf(folder: string): FolderExpectations {
  const file = path.join(CORPUS, folder, 'expected.json');
  assert.ok(fs.existsSync(file), `${folder} has no expected.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FolderExpectations;
}

/** The checked findings of one file, each as `<rule-id> <line>` and with its message for the failure report. */
function lintCorpusFile(file: string, dialect: Dialect): { found: string[]; detail: string } {
  const config: ResolvedConfig = { rules: RULES, dialect, assumeInTransaction: false, ignore: [] };
  const result = lintText(fs.readFileSync(path.join(CORPUS, file), 'utf8'), { filename: file, config });
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'rule-error').map((f) => f.message), [], 'a rule crashed');
  const checked = result.findings.filter((f) => CHECKED.has(f.ruleId));
  return {
    found: checked.map((f) => `${f.ruleId} ${f.range.start.line}`),
    detail: checked.map((f) => `\n  ${f.range.start.line}:${f.range.start.column} ${f.ruleId}: ${f.message}`).join(''),
  };
}

function describeFolder(folder: string): void {
  const expected = expectationsOf(folder);
  describe(folder, () => {
    it('names a dialect and lists exactly the SQL files in the folder', () => {
      assert.ok((DIALECTS as readonly string[]).includes(expected.dialect), `${folder}: unknown dialect ${expected.dialect}`);
      assert.deepEqual(Object.keys(expected.files).sort(), sqlFilesIn(folder));
    });
    for (const [name, expectation] of Object.entries(expected.files)) {
      it(name, () => {
        const { found, detail } = lintCorpusFile(`${folder}/${name}`, expectation.dialect ?? expected.dialect);
        assert.deepEqual(found, expectation.findings, `findings:${detail}`);
      });
    }
  });
}

describe('SQL rule corpus', () => {
  describe('safe pipeline SQL produces no finding', () => {
    for (const folder of folders('safe')) describeFolder(folder);
  });

  describe('unsafe pipeline SQL produces exactly the listed findings', () => {
    for (const folder of folders('unsafe')) describeFolder(folder);
  });

  it('explains every finding a safe file is allowed to produce, and expects findings from every unsafe file', () => {
    const entries = (kind: 'safe' | 'unsafe'): [string, FileExpectation][] =>
      folders(kind).flatMap((folder) => Object.entries(expectationsOf(folder).files).map(([name, e]): [string, FileExpectation] => [`${folder}/${name}`, e]));
    assert.deepEqual(entries('safe').filter(([, e]) => e.findings.length > 0 && !e.reason).map(([file]) => file), []);
    assert.deepEqual(entries('unsafe').filter(([, e]) => e.findings.length === 0).map(([file]) => file), []);
  });
});
