import * as assert from 'node:assert/strict';
import { applyEdits } from '@pipelint/engine/internal/cli/fix.js';
import { LESSON_IDS, ruleLanguages, type Finding, type RuleExample, type RuleMeta } from '@pipelint/engine/internal/core/types.js';
import { ensureLanguages, lintText } from '@pipelint/engine/internal/engine.js';
import { generateDocs } from '@pipelint/engine/internal/lessons/generate-docs.js';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';

function findingsOfRule(meta: RuleMeta, code: string, filename: string): Finding[] {
  return lintText(code, { filename })
    // Embedded SQL findings carry the SQL rule's id; what embedded-sql reports is whatever it found.
    .findings.filter((f) => f.ruleId === meta.id || (meta.id === 'embedded-sql' && f.origin === 'embedded-sql'));
}

function findingsOf(meta: RuleMeta, code: string, filename: string): string[] {
  return findingsOfRule(meta, code, filename).map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`);
}

/** The one finding of a bad example, with its fix applied the way `--fix` applies it. */
function fixedCode(meta: RuleMeta, example: RuleExample): string | undefined {
  const [finding] = findingsOfRule(meta, example.code, example.filename);
  return finding?.fix === undefined ? undefined : applyEdits(example.code, finding.fix.edits);
}

describe('rule docs examples', () => {
  // A rule implemented in several languages has examples in each: every implementation is checked.
  const metas = allRuleMetas().flatMap(ruleLanguages);
  const docs = generateDocs();
  before(() => ensureLanguages(['py']));

  it('has rules in the registry', () => {
    assert.ok(metas.length > 0, 'allRuleMetas() is empty: no SQL or TypeScript rule is registered');
  });

  for (const meta of metas) {
    describe(`${meta.id} (${meta.language})`, () => {
      it('has at least one anti-pattern and one fix example', () => {
        assert.ok(meta.docs.bad.length >= 1, 'no bad example');
        assert.ok(meta.docs.good.length >= 1, 'no good example');
      });

      it('belongs to a lesson that has a docs page, and has a docs page itself', () => {
        assert.ok((LESSON_IDS as readonly string[]).includes(meta.concept), `concept '${meta.concept}' is not a lesson id`);
        assert.ok(docs.has(`lessons/${meta.concept}.md`));
        assert.ok(docs.has(`rules/${meta.id}.md`));
      });

      if (meta.fixable) {
        it('shows the output of its fix on at least one anti-pattern', () => {
          assert.ok(meta.docs.bad.some((e) => e.output !== undefined), 'a fixable rule needs a bad example with `output`');
        });
      }

      meta.docs.bad.forEach((example, i) => {
        const name = `anti-pattern ${i + 1}${example.title ? ` (${example.title})` : ''}`;
        it(`reports exactly one finding on ${name}`, () => {
          assert.equal(findingsOf(meta, example.code, example.filename).length, 1, example.code);
        });

        it(`documents the fix of ${name} in \`output\` exactly when the finding has one`, () => {
          assert.equal(fixedCode(meta, example), example.output, example.code);
        });

        if (example.output !== undefined) {
          const output = example.output;
          it(`reports nothing on the fixed ${name}`, () => {
            assert.deepEqual(findingsOf(meta, output, example.filename), [], output);
          });
        }
      });

      meta.docs.good.forEach((example, i) => {
        it(`reports nothing on fix ${i + 1}${example.title ? ` (${example.title})` : ''}`, () => {
          assert.deepEqual(findingsOf(meta, example.code, example.filename), [], example.code);
        });
      });
    });
  }
});
