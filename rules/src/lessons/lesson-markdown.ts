import { docsLinks } from '../core/docs-url.js';
import type { LessonId, RuleMeta } from '../core/types.js';
import { allRuleMetas } from '../registry.js';
import { getLesson } from './index.js';
import { blocks, bulletList, link, markdownTable, type DocLinks } from './md.js';
import type { Lesson } from './types.js';

/** Links between generated pages, relative to docs/lessons/ and docs/rules/ (both one level below docs/). */
export const RELATIVE_LINKS: DocLinks = {
  lesson: (id) => `../lessons/${id}.md`,
  rule: (id) => `../rules/${id}.md`,
};

/** Links for Markdown shown outside docs/, by default into the installed docs/ (core/docs-url.ts picks the form). */
export const ABSOLUTE_LINKS: DocLinks = docsLinks();

export function languageLabel(language: RuleMeta['language']): string {
  return language === 'sql' ? 'SQL' : 'TypeScript / JavaScript';
}

export function rulesTeaching(id: LessonId): RuleMeta[] {
  return allRuleMetas().filter((meta) => meta.concept === id);
}

/** Where the lesson stands, in words that need no course the reader may not have. */
export function conceptLine(lesson: Lesson): string {
  return `A concept data engineering interviews test, under "${lesson.sectionTitle}".`;
}

function probesSection(lesson: Lesson): string {
  return lesson.probes.map((p) => `### ${p.question}\n\n${p.answer}`).join('\n\n');
}

function patternsSection(lesson: Lesson): string | undefined {
  if (!lesson.patterns) return undefined;
  return `## Patterns\n\n${lesson.patterns.caption}:\n\n${markdownTable(lesson.patterns.columns, lesson.patterns.rows)}`;
}

function dosAndDontsSection(lesson: Lesson): string | undefined {
  if (!lesson.dos && !lesson.donts) return undefined;
  return blocks(
    "## Do / Don't",
    lesson.dos && `**Do**\n\n${bulletList(lesson.dos)}`,
    lesson.donts && `**Don't**\n\n${bulletList(lesson.donts)}`,
  ).trimEnd();
}

function rulesSection(id: LessonId, links: DocLinks): string {
  const metas = rulesTeaching(id);
  const body =
    metas.length === 0
      ? 'No rule points at this lesson yet.'
      : markdownTable(
          ['Rule', 'Language', 'What it flags'],
          metas.map((m) => [link(`\`${m.id}\``, links.rule(m.id)), languageLabel(m.language), m.docs.description]),
        );
  return `## Rules that teach this\n\n${body}`;
}

/** The page docs/lessons/<id>.md; pass `ABSOLUTE_LINKS` to show it anywhere else. */
export function renderLessonMarkdown(id: LessonId, links: DocLinks = RELATIVE_LINKS): string {
  const lesson = getLesson(id);
  return blocks(
    `# ${lesson.title}`,
    lesson.summary,
    conceptLine(lesson),
    `## Interview signals\n\n${bulletList(lesson.signals.map((s) => `"${s}"`))}`,
    `## The answer\n\n**In short:** ${lesson.shortAnswer}\n\n${lesson.answer}`,
    `## Follow-up probes\n\n${probesSection(lesson)}`,
    patternsSection(lesson),
    dosAndDontsSection(lesson),
    rulesSection(lesson.id, links),
  );
}

