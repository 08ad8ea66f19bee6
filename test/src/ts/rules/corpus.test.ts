import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '@pipelint/engine/internal/engine.js';

/**
 * Realistic Node pipeline code, one scenario per file: `safe/` holds code real teams ship (consumers that dead-letter,
 * idempotent retries, CDK stacks with alarmed DLQs, HTTP handlers, scripts, tests, look-alike method names),
 * `unsafe/` code that loses, repeats or silently drops messages. Every finding counts, embedded SQL included.
 */
const CORPUS = path.resolve(__dirname, '../../../fixtures/ts-corpus');
const SOURCE = /\.(ts|js)$/;

interface FileExpectation {
  /** `<rule-id> <line>`, in line order. */
  findings: string[];
  /** Why a safe file may still produce these findings: arguably right, or a false positive not fixed yet. */
  reason?: string;
}

/** Each folder's `expected.json` lists every file in it with the findings it must produce. */
function expectationsOf(kind: 'safe' | 'unsafe'): Record<string, FileExpectation> {
  const file = path.join(CORPUS, kind, 'expected.json');
  assert.ok(fs.existsSync(file), `${kind}/ has no expected.json`);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { files: Record<string, FileExpectation> }).files;
}

function corpusFiles(kind: 'safe' | 'unsafe'): string[] {
  return fs
    .readdirSync(path.join(CORPUS, kind))
    .filter((name) => SOURCE.test(name))
    .sort();
}

/** Every finding of one file at default settings, as `<rule-id> <line>`, with the messages for a failure report. */
function lintCorpusFile(file: string): { found: string[]; detail: string } {
  const result = lintText(fs.readFileSync(path.join(CORPUS, file), 'utf8'), { filename: file });
  const findings = result.findings.filter((f) => f.ruleId !== 'unused-suppression');
  return {
    found: findings.map((f) => `${f.ruleId} ${f.range.start.line}`),
    detail: findings.map((f) => `\n  ${f.range.start.line}:${f.range.start.column} ${f.ruleId}: ${f.message}`).join(''),
  };
}

describe('TypeScript rule corpus', () => {
  for (const kind of ['safe', 'unsafe'] as const) {
    const expected = expectationsOf(kind);
    describe(kind === 'safe' ? 'safe pipeline code produces no finding' : 'unsafe pipeline code produces exactly the listed findings', () => {
      it('lists exactly the files in the folder', () => {
        assert.deepEqual(Object.keys(expected).sort(), corpusFiles(kind));
      });
      for (const [name, expectation] of Object.entries(expected)) {
        it(`${kind}/${name}`, () => {
          const { found, detail } = lintCorpusFile(`${kind}/${name}`);
          assert.deepEqual(found, expectation.findings, `findings:${detail}`);
        });
      }
    });
  }

  it('explains every finding a safe file is allowed to produce, and expects findings from every unsafe file', () => {
    assert.deepEqual(Object.entries(expectationsOf('safe')).filter(([, e]) => e.findings.length > 0 && !e.reason).map(([name]) => name), []);
    assert.deepEqual(Object.entries(expectationsOf('unsafe')).filter(([, e]) => e.findings.length === 0).map(([name]) => name), []);
  });

  it('has at least 30 safe and 10 unsafe scenarios', () => {
    assert.ok(corpusFiles('safe').length >= 30, `${corpusFiles('safe').length} safe files`);
    assert.ok(corpusFiles('unsafe').length >= 10, `${corpusFiles('unsafe').length} unsafe files`);
  });
});
