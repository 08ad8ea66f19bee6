import * as assert from 'node:assert/strict';
import { LineIndex } from '@pipelint/engine/internal/core/line-index.js';
import { applySuppressions, parseDirectives } from '@pipelint/engine/internal/core/suppressions.js';
import type { Finding } from '@pipelint/engine/internal/core/types.js';

function finding(text: string, ruleId: string, line: number): Finding {
  const lines = new LineIndex(text);
  const start = lines.lineStart(line);
  return {
    ruleId,
    concept: 'idempotency',
    severity: 'warn',
    message: 'm',
    messageId: 'm',
    data: {},
    range: lines.range(start, start + 1),
    origin: 'sql',
  };
}

function directivesOf(text: string) {
  const lines = new LineIndex(text);
  const comments = [...text.matchAll(/--([^\n]*)/g)].map((m) => ({ body: m[1], span: { start: m.index, end: m.index + m[0].length } }));
  return parseDirectives(comments, lines);
}

describe('suppression comments', () => {
  it('parses rules and the reason of a disable-next-line comment', () => {
    const text = '-- pipelint-disable-next-line blind-insert, unguarded-ddl -- staging table, rebuilt daily\nINSERT INTO t VALUES (1);';
    const [d] = directivesOf(text);
    assert.equal(d.kind, 'disable-next-line');
    assert.deepEqual(d.rules, ['blind-insert', 'unguarded-ddl']);
    assert.equal(d.reason, 'staging table, rebuilt daily');
    assert.equal(d.line, 2);
  });

  it('suppresses a finding on the next line only', () => {
    const text = '-- pipelint-disable-next-line blind-insert\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);';
    const out = applySuppressions([finding(text, 'blind-insert', 2), finding(text, 'blind-insert', 3)], directivesOf(text), () => true);
    assert.deepEqual(out.kept.map((f) => f.range.start.line), [3]);
    assert.equal(out.unused.length, 0);
  });

  it('suppresses between disable and enable', () => {
    const text = 'a\n-- pipelint-disable blind-insert\nb\nc\n-- pipelint-enable blind-insert\nd';
    const all = [1, 3, 4, 6].map((l) => finding(text, 'blind-insert', l));
    const out = applySuppressions(all, directivesOf(text), () => true);
    assert.deepEqual(out.kept.map((f) => f.range.start.line), [1, 6]);
  });

  it('reports a directive that suppresses nothing, rule by rule', () => {
    const text = '-- pipelint-disable-next-line blind-insert, unguarded-ddl\nx';
    const out = applySuppressions([finding(text, 'blind-insert', 2)], directivesOf(text), () => true);
    assert.deepEqual(out.unused.map((u) => u.rule), ['unguarded-ddl']);
  });

  it('does not count a rule that is switched off as unused', () => {
    const text = '-- pipelint-disable-file unguarded-ddl\nx';
    const out = applySuppressions([], directivesOf(text), (rule) => rule !== 'unguarded-ddl');
    assert.equal(out.unused.length, 0);
  });
});
