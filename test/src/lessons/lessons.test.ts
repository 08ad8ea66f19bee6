import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LESSON_IDS, type LessonId } from '@pipelint/engine/internal/core/types.js';
import { getLesson, isLessonId, lessons } from '@pipelint/engine/internal/lessons/index.js';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';
import { renderLessonMarkdown } from '@pipelint/engine/internal/lessons/lesson-markdown.js';
import { lessonSource, parseLesson } from '@pipelint/engine/internal/markdown/lesson-source.js';

const CONCEPTS_MD = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'concepts.md');
/** Hashes of every 10-word run of concepts.md, so the copy check runs without the file (and without its text here). */
const FINGERPRINTS = path.resolve(__dirname, '..', '..', 'fixtures', 'concepts-fingerprints.txt');

function fingerprint(run: string): string {
  return createHash('sha256').update(run).digest('hex').slice(0, 16);
}

function fingerprints(): Set<string> {
  return new Set(fs.readFileSync(FINGERPRINTS, 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#')));
}

const EXPECTED: Record<LessonId, { sectionTitle: string; conceptKey: string }> = {
  idempotency: { sectionTitle: 'Idempotent Pipelines', conceptKey: 'paBatchProcessing' },
  backpressure: { sectionTitle: 'Backpressure', conceptKey: 'paStreamProcessing' },
  'late-data': { sectionTitle: 'Late-Arriving Data', conceptKey: 'paStreamProcessing' },
  'dead-letter-queues': { sectionTitle: 'Dead Letter Queues', conceptKey: 'paApiIngestion' },
  'cost-of-freshness': { sectionTitle: 'Cost of Freshness', conceptKey: 'paBatchVsStreaming' },
};

/** Apostrophes count as separators too, so a quoted string in source code cannot hide a copied run. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0);
}

function runsOf(text: string, n: number): string[] {
  const w = words(text);
  const runs: string[] = [];
  for (let i = 0; i + n <= w.length; i++) runs.push(w.slice(i, i + n).join(' '));
  return runs;
}

/** Every text a lesson shows anywhere: its docs page plus the fields only hovers use. */
function everythingShown(id: LessonId): string {
  const lesson = getLesson(id);
  return [renderLessonMarkdown(id), lesson.stake.template, lesson.stake.defaultSubject].join('\n');
}

describe('lessons', () => {
  it('has exactly one lesson per lesson id, keyed by its own id', () => {
    assert.deepEqual(Object.keys(lessons).sort(), [...LESSON_IDS].sort());
    for (const id of LESSON_IDS) assert.equal(getLesson(id).id, id);
  });

  for (const id of LESSON_IDS) {
    describe(id, () => {
      const lesson = getLesson(id);

      it('carries the section title and interview concept key of its source section', () => {
        assert.deepEqual({ sectionTitle: lesson.sectionTitle, conceptKey: lesson.conceptKey }, EXPECTED[id]);
      });

      it('lists at least three interview signals, each a question or a prompt', () => {
        assert.ok(lesson.signals.length >= 3, `${lesson.signals.length} signals`);
        for (const signal of lesson.signals) assert.match(signal, /[?.]$/);
      });

      it('answers at least three follow-up probes', () => {
        assert.ok(lesson.probes.length >= 3, `${lesson.probes.length} probes`);
        for (const probe of lesson.probes) {
          assert.match(probe.question, /\?$/);
          assert.ok(probe.answer.length > 40, `probe "${probe.question}" has a one-word answer`);
        }
      });

      it('has a short answer of one or two sentences, shorter than the full answer', () => {
        const sentences = lesson.shortAnswer.split(/(?<=[.!?])\s+(?=[A-Z])/);
        assert.ok(sentences.length >= 1 && sentences.length <= 2, `${sentences.length} sentences`);
        assert.ok(lesson.shortAnswer.length < lesson.answer.length);
      });

      it('has a hover stake sentence with a {{subject}} hole', () => {
        assert.match(lesson.stake.template, /\{\{subject\}\}/);
        assert.ok(lesson.stake.defaultSubject.length > 0);
      });

      it('gives every pattern table row one cell per column', () => {
        for (const row of lesson.patterns?.rows ?? []) assert.equal(row.length, lesson.patterns?.columns.length);
      });
    });
  }

  it('carries the three idempotency patterns and the four backpressure strategies', () => {
    assert.deepEqual(getLesson('idempotency').patterns?.rows.map((r) => r[0]), ['MERGE / UPSERT', 'Partition replace', 'Tombstone + append']);
    assert.deepEqual(getLesson('backpressure').patterns?.rows.map((r) => r[0]), ['Buffer', 'Drop oldest', 'Throttle producer', 'Scale consumer']);
  });

  it('points probes only at kebab-case rule ids, and at registered rules of its own concept', () => {
    const conceptOf = new Map(allRuleMetas().map((m) => [m.id, m.concept]));
    for (const id of LESSON_IDS) {
      for (const ruleId of getLesson(id).probes.flatMap((p) => p.rules ?? [])) {
        assert.match(ruleId, /^[a-z]+(-[a-z]+)*$/);
        assert.equal(conceptOf.get(ruleId), id, `probe of ${id} points at ${ruleId}, a ${conceptOf.get(ruleId) ?? 'unknown'} rule`);
      }
    }
  });

  it('tells lesson ids from other strings', () => {
    assert.equal(isLessonId('late-data'), true);
    assert.equal(isLessonId('blind-insert'), false);
  });

  it('reads each lesson from its <id>.md, kept in the canonical layout', () => {
    for (const id of LESSON_IDS) {
      const file = path.resolve(__dirname, '..', '..', '..', 'rules', 'src', 'lessons', `${id}.md`);
      const markdown = fs.readFileSync(file, 'utf8');
      assert.deepEqual(parseLesson(id, markdown), getLesson(id), id);
      assert.equal(lessonSource(getLesson(id)), markdown, `${id}.md is not in the layout lessonSource writes`);
    }
    assert.throws(() => parseLesson('late-data', '# Late\n\n- Section: Late\n'), /late-data\.md: no ## Stake/);
  });

  it('never repeats ten words in a row from shared/concepts.md', () => {
    const source = fingerprints();
    assert.ok(source.size > 100, `${FINGERPRINTS} holds only ${source.size} fingerprints`);
    const copied = LESSON_IDS.flatMap((id) => runsOf(everythingShown(id), 10).filter((run) => source.has(fingerprint(run))).map((run) => `${id}: ${run}`));
    assert.deepEqual(copied, []);
  });

  it('keeps the fingerprints of shared/concepts.md up to date', function () {
    // The file lives beside the repository, not in it: a clone without it still runs the check above.
    if (!fs.existsSync(CONCEPTS_MD)) this.skip();
    const current = new Set(runsOf(fs.readFileSync(CONCEPTS_MD, 'utf8'), 10).map(fingerprint));
    assert.deepEqual([...current].sort(), [...fingerprints()].sort(), `${FINGERPRINTS} is stale: regenerate it from ${CONCEPTS_MD}`);
  });
});
