import * as assert from 'node:assert/strict';
import { getLesson } from '@pipelint/engine/internal/lessons/index.js';
import { LESSON_TITLES } from '@pipelint/engine/internal/lessons/markdown.js';
import { LESSON_IDS } from '@pipelint/engine/internal/core/types.js';

describe('generated lesson titles', () => {
  it('are the titles of the parsed lessons, for every lesson', () => {
    assert.deepEqual(Object.keys(LESSON_TITLES), [...LESSON_IDS].sort());
    for (const id of LESSON_IDS) assert.equal(LESSON_TITLES[id], getLesson(id).title, id);
  });
});
