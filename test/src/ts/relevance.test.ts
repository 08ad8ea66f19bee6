import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'mocha';
import * as ts from 'typescript';
import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { lintWithRules } from '@pipelint/engine/internal/ts/lint.js';
import { relevantRuleIds } from '@pipelint/engine/internal/ts/lint.js';
import { tsRules } from '@pipelint/engine/internal/ts/rules/index.js';

const ROOT = path.resolve(__dirname, '../../..');
const RULE_IDS = tsRules.map((r) => r.meta.id);
const SOURCE = /\.(ts|tsx|js|jsx|mts|cts|mjs|cjs)$/;

interface Sample {
  label: string;
  code: string;
  filename: string;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

function fileSamples(dir: string): Sample[] {
  return filesUnder(path.join(ROOT, dir)).map((file) => ({
    label: path.relative(ROOT, file),
    code: fs.readFileSync(file, 'utf8'),
    filename: file,
  }));
}

function docsSamples(): Sample[] {
  return tsRules.flatMap((rule) =>
    [...rule.meta.docs.bad, ...rule.meta.docs.good].map((example) => ({
      label: `${rule.meta.id} docs: ${example.title}`,
      code: example.code,
      filename: example.filename ?? 'example.ts',
    })),
  );
}

function literalText(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  // `[...lines].join('\n')`, the way docs and some test cases spell multi-line code.
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'join') {
    const array = node.expression.expression;
    const separator = node.arguments[0];
    if (!ts.isArrayLiteralExpression(array) || !separator || !ts.isStringLiteral(separator)) return null;
    const parts = array.elements.map((e) => (ts.isExpression(e) ? literalText(e) : null));
    return parts.every((p): p is string => p !== null) ? parts.join(separator.text) : null;
  }
  return null;
}

function propertyText(object: ts.ObjectLiteralExpression, name: string): string | null {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return literalText(p.initializer);
  }
  return null;
}

/** The `code` (and `filename`) of every RuleTester case in the rule tests: the edge cases each rule was written for. */
function ruleTestSamples(): Sample[] {
  const dir = path.join(ROOT, 'test/src/ts/rules');
  const samples: Sample[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts'))) {
    const source = ts.createSourceFile(name, fs.readFileSync(path.join(dir, name), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) {
        const code = propertyText(node, 'code');
        if (code !== null) samples.push({ label: `${name}: ${propertyText(node, 'name') ?? code.slice(0, 40)}`, code, filename: propertyText(node, 'filename') ?? 'file.ts' });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return samples;
}

function lintBothWays(sample: Sample): { filtered: unknown; unfiltered: unknown } {
  const filtered = lintWithRules(tsRules, sample.code, sample.filename, DEFAULT_CONFIG);
  const unfiltered = lintWithRules(tsRules, sample.code, sample.filename, DEFAULT_CONFIG, { skipIrrelevantRules: false });
  return { filtered, unfiltered };
}

describe('relevance pre-filter', () => {
  it('leaves every rule out of a file that imports nothing a rule looks at', () => {
    const code = "import { format } from './format';\nexport function slugify(title: string): string {\n  return format(title.toLowerCase().replace(/[^a-z0-9]+/g, '-'));\n}\n";
    assert.deepEqual(relevantRuleIds(code, RULE_IDS), []);
  });

  it('keeps the consumer rules for a kafkajs import, even one only mentioned in a comment', () => {
    const ids = relevantRuleIds("// migrated from 'kafkajs'\nexport const x = 1;\n", RULE_IDS);
    assert.deepEqual(
      ids.filter((id) => ['dlq-missing-context', 'poison-message', 'swallowed-consumer-error', 'per-row-write'].includes(id)),
      ['dlq-missing-context', 'per-row-write', 'poison-message', 'swallowed-consumer-error'],
    );
  });

  it('does not take a module name inside a longer one for an import', () => {
    assert.deepEqual(relevantRuleIds("import { x } from 'pg-format';\n", ['embedded-sql']), []);
    assert.deepEqual(relevantRuleIds("import { Client } from 'pg/lib/client';\n", ['embedded-sql']), ['embedded-sql']);
  });

  it('keeps every rule when a unicode escape could spell a name', () => {
    assert.deepEqual(relevantRuleIds("const lib = require('\\u006bafkajs');\n", RULE_IDS), RULE_IDS);
  });

  it('keeps a rule it has no test for', () => {
    assert.deepEqual(relevantRuleIds('export const x = 1;\n', ['some-new-rule', 'embedded-sql']), ['some-new-rule']);
  });

  it('needs a push into a handler before unbounded-buffer runs', () => {
    assert.deepEqual(relevantRuleIds('const rows: number[] = [];\nrows.push(1);\n', ['unbounded-buffer']), []);
    assert.deepEqual(relevantRuleIds("stream.on('data', (c) => rows.push(c));\n", ['unbounded-buffer']), ['unbounded-buffer']);
  });
});

describe('findings with and without the relevance pre-filter', function () {
  this.timeout(120000); // lints every sample twice: a guard against a hang, not a speed check
  const samples = [
    ...docsSamples(),
    ...ruleTestSamples(),
    ...fileSamples('test/fixtures/ts-corpus'),
    ...fileSamples('examples/node'),
  ];

  it('has rule test cases, docs examples and example files to compare', () => {
    assert.ok(samples.length > 200, `only ${samples.length} samples`);
  });

  it('are identical for every docs example, rule test case, corpus file and Node example', () => {
    const differences = samples.filter((sample) => {
      const { filtered, unfiltered } = lintBothWays(sample);
      return !isDeepStrictEqual(filtered, unfiltered);
    });
    assert.deepEqual(differences.map((d) => d.label), []);
  });
});
