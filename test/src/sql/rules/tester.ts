import * as assert from 'node:assert/strict';
import type { ResolvedConfig, RuleSetting } from '@pipelint/engine/internal/core/config.js';
import type { Finding, Fix } from '@pipelint/engine/internal/core/types.js';
import { lintText } from '@pipelint/engine/internal/engine.js';
import type { Dialect } from '@pipelint/engine/internal/sql/model.js';
import type { SqlRule } from '@pipelint/engine/internal/sql/rule-api.js';
import { sqlRules } from '@pipelint/engine/internal/sql/rules/index.js';

export interface ValidCase {
  /** Names the test; defaults to the first line of code. */
  name?: string;
  /** A newline-led template literal: the leading newline and the common indentation are removed. */
  code: string;
  filename?: string;
  dialect?: Dialect;
  options?: Record<string, unknown>;
  assumeInTransaction?: boolean;
}

export interface ExpectedSuggestion {
  title: string;
  /** The code after applying only this suggestion, written like `code`. */
  output: string;
}

export interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message?: string;
  suggestions?: ExpectedSuggestion[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The code after applying every fix of this rule, written like `code`; omit when the rule offers no fix. */
  output?: string;
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** Removes the leading newline and the indentation every line shares, so a case reads like a real file. */
export function dedent(code: string): string {
  const body = code.startsWith('\n') ? code.slice(1) : code;
  const lines = body.replace(/\n[ \t]*$/, '').split('\n');
  const indents = lines.filter((l) => l.trim().length > 0).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Runs through the real engine with only `rule` switched on (every other SQL rule off). */
export function lintWith(rule: SqlRule<object>, c: ValidCase): Finding[] {
  const rules: Record<string, RuleSetting> = {};
  for (const other of sqlRules) rules[other.meta.id] = { severity: 'off', options: {} };
  rules[rule.meta.id] = { severity: rule.meta.defaultSeverity, options: c.options ?? {} };
  const config: ResolvedConfig = { rules, dialect: c.dialect ?? 'ansi', assumeInTransaction: c.assumeInTransaction ?? false, ignore: [] };
  const result = lintText(dedent(c.code), { filename: c.filename ?? 'pipeline.sql', config });
  const crashes = result.findings.filter((f) => f.ruleId === 'rule-error');
  assert.deepEqual(crashes.map((f) => f.message), [], 'the rule crashed');
  return result.findings;
}

export function applyFixes(code: string, fixes: readonly Fix[]): string {
  const edits = fixes.flatMap((f) => f.edits).sort((a, b) => b.span.start - a.span.start);
  let out = code;
  for (const edit of edits) out = out.slice(0, edit.span.start) + edit.text + out.slice(edit.span.end);
  return out;
}

function caseName(c: ValidCase): string {
  return c.name ?? dedent(c.code).split('\n').find((l) => l.trim().length > 0)?.trim() ?? '(empty)';
}

function checkError(rule: SqlRule<object>, c: InvalidCase, actual: Finding, expected: ExpectedError): void {
  const where = `${expected.line}:${expected.column}`;
  assert.equal(actual.messageId, expected.messageId, `messageId at ${where}`);
  assert.deepEqual([actual.range.start.line, actual.range.start.column], [expected.line, expected.column], 'start position');
  if (expected.endLine !== undefined) assert.equal(actual.range.end.line, expected.endLine, 'end line');
  if (expected.endColumn !== undefined) assert.equal(actual.range.end.column, expected.endColumn, 'end column');
  if (expected.message !== undefined) assert.equal(actual.message, expected.message);
  if (expected.suggestions === undefined) return;
  assert.deepEqual((actual.suggestions ?? []).map((s) => s.title), expected.suggestions.map((s) => s.title), 'suggestion titles');
  expected.suggestions.forEach((s, i) => {
    const fixed = applyFixes(dedent(c.code), [actual.suggestions![i]]);
    assert.equal(fixed, dedent(s.output), `suggestion '${s.title}'`);
    assertStillParses(rule, { ...c, code: fixed });
  });
}

function assertStillParses(rule: SqlRule<object>, c: ValidCase): void {
  const after = lintWith(rule, c);
  assert.deepEqual(after.filter((f) => f.ruleId === 'parse-error').map((f) => f.message), [], 'the rewritten code no longer parses');
}

function checkFix(rule: SqlRule<object>, c: InvalidCase, findings: Finding[]): void {
  const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
  if (c.output === undefined) {
    assert.deepEqual(fixes.map((f) => f.title), [], 'expected no fix');
    return;
  }
  const fixed = applyFixes(dedent(c.code), fixes);
  assert.equal(fixed, dedent(c.output), 'fix output');
  const again = lintWith(rule, { ...c, code: fixed });
  assert.deepEqual(again.filter((f) => f.ruleId === rule.meta.id).map((f) => f.message), [], 'the fixed code is flagged again');
  assertStillParses(rule, { ...c, code: fixed });
}

/** ESLint RuleTester-style cases with exact positions, run through `lintText`. */
export function testRule(rule: SqlRule<object>, cases: RuleCases): void {
  describe(rule.meta.id, () => {
    describe('does not flag', () => {
      for (const c of cases.valid) {
        it(caseName(c), () => {
          const found = lintWith(rule, c).filter((f) => f.ruleId === rule.meta.id);
          assert.deepEqual(found.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`), []);
        });
      }
    });
    describe('flags', () => {
      for (const c of cases.invalid) {
        it(caseName(c), () => {
          const found = lintWith(rule, c).filter((f) => f.ruleId === rule.meta.id);
          assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got: ${found.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`).join(' | ')}`);
          c.errors.forEach((e, i) => checkError(rule, c, found[i], e));
          checkFix(rule, c, found);
        });
      }
    });
  });
}
