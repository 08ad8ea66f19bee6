import { LESSON_IDS, type LessonId } from '../core/types.js';
import { LESSON_MARKDOWN } from './markdown.js';
import type { Lesson } from './types.js';

export type { Lesson, PatternTable, Probe } from './types.js';

const parsed = new Map<LessonId, Lesson>();

/** A lesson, read from its `<id>.md` on first use. */
export function getLesson(id: LessonId): Lesson {
  let lesson = parsed.get(id);
  if (lesson === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the Markdown parser loads with the first lesson read.
    const { parseLesson } = require('../markdown/lesson-source.js') as typeof import('../markdown/lesson-source.js');
    lesson = parseLesson(id, LESSON_MARKDOWN[id]);
    parsed.set(id, lesson);
  }
  return lesson;
}

/** Every lesson by id, in the order of LESSON_IDS; each is parsed when first read. */
export const lessons: Readonly<Record<LessonId, Lesson>> = Object.defineProperties(
  {} as Record<LessonId, Lesson>,
  Object.fromEntries(LESSON_IDS.map((id) => [id, { enumerable: true, get: () => getLesson(id) }])),
);

export function isLessonId(id: string): id is LessonId {
  return (LESSON_IDS as readonly string[]).includes(id);
}
