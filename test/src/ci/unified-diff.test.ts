import * as assert from 'node:assert/strict';
import { unifiedDiff } from '@pipelint/engine/internal/cli/unified-diff.js';

const numbered = (n: number): string[] => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('unified diffs', () => {
  it('are empty for equal texts', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', 'a/x', 'b/x'), '');
  });

  it('show three lines of context around a change', () => {
    const before = numbered(10);
    const after = [...before];
    after[4] = 'line five';
    assert.equal(
      unifiedDiff(`${before.join('\n')}\n`, `${after.join('\n')}\n`, 'a/x.sql', 'b/x.sql'),
      ['--- a/x.sql', '+++ b/x.sql', '@@ -2,7 +2,7 @@', 'line 2', 'line 3', 'line 4', '-line 5', '+line five', 'line 6', 'line 7', 'line 8', '']
        .map((l) => (l.startsWith('line') ? ` ${l}` : l))
        .join('\n'),
    );
  });

  it('split changes far apart into separate hunks', () => {
    const before = numbered(20);
    const after = [...before];
    after[0] = 'first';
    after[19] = 'last';
    const headers = unifiedDiff(`${before.join('\n')}\n`, `${after.join('\n')}\n`, 'a', 'b')
      .split('\n')
      .filter((l) => l.startsWith('@@'));
    assert.deepEqual(headers, ['@@ -1,4 +1,4 @@', '@@ -17,4 +17,4 @@']);
  });

  it('mark a last line without a newline', () => {
    assert.equal(
      unifiedDiff('SELECT 1;', 'SELECT 1;\nSELECT 2;', 'a', 'b'),
      ['--- a', '+++ b', '@@ -1 +1,2 @@', '-SELECT 1;', '\\ No newline at end of file', '+SELECT 1;', '+SELECT 2;', '\\ No newline at end of file', ''].join('\n'),
    );
  });

  it('number an insertion into an empty file from line 0', () => {
    assert.match(unifiedDiff('', 'SELECT 1;\n', 'a', 'b'), /^@@ -0,0 \+1 @@$/m);
  });
});
