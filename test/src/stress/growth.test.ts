import * as assert from 'node:assert/strict';
import { entriesFor } from '@pipelint/engine/internal/cli/baseline.js';
import { fixText } from '@pipelint/engine/internal/cli/fix.js';
import { formatGithub } from '@pipelint/engine/internal/cli/formats/github.js';
import { formatJson } from '@pipelint/engine/internal/cli/formats/json.js';
import { formatStylish } from '@pipelint/engine/internal/cli/formats/stylish.js';
import type { FileReport } from '@pipelint/engine/internal/cli/formats/types.js';
import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { LineIndex } from '@pipelint/engine/internal/core/line-index.js';
import type { Finding } from '@pipelint/engine/internal/core/types.js';
import { lintText } from '@pipelint/engine/internal/engine.js';

// Growth, not speed: work on 4n must stay well under the 16x a quadratic step would take. Times are CPU time of
// this process, the least of three runs, so a loaded machine slows both sizes alike; the bound (8x for a 4x input)
// leaves room for noise and still fails a quadratic step. Absolute times are never asserted (see bench/stress.bench.js).

function cpuMs(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

function growth(make: (n: number) => () => void, n: number): { small: number; large: number; ratio: number } {
  make(n / 4)(); // warm the JIT and the lazy module loads before timing either size
  const small = cpuMs(make(n));
  const large = cpuMs(make(4 * n));
  return { small, large, ratio: large / Math.max(small, 1) };
}

const repeat = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';

function report(text: string, findings: Finding[]): FileReport {
  return { absolutePath: '/p/a.sql', path: 'a.sql', text, language: 'sql', findings, suppressedCount: 0 };
}

function syntheticFindings(n: number): { text: string; findings: Finding[] } {
  const text = repeat(n, (i) => `DROP TABLE t${i};`);
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  for (let i = 0, offset = 0; i < n; i++) {
    const length = `DROP TABLE t${i}`.length;
    findings.push({ ruleId: 'unguarded-ddl', concept: 'idempotency', severity: 'warn', message: `DROP TABLE fails when t${i} is already gone.`, messageId: 'drop', data: { name: `t${i}` }, range: lines.range(offset, offset + length), origin: 'sql' });
    offset += length + 2;
  }
  return { text, findings };
}

describe('linear growth on large inputs', function () {
  this.timeout(120000);

  it('unguarded-ddl and the table history: 4x the statements on one table is not 16x the work', () => {
    const lint = (n: number) => {
      // Every DROP asks whether the script created t before it; every DELETE is history a later load would search.
      const text = repeat(n, (i) => (i % 8 === 7 ? 'DELETE FROM t WHERE a = 1;' : 'DROP TABLE t;'));
      return () => void lintText(text, { filename: 'a.sql', config: { ...DEFAULT_CONFIG, dialect: 'postgres' } });
    };
    const { small, large, ratio } = growth(lint, 8000);
    assert.ok(ratio < 8, `8,000 statements: ${small.toFixed(0)} ms, 32,000: ${large.toFixed(0)} ms (${ratio.toFixed(1)}x)`);
  });

  it('pipeline SQL of every statement kind: 4x the lines is not 16x the lint', () => {
    // Loads, merges, DDL, updates, deletes and dbt Jinja on a rotating set of tables: lexer, splitter, clause model,
    // the history the rules search and the suppression pass all see 4x the input.
    const kinds = [
      (i: number) => `-- load batch ${i}\nINSERT INTO analytics.t${i % 13} (id, amount, loaded_at)\nSELECT s.id, COALESCE(s.amount, 0), now() FROM staging.t${i % 13} s\nWHERE s.updated_at > (SELECT max(updated_at) FROM analytics.t${i % 13});`,
      (i: number) => `MERGE INTO analytics.t${i % 11} AS d USING staging.t${i % 11} AS s ON d.id = s.id\nWHEN MATCHED THEN UPDATE SET amount = s.amount\nWHEN NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, s.amount);`,
      (i: number) => `CREATE TABLE IF NOT EXISTS analytics.d${i} (id bigint NOT NULL, amount numeric(18, 2), note text);`,
      (i: number) => `UPDATE analytics.t${i % 7} SET amount = amount + 1, note = 'x${i}' WHERE id = ${i};`,
      (i: number) => `{% if is_incremental() %}\nDELETE FROM {{ this }} WHERE ds = '{{ var("ds") }}';\n{% endif %}`,
      (i: number) => `/* pipelint-disable-next-line unguarded-ddl */\nDROP TABLE tmp_${i};`,
    ];
    const lint = (n: number) => {
      const text = repeat(n, (i) => kinds[i % kinds.length](i));
      return () => void lintText(text, { filename: 'pipeline.sql' });
    };
    const { small, large, ratio } = growth(lint, 3000);
    assert.ok(ratio < 8, `3,000 statements: ${small.toFixed(0)} ms, 12,000: ${large.toFixed(0)} ms (${ratio.toFixed(1)}x)`);
  });

  it('findings in one file: lint, stylish, json, github and baseline entries grow linearly', () => {
    const all = (n: number) => {
      const text = repeat(n, (i) => `DROP TABLE t${i};`);
      return () => {
        const { findings } = lintText(text, { filename: 'a.sql' });
        const files = [report(text, findings)];
        formatStylish(files, { cwd: '/p', color: false, version: '0' });
        formatJson(files);
        formatGithub(files);
        entriesFor([{ absolutePath: '/p/a.sql', text, findings }], '/p');
      };
    };
    const { small, large, ratio } = growth(all, 2000);
    assert.ok(ratio < 8, `2,000 findings: ${small.toFixed(0)} ms, 8,000: ${large.toFixed(0)} ms (${ratio.toFixed(1)}x)`);
  });

  it('--fix: choosing and applying 4x the fixes is not 16x the work', () => {
    const fixAll = (n: number) => {
      const text = repeat(n, (i) => `DROP TABLE t${i};`);
      const lint = (t: string) => lintText(t, { filename: 'a.sql' });
      const initial = lint(text);
      return () => {
        const fixed = fixText(text, initial, lint);
        assert.equal(fixed.applied, n);
      };
    };
    const { small, large, ratio } = growth(fixAll, 3000);
    assert.ok(ratio < 8, `3,000 fixes: ${small.toFixed(0)} ms, 12,000: ${large.toFixed(0)} ms (${ratio.toFixed(1)}x)`);
  });

  it('stylish prints 130,000 findings of one file (Math.max over a spread overflowed the stack past ~125k)', () => {
    const { text, findings } = syntheticFindings(130_000);
    const out = formatStylish([report(text, findings)], { cwd: '/p', color: false, version: '0' });
    const lines = out.split('\n');
    assert.equal(lines[1], '  1:1       warning  DROP TABLE fails when t0 is already gone.  unguarded-ddl');
    assert.ok(out.includes('\n  130000:1  warning  DROP TABLE fails when t129999 is already gone.  unguarded-ddl\n'));
  });

  it('baseline entries split the file into lines once, not once per finding', () => {
    const { text, findings } = syntheticFindings(2000);
    const split = String.prototype.split;
    let splits = 0;
    String.prototype.split = function (this: string, ...args: Parameters<typeof split>) {
      if (this.length === text.length && this === text) splits++;
      return split.apply(this, args as never) as never;
    } as typeof split;
    let entries;
    try {
      entries = entriesFor([{ absolutePath: '/p/a.sql', text, findings }], '/p');
    } finally {
      String.prototype.split = split;
    }
    assert.equal(entries.length, 2000);
    assert.equal(entries[1999].snippet, 'DROP TABLE t1999;');
    assert.ok(splits >= 1 && splits <= 2, `the file was split ${splits} times for 2,000 findings`);
  });
});
