import { LESSON_IDS, type LessonId } from '../core/types.js';
import { backpressure } from './backpressure.js';
import { costOfFreshness } from './cost-of-freshness.js';
import { deadLetterQueues } from './dead-letter-queues.js';
import { idempotency } from './idempotency.js';
import { lateData } from './late-data.js';
import type { Lesson } from './types.js';

export type { Lesson, PatternTable, Probe } from './types.js';

export const lessons: Readonly<Record<LessonId, Lesson>> = {
  idempotency,
  backpressure,
  'late-data': lateData,
  'dead-letter-queues': deadLetterQueues,
  'cost-of-freshness': costOfFreshness,
};

export function isLessonId(id: string): id is LessonId {
  return (LESSON_IDS as readonly string[]).includes(id);
}

export function getLesson(id: LessonId): Lesson {
  return lessons[id];
}
