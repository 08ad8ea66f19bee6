import * as assert from 'node:assert/strict';
import type { ResolvedConfig, RuleSetting } from '@pipelint/engine/internal/core/config.js';
import type { Finding } from '@pipelint/engine/internal/core/types.js';
import { ensureLanguages, lintText } from '@pipelint/engine/internal/engine.js';
import type { PyRule } from '@pipelint/engine/internal/py/rule-api.js';
import { pyRules } from '@pipelint/engine/internal/py/rules/index.js';
import { RULE_IDS } from '@pipelint/engine/internal/catalogue.js';
import { dedent } from '../../sql/rules/tester.js';

export interface PyValidCase {
  name?: string;
  /** A newline-led template literal: the leading newline and the common indentation are removed. */
  code: string;
  filename?: string;
  options?: Record<string, unknown>;
}

export interface PyExpectedError {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message?: string;
}

export interface PyInvalidCase extends PyValidCase {
  errors: PyExpectedError[];
}

/** Lints through the real engine with only this rule on: every other rule of every language off. */
export function lintPyWith(rule: PyRule<object>, c: PyValidCase): Finding[] {
  const rules: Record<string, RuleSetting> = {};
  for (const id of RULE_IDS) rules[id] = { severity: 'off', options: {} };
  rules[rule.meta.id] = { severity: rule.meta.defaultSeverity, options: c.options ?? {} };
  const config: ResolvedConfig = { rules, dialect: 'ansi', assumeInTransaction: false, ignore: [] };
  const result = lintText(dedent(c.code), { filename: c.filename ?? 'pipeline.py', config });
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'rule-error').map((f) => f.message), [], 'the rule crashed');
  return result.findings.filter((f) => f.ruleId === rule.meta.id && f.origin === 'py');
}

function caseName(c: PyValidCase): string {
  return c.name ?? dedent(c.code).split('\n').find((l) => l.trim().length > 0)?.trim() ?? '(empty)';
}

/** Flagged cases report exactly the expected findings (rule, message, position); clean ones none. */
export function testPyRule(rule: PyRule<object>, cases: { valid: PyValidCase[]; invalid: PyInvalidCase[] }): void {
  describe(`py rule ${rule.meta.id}`, () => {
    before(() => ensureLanguages(['py']));
    for (const c of cases.valid) {
      it(`allows: ${caseName(c)}`, () => {
        assert.deepEqual(lintPyWith(rule, c).map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`), []);
      });
    }
    for (const c of cases.invalid) {
      it(`reports: ${caseName(c)}`, () => {
        const actual = lintPyWith(rule, c);
        const shown = (f: Finding): string => `${f.messageId}@${f.range.start.line}:${f.range.start.column} ${f.message}`;
        assert.equal(actual.length, c.errors.length, actual.map(shown).join('\n'));
        c.errors.forEach((expected, i) => {
          const f = actual[i];
          assert.equal(f.messageId, expected.messageId, shown(f));
          assert.equal(f.range.start.line, expected.line, shown(f));
          assert.equal(f.range.start.column, expected.column, shown(f));
          if (expected.endLine !== undefined) assert.equal(f.range.end.line, expected.endLine, shown(f));
          if (expected.endColumn !== undefined) assert.equal(f.range.end.column, expected.endColumn, shown(f));
          if (expected.message !== undefined) assert.equal(f.message, expected.message);
          assert.ok(rule.meta.messages[f.messageId], `unknown messageId ${f.messageId}`);
        });
      });
    }
  });
}

export { pyRules };
