import * as assert from 'node:assert/strict';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';
import { catalogueOf, compareFindings, type SoakFinding } from '@pipelint/engine/internal/soak/compare.js';

function finding(rule: string, line: number, severity: string, concept: string | null): SoakFinding {
  return { repo: 'acme/pipes', path: 'models/a.sql', line, column: 1, rule, severity, concept, message: '' };
}

describe('soak scoring: the precision bar', () => {
  it('holds recommended rules to the bar, and shows but does not bar the engine notices', () => {
    const findings = [finding('parse-error', 1, 'warn', null), finding('high-watermark-without-lookback', 2, 'warn', 'late-data')];
    const entries = [
      { repo: 'acme/pipes', path: 'models/a.sql', line: 1, rule: 'parse-error', verdict: 'debatable' as const, reason: 'not a program' },
      { repo: 'acme/pipes', path: 'models/a.sql', line: 2, rule: 'high-watermark-without-lookback', verdict: 'fp' as const, reason: 'upstream stamp' },
    ];
    const c = compareFindings(findings, entries, catalogueOf(allRuleMetas()));
    assert.deepEqual(c.belowBar.map((b) => b.rule), ['high-watermark-without-lookback']);
    assert.equal(c.rules.find((r) => r.rule === 'parse-error')?.precision, 0, 'the notice still has its number');
  });
});
