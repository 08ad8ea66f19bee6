import * as assert from 'node:assert/strict';
import { LESSON_IDS, type RuleMeta } from '../../../rules/out/core/types.js';
import { lintText } from '../../../rules/out/engine.js';
import { generateDocs } from '../../../rules/out/lessons/generate-docs.js';
import { allRuleMetas } from '../../../rules/out/registry.js';

function findingsOf(meta: RuleMeta, code: string, filename: string): string[] {
  return lintText(code, { filename })
    // Embedded SQL findings carry the SQL rule's id; what embedded-sql reports is whatever it found.
    .findings.filter((f) => f.ruleId === meta.id || (meta.id === 'embedded-sql' && f.origin === 'embedded-sql'))
    .map((f) => `${f.range.start.line}:${f.range.start.column} ${f.message}`);
}

describe('rule docs examples', () => {
  const metas = allRuleMetas();
  const docs = generateDocs();

  it('has rules in the registry', () => {
    assert.ok(metas.length > 0, 'allRuleMetas() is empty: no SQL or TypeScript rule is registered');
  });

  for (const meta of metas) {
    describe(meta.id, () => {
      it('has at least one anti-pattern and one fix example', () => {
        assert.ok(meta.docs.bad.length >= 1, 'no bad example');
        assert.ok(meta.docs.good.length >= 1, 'no good example');
      });

      it('belongs to a lesson that has a docs page, and has a docs page itself', () => {
        assert.ok((LESSON_IDS as readonly string[]).includes(meta.concept), `concept '${meta.concept}' is not a lesson id`);
        assert.ok(docs.has(`lessons/${meta.concept}.md`));
        assert.ok(docs.has(`rules/${meta.id}.md`));
      });

      meta.docs.bad.forEach((example, i) => {
        it(`reports exactly one finding on anti-pattern ${i + 1}${example.title ? ` (${example.title})` : ''}`, () => {
          assert.equal(findingsOf(meta, example.code, example.filename).length, 1, example.code);
        });
      });

      meta.docs.good.forEach((example, i) => {
        it(`reports nothing on fix ${i + 1}${example.title ? ` (${example.title})` : ''}`, () => {
          assert.deepEqual(findingsOf(meta, example.code, example.filename), [], example.code);
        });
      });
    });
  }
});
