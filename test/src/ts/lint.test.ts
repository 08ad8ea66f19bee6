import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type ResolvedConfig } from '@pipelint/engine/internal/core/config.js';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { defineTsRule, type TsRule } from '@pipelint/engine/internal/ts/create-rule.js';
import { lintWithRules } from '@pipelint/engine/internal/ts/lint.js';
import plugin from '@pipelint/engine/internal/ts/plugin.js';
import { TS_RULE_IDS } from '@pipelint/engine/internal/catalogue.js';
import { tsRuleMetas, tsRules } from '@pipelint/engine/internal/ts/rules/index.js';
import { NO_OPTIONS } from '@pipelint/engine/internal/core/rule-meta.js';
import { docsFileUrl } from '../cli/helpers.js';

const WORKER = `import { Worker } from 'bullmq';
import Stripe from 'stripe';
const stripe = new Stripe('sk_test');
new Worker('charges', async (job) => {
  await stripe.charges.create({ amount: job.data.amount });
});
`;

function docs(description: string): TsRule['meta']['docs'] {
  return { description, why: '', howToFix: '', whenNotToUse: '', bad: [], good: [] };
}

/** Reports every `debugger` statement, with a fix that removes it: exercises the fix mapping. */
const noDebugger = defineTsRule<'found', Record<string, never>>({
  type: 'problem',
  defaultOptions: {},
  meta: {
    id: 'test-no-debugger',
    concept: 'idempotency',
    defaultSeverity: 'info',
    schema: NO_OPTIONS,
    fixable: true,
    hasSuggestions: false,
    messages: { found: 'A `{{keyword}}` statement.' },
    fixTitles: { found: 'Remove `{{keyword}}`' },
    docs: docs('test'),
  },
  create(context) {
    return { DebuggerStatement: (node) => context.report({ node, messageId: 'found', data: { keyword: 'debugger' }, fix: (f) => f.remove(node) }) };
  },
});

const crashing = defineTsRule<'never', Record<string, never>>({
  type: 'problem',
  defaultOptions: {},
  meta: { ...noDebugger.meta, id: 'test-crash', fixable: false, messages: { never: 'never' }, fixTitles: {} },
  create() {
    return {
      Identifier(): void {
        throw new Error('cannot read this');
      },
    };
  },
});

describe('lintText on TypeScript', () => {
  it('reports a finding with 1-based positions, offsets, data and the lesson concept', () => {
    const [finding] = lintText(WORKER, { filename: 'worker.ts' }).findings;
    assert.equal(finding.ruleId, 'retry-side-effect');
    assert.equal(finding.concept, 'idempotency');
    assert.equal(finding.severity, 'warn');
    assert.equal(finding.origin, 'ts');
    assert.equal(finding.messageId, 'payment');
    assert.deepEqual(finding.data, { call: 'stripe.charges.create', step: 'this BullMQ job' });
    assert.equal(
      finding.message,
      '`stripe.charges.create` runs again whenever this BullMQ job is retried: without an idempotency key Stripe does it twice (a second charge, a duplicate object).',
    );
    assert.deepEqual(finding.range.start, { line: 5, column: 9, offset: WORKER.indexOf('stripe.charges') });
    assert.deepEqual(finding.range.end, { line: 5, column: 30, offset: WORKER.indexOf('({ amount') });
  });

  it('maps a suggestion to a titled edit at the right offset', () => {
    const [finding] = lintText(WORKER, { filename: 'worker.ts' }).findings;
    const key = '`charges.create-${job.id}`';
    assert.deepEqual(finding.suggestions, [
      {
        title: `Pass \`idempotencyKey: ${key}\` so Stripe returns the first result on a retry`,
        edits: [{ span: { start: WORKER.indexOf(' })') + 2, end: WORKER.indexOf(' })') + 2 }, text: `, { idempotencyKey: ${key} }` }],
      },
    ]);
  });

  it('honours a pipelint-disable-next-line comment and counts the suppression', () => {
    const text = WORKER.replace('  await stripe', '  // pipelint-disable-next-line retry-side-effect -- charged once upstream\n  await stripe');
    const result = lintText(text, { filename: 'worker.ts' });
    assert.deepEqual(result.findings, []);
    assert.equal(result.suppressedCount, 1);
  });

  it('honours a block-comment directive on the same line', () => {
    const text = WORKER.replace('amount });', 'amount }); /* pipelint-disable-line retry-side-effect */');
    assert.deepEqual(lintText(text, { filename: 'worker.ts' }).findings, []);
  });

  it('uses the configured severity and skips rules switched off', () => {
    const warnAsError: ResolvedConfig = { ...DEFAULT_CONFIG, rules: { 'retry-side-effect': { severity: 'error', options: {} } } };
    assert.equal(lintText(WORKER, { filename: 'worker.ts', config: warnAsError }).findings[0].severity, 'error');
    const off: ResolvedConfig = { ...DEFAULT_CONFIG, rules: { 'retry-side-effect': { severity: 'off', options: {} } } };
    assert.deepEqual(lintText(WORKER, { filename: 'worker.ts', config: off }).findings, []);
  });

  it('reports a syntax error as parse-error at the exact position', () => {
    const result = lintText('const ok = 1;\nconst broken = ;\n', { filename: 'broken.ts' });
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding.ruleId, 'parse-error');
    assert.equal(finding.messageId, 'syntax');
    assert.equal(finding.message, 'Could not parse this file: Expression expected. Findings after this point may be missing.');
    assert.deepEqual(finding.range.start, { line: 2, column: 16, offset: 29 });
  });

  it('still reads suppression comments in a file that does not parse', () => {
    const result = lintText('// pipelint-disable-file parse-error -- generated\nconst broken = ;\n', { filename: 'broken.ts' });
    assert.deepEqual(result.findings, []);
    assert.equal(result.suppressedCount, 1);
  });

  it('lints JavaScript with JSX and CommonJS files too', () => {
    const js = "const pRetry = require('p-retry');\nmodule.exports = () => pRetry(() => fetch(URL, { method: 'POST' }));\n";
    assert.deepEqual(lintText(js, { filename: 'hook.cjs' }).findings.map((f) => f.ruleId), ['retry-side-effect']);
    assert.deepEqual(lintText('export const A = () => <div>{1}</div>;\n', { filename: 'view.jsx' }).findings, []);
  });
});

describe('lintWithRules', () => {
  it('maps an ESLint fix to a titled Fix built from the rule data', () => {
    const text = 'function f() {\n  debugger;\n}\n';
    const [finding] = lintWithRules([noDebugger], text, 'f.ts', DEFAULT_CONFIG).findings;
    assert.equal(finding.severity, 'info');
    assert.equal(finding.message, 'A `debugger` statement.');
    assert.deepEqual(finding.fix, { title: 'Remove `debugger`', edits: [{ span: { start: 17, end: 26 }, text: '' }] });
  });

  it('isolates a crashing rule as rule-error and keeps the other rules findings', () => {
    const text = 'function f() {\n  debugger;\n}\n';
    const findings = lintWithRules([crashing, noDebugger], text, 'f.ts', DEFAULT_CONFIG).findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.message]),
      [
        ['test-no-debugger', 'A `debugger` statement.'],
        ['rule-error', "Rule 'test-crash' crashed on this file (cannot read this); its findings here are missing, the other rules ran."],
      ],
    );
  });

  it('keeps offsets and fix spans exact in a file that starts with a byte-order mark', () => {
    const text = '\uFEFFdebugger; // pipelint-disable-line test-no-debugger\n';
    const { findings, comments } = lintWithRules([noDebugger], text, 'f.ts', DEFAULT_CONFIG);
    assert.deepEqual(findings[0].range.start, { line: 1, column: 2, offset: 1 });
    assert.deepEqual(findings[0].fix?.edits, [{ span: { start: 1, end: 10 }, text: '' }]);
    assert.deepEqual(comments[0].span, { start: 11, end: 52 });
  });

  it('returns every comment body without its delimiters', () => {
    const { comments } = lintWithRules([], '// one\nconst a = 1; /* two */\n', 'a.ts', DEFAULT_CONFIG);
    assert.deepEqual(comments, [
      { body: ' one', span: { start: 0, end: 6 } },
      { body: ' two ', span: { start: 20, end: 29 } },
    ]);
  });
});

describe('the ESLint plugin', () => {
  it('exposes every TypeScript rule, with TS_RULE_IDS listing the same ids alphabetically', () => {
    const ids = tsRules.map((r) => r.meta.id);
    assert.deepEqual([...ids].sort(), ids);
    assert.deepEqual(Object.keys(plugin.rules).sort(), ids);
    assert.deepEqual([...TS_RULE_IDS], [...TS_RULE_IDS].sort());
    for (const id of ids) assert.ok((TS_RULE_IDS as readonly string[]).includes(id), `${id} is missing from TS_RULE_IDS`);
    for (const id of TS_RULE_IDS) assert.ok(ids.includes(id), `${id} is listed in TS_RULE_IDS but has no rule module`);
  });

  it('links every rule to its docs page derived from the id', () => {
    assert.equal(plugin.rules['poison-message'].meta.docs?.url, docsFileUrl('rules', 'poison-message'));
  });

  it('has a recommended flat config that registers itself with each rule at its default severity', () => {
    const recommended = plugin.configs.recommended;
    assert.equal(recommended.plugins?.pipelint, plugin);
    assert.equal(recommended.rules?.['pipelint/swallowed-consumer-error'], 'error');
    assert.equal(recommended.rules?.['pipelint/retry-side-effect'], 'warn');
    assert.equal(Object.keys(recommended.rules ?? {}).length, tsRules.length);
  });
});

/** Embedded SQL findings carry the SQL rule's id: what embedded-sql reports is every finding of that origin. */
function isOwn(ruleId: string, finding: { ruleId: string; origin: string }): boolean {
  return finding.ruleId === ruleId || (ruleId === 'embedded-sql' && finding.origin === 'embedded-sql');
}

describe('TypeScript rule docs examples', () => {
  for (const meta of tsRuleMetas) {
    it(`${meta.id}: each bad example has exactly one finding of the rule and each good example none`, () => {
      for (const example of meta.docs.bad) {
        const own = lintText(example.code, { filename: example.filename }).findings.filter((f) => isOwn(meta.id, f));
        assert.equal(own.length, 1, `bad example "${example.title}"`);
      }
      for (const example of meta.docs.good) {
        const own = lintText(example.code, { filename: example.filename }).findings.filter((f) => isOwn(meta.id, f));
        assert.deepEqual(own, [], `good example "${example.title}"`);
      }
    });
  }
});
