import * as assert from 'node:assert/strict';
import { run } from './cli-faults.fuzz.js';

describe('CLI file-system fault fuzzer (bounded; npm run fuzz runs many more)', () => {
  it('survives 40 random trees with unreadable paths, link loops, deletions and odd encodings', () => {
    const outcome = run(40, 20261202);
    assert.equal(outcome.cases, 40);
    assert.deepEqual(outcome.failures, []);
  });
});
