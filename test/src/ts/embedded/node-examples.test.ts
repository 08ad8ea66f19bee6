import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'mocha';
import { lintText } from '@pipelint/engine/internal/engine.js';

const ROOT = path.resolve(__dirname, '../../../..');

/** The backpressure, key and embedded-SQL examples: what each broken file must report, at which line and column. */
const EXPECTED: Record<string, string[]> = {
  'export-orders.ts': ['12:5 ignored-write-backpressure'],
  'clicks-consumer.ts': ['13:7 unbounded-buffer'],
  'price-ticks.ts': ['11:40 silent-drop'],
  'sync-customers.ts': ['10:9 unbounded-concurrency'],
  'import-events.ts': ['11:11 per-row-write'],
  'orders-repository.ts': ['6:3 blind-insert', '16:23 non-atomic-replace'],
  'publish-events.ts': ['11:23 nondeterministic-key'],
};

function findings(folder: 'broken' | 'fixed', file: string): string[] {
  const filename = path.join(ROOT, 'examples/node', folder, file);
  return lintText(readFileSync(filename, 'utf8'), { filename }).findings.map((f) => `${f.range.start.line}:${f.range.start.column} ${f.ruleId}`);
}

describe('examples/node backpressure, key and embedded SQL files', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`reports ${expected.join(', ')} in broken/${file}`, () => {
      assert.deepEqual(findings('broken', file), expected);
    });

    it(`reports nothing in fixed/${file}`, () => {
      assert.deepEqual(findings('fixed', file), []);
    });
  }
});
