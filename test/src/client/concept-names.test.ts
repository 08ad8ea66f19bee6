import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lessonHtml } from '@pipelint/vscode/internal/lesson-html.js';
import { LESSON_IDS } from '@pipelint/engine/internal/core/types.js';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { renderHoverCard, statementEnds } from '@pipelint/engine/internal/lessons/hover.js';
import { getLesson } from '@pipelint/engine/internal/lessons/index.js';
import { ABSOLUTE_LINKS, renderLessonMarkdown } from '@pipelint/engine/internal/lessons/lesson-markdown.js';
import { exampleSource } from '@pipelint/engine/internal/lessons/md.js';
import { renderRuleMarkdown } from '@pipelint/engine/internal/lessons/rule-markdown.js';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';
import { docsLinks } from '@pipelint/engine/internal/core/docs-url.js';

const COMMAND_LINKS = docsLinks({ style: 'command' });

const SNAPSHOTS = path.resolve(__dirname, '..', '..', 'fixtures', 'markdown');

/** Compares with the stored snapshot; `UPDATE_SNAPSHOTS=1 npx mocha ...` rewrites it, to be reviewed as a diff. */
function matchesSnapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOTS, name);
  if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(file, actual);
  assert.ok(fs.existsSync(file), `${name} has no snapshot: run with UPDATE_SNAPSHOTS=1 and review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its snapshot`);
}

const CONCEPT_KEYS = [...new Set(LESSON_IDS.map((id) => getLesson(id).conceptKey))];

function assertNoConceptKey(surface: string, text: string): void {
  for (const key of CONCEPT_KEYS) assert.equal(text.includes(key), false, `${surface} shows the raw concept key ${key}`);
}

/** The hover of each rule's first anti-pattern example, as the engine reports it on that example. */
function exampleHovers(): { id: string; card: string }[] {
  // embedded-sql exists in ESLint only: in pipelint itself the SQL inside code is reported under the SQL rule's id.
  return allRuleMetas()
    .filter((meta) => meta.id !== 'embedded-sql')
    .map((meta) => {
      const example = meta.docs.bad[0];
      const finding = lintText(exampleSource(example.code), { filename: example.filename }).findings.find((f) => f.ruleId === meta.id);
      assert.ok(finding, `${meta.id}: its first anti-pattern example is reported`);
      // Command links, as VS Code shows them: file: links would write this machine's install path into the snapshot.
      return { id: meta.id, card: renderHoverCard(finding, { links: { style: 'command' } }) };
    });
}

describe('every editor surface names a concept, never its key', function () {
  it('rule docs, hover cards and lesson views show the readable name', function () {
    for (const meta of allRuleMetas()) {
      const lesson = getLesson(meta.concept);
      const docs = renderRuleMarkdown(meta, ABSOLUTE_LINKS);
      assertNoConceptKey(`${meta.id} docs`, docs);
      assert.ok(docs.includes(`**Concept:** [${lesson.title}](`), `${meta.id} docs name the concept ${lesson.title}`);
    }
    for (const { id, card } of exampleHovers()) assertNoConceptKey(`${id} hover`, card);
    for (const id of LESSON_IDS) assertNoConceptKey(`${id} lesson view`, lessonHtml(getLesson(id).title, renderLessonMarkdown(id, ABSOLUTE_LINKS), 'n'));
  });

  it('every hover shows a whole passing example, or one cut after a complete statement with a visible ...', function () {
    for (const { id, card } of exampleHovers()) {
      const after = /After:\n```(\w+)\n([\s\S]*?)\n```/.exec(card);
      assert.ok(after, `${id}: the hover has an After example`);
      const shown = after[2];
      const meta = allRuleMetas().find((m) => m.id === id);
      const sources = (meta?.docs.good ?? []).map((g) => exampleSource(g.code).replace(/\n+$/, ''));
      if (sources.includes(shown)) continue;
      const lines = shown.split('\n');
      assert.match(lines[lines.length - 1], /^(-- |\/\/ )\.\.\.$/, `${id}: a cut example ends with a visible ...`);
      const kept = lines.slice(0, -1);
      assert.ok(sources.some((s) => s.startsWith(`${kept.join('\n')}\n`)), `${id}: the cut example is the start of a passing example`);
      const ends = statementEnds(kept, after[1] === 'sql' ? 'sql' : 'ts');
      assert.equal(ends[ends.length - 1], kept.length - 1, `${id}: the example is cut mid-statement:\n${shown}`);
    }
  });

  it('match the snapshots of every rule hover and every lesson view', function () {
    matchesSnapshot('hover-every-rule.md', exampleHovers().map(({ id, card }) => `<!-- ${id} -->\n${card}\n`).join('\n'));
    for (const id of LESSON_IDS) matchesSnapshot(`lesson-view-${id}.html`, `${lessonHtml(getLesson(id).title, renderLessonMarkdown(id, COMMAND_LINKS), 'NONCE')}\n`);
  });
});
