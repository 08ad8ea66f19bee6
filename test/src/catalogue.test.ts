import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_IDS, SQL_RULE_IDS, TS_RULE_IDS } from '@pipelint/engine/internal/catalogue.js';
import { LESSON_IDS } from '@pipelint/engine/internal/core/types.js';
import { parseRuleDocs, ruleDocsSource } from '@pipelint/engine/internal/markdown/rule-docs.js';
import { allRuleMetas, findRuleMeta, knownRuleIds } from '@pipelint/engine/internal/registry.js';
import { sqlRules } from '@pipelint/engine/internal/sql/rules/index.js';
import { tsRules } from '@pipelint/engine/internal/ts/rules/index.js';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the rule catalogue', () => {
  it('is generated from the rule folders and up to date', () => {
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-rules.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(check.stderr, '');
    assert.equal(check.status, 0);
  });

  it('names each rule by its folder, with the language of the folder it sits in', () => {
    for (const [language, ids] of [['sql', SQL_RULE_IDS], ['ts', TS_RULE_IDS]] as const) {
      const folders = fs
        .readdirSync(path.join(ROOT, 'rules', 'src', language, 'rules'), { withFileTypes: true })
        .filter((e) => e.isDirectory() && e.name !== 'util')
        .map((e) => e.name)
        .sort();
      assert.deepEqual([...ids], folders);
    }
    assert.deepEqual(sqlRules.map((r) => [r.meta.id, r.meta.language]), SQL_RULE_IDS.map((id) => [id, 'sql']));
    assert.deepEqual(tsRules.map((r) => [r.meta.id, r.meta.language]), TS_RULE_IDS.map((id) => [id, 'ts']));
  });

  it('is the list every registry derives from', () => {
    assert.deepEqual(allRuleMetas().map((m) => m.id), [...RULE_IDS]);
    assert.deepEqual([...RULE_IDS], [...RULE_IDS].sort());
    for (const id of RULE_IDS) assert.ok(knownRuleIds().has(id), id);
    assert.equal(findRuleMeta('blind-insert')?.language, 'sql');
    assert.equal(findRuleMeta('poison-message')?.language, 'ts');
    assert.equal(findRuleMeta('no-such-rule'), undefined);
  });

  it('gives every rule a lesson, a description and a failing and a passing example', () => {
    for (const meta of allRuleMetas()) {
      assert.ok(LESSON_IDS.includes(meta.concept), `${meta.id}: concept ${meta.concept} is not a lesson`);
      assert.ok(meta.docs.description.length > 0, `${meta.id} has no description`);
      assert.ok(meta.docs.bad.length > 0, `${meta.id} has no flagged example`);
      assert.ok(meta.docs.good.length > 0, `${meta.id} has no clean example`);
    }
  });

  it("keeps each rule's prose and examples in <id>.md beside its code, in the canonical layout", () => {
    for (const meta of allRuleMetas()) {
      const file = path.join(ROOT, 'rules', 'src', meta.language, 'rules', meta.id, `${meta.id}.md`);
      const markdown = fs.readFileSync(file, 'utf8');
      assert.deepEqual(parseRuleDocs(markdown, file), meta.docs, meta.id);
      assert.equal(ruleDocsSource(meta.docs), markdown, `${meta.id}.md is not in the layout ruleDocsSource writes`);
    }
  });

  it('rejects an example fence that does not say what it must produce', () => {
    const base = 'Flags x.\n\n## Why\n\nW.\n\n## How to fix\n\nH.\n\n## When not to use it\n\nN.\n\n## Examples\n\n';
    assert.throws(() => parseRuleDocs(`${base}\`\`\`sql\nSELECT 1;\n\`\`\`\n`, 'x.md'), /x\.md: a fence under ## Examples must be flagged, clean or output, not "sql"/);
    assert.throws(() => parseRuleDocs(`${base}\`\`\`sql output\nSELECT 1;\n\`\`\`\n`, 'x.md'), /an `output` fence must follow a `flagged` one/);
    assert.throws(() => parseRuleDocs(`${base}\`\`\`sql flagged\nSELECT 1;\n\`\`\`\n`, 'x.md'), /names no file/);
    assert.deepEqual(parseRuleDocs(`${base}### Bad\n\n\`\`\`sql flagged a.sql\nSELECT 1;\n\`\`\`\n\n\`\`\`sql output\nSELECT 2;\n\`\`\`\n`, 'x.md').bad, [
      { title: 'Bad', code: 'SELECT 1;\n', filename: 'a.sql', output: 'SELECT 2;\n' },
    ]);
  });

  it('reads the optional "What pipelint does not see" section and writes it back in place', () => {
    const head = 'Flags x.\n\n## Why\n\nW.\n\n## How to fix\n\nH.\n\n## When not to use it\n\nN.\n\n';
    const tail = '## Examples\n\n```sql flagged a.sql\nSELECT 1;\n```\n\n```sql clean b.sql\nSELECT 2;\n```\n';
    const withMisses = `${head}## What pipelint does not see\n\n- A macro the model calls.\n\n${tail}`;
    const docs = parseRuleDocs(withMisses, 'x.md');
    assert.equal(docs.misses, '- A macro the model calls.');
    assert.equal(docs.whenNotToUse, 'N.');
    assert.equal(ruleDocsSource(docs), withMisses);
    const without = parseRuleDocs(`${head}${tail}`, 'x.md');
    assert.equal('misses' in without, false);
    assert.equal(ruleDocsSource(without), `${head}${tail}`);
    assert.throws(() => parseRuleDocs(`${head}## Known misses\n\nM.\n\n${tail}`, 'x.md'), /x\.md: unknown section "## Known misses"/);
  });

  it('loads no TypeScript machinery to lint a SQL file and render its hover', () => {
    const script = [
      `const { lintText } = require(${JSON.stringify(path.join(ROOT, 'rules', 'out', 'index.js'))});`,
      `const { renderHoverCard } = require(${JSON.stringify(path.join(ROOT, 'rules', 'out', 'lessons', 'hover.js'))});`,
      "const { findings } = lintText('INSERT INTO analytics.daily (d) SELECT d FROM raw.orders;\\n', { filename: 'load.sql' });",
      'const card = renderHoverCard(findings[0]);',
      'const loaded = Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/](eslint|@typescript-eslint|typescript)[\\\\/]|[\\\\/]rules[\\\\/]out[\\\\/]ts[\\\\/]/.test(f));',
      'process.stdout.write(JSON.stringify({ rule: findings[0].ruleId, card: card.length > 0, loaded }));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.stderr, '');
    assert.deepEqual(JSON.parse(child.stdout), { rule: 'blind-insert', card: true, loaded: [] });
  });
});
