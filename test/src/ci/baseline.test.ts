import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  applyBaseline,
  BaselineError,
  buildBaseline,
  parseBaseline,
  readBaseline,
  serializeBaseline,
  staleMessage,
  writeBaseline,
  type Baseline,
  type FileFindings,
} from '@pipelint/engine/internal/cli/baseline.js';
import { findingsOf, removeDir, tempDir } from './helpers.js';

const ROOT = '/repo';

function file(relative: string, text: string, needle = 'INSERT', rule = 'blind-insert'): FileFindings {
  return { absolutePath: path.join(ROOT, relative), text, findings: findingsOf(text, rule, needle) };
}

const everythingExists = (): boolean => true;

const LEGACY = 'INSERT INTO orders VALUES (1);\nINSERT INTO refunds VALUES (2);\n';

describe('baselines', () => {
  it('record each finding by file, rule, fingerprint and snippet, sorted', () => {
    const baseline = buildBaseline([file('sql/b.sql', LEGACY), file('sql/a.sql', 'INSERT INTO t VALUES (3);\n')], ROOT, null);
    assert.deepEqual(
      baseline.entries.map((e) => [e.file, e.rule, e.snippet]).sort(),
      [
        ['sql/a.sql', 'blind-insert', 'INSERT INTO t VALUES (3);'],
        ['sql/b.sql', 'blind-insert', 'INSERT INTO orders VALUES (1);'],
        ['sql/b.sql', 'blind-insert', 'INSERT INTO refunds VALUES (2);'],
      ],
    );
    const json = JSON.parse(serializeBaseline(baseline)) as Baseline;
    assert.equal(json.version, 1);
    assert.deepEqual(json.entries.map((e) => e.file), ['sql/a.sql', 'sql/b.sql', 'sql/b.sql']);
    assert.deepEqual(Object.keys(json.entries[0]), ['file', 'rule', 'fingerprint', 'snippet']);
  });

  it('serialise to the same bytes whatever the order of the files', () => {
    const files = [file('x.sql', LEGACY), file('a/y.sql', LEGACY)];
    const one = serializeBaseline(buildBaseline(files, ROOT, null));
    const other = serializeBaseline(buildBaseline([...files].reverse(), ROOT, null));
    assert.equal(one, other);
    assert.ok(one.endsWith('}\n'));
  });

  it('hide the recorded findings even after lines move, and report only new ones', () => {
    const baseline = buildBaseline([file('load.sql', LEGACY)], ROOT, null);
    const later = `-- nightly load\nINSERT INTO audit VALUES (0);\n\n${LEGACY}`;
    const outcome = applyBaseline(baseline, [file('load.sql', later)], ROOT, everythingExists);
    assert.equal(outcome.matched, 2);
    assert.deepEqual(outcome.files[0].findings.map((f) => f.range.start.line), [2]);
    assert.deepEqual(outcome.stale, []);
  });

  it('count entries whose finding is gone as stale', () => {
    const baseline = buildBaseline([file('load.sql', LEGACY)], ROOT, null);
    const fixed = 'INSERT INTO orders VALUES (1) ON CONFLICT DO NOTHING;\n';
    const outcome = applyBaseline(baseline, [file('load.sql', fixed, 'no-such-needle')], ROOT, everythingExists);
    assert.equal(outcome.matched, 0);
    assert.deepEqual(outcome.stale.map((e) => e.snippet).sort(), ['INSERT INTO orders VALUES (1);', 'INSERT INTO refunds VALUES (2);']);
  });

  it('do not count entries of existing files that this run did not lint as stale', () => {
    const baseline = buildBaseline([file('a.sql', LEGACY), file('b.sql', LEGACY)], ROOT, null);
    const outcome = applyBaseline(baseline, [file('a.sql', LEGACY)], ROOT, everythingExists);
    assert.equal(outcome.matched, 2);
    assert.deepEqual(outcome.stale, []);
  });

  it('count entries of deleted files as stale', () => {
    const baseline = buildBaseline([file('a.sql', LEGACY), file('gone.sql', LEGACY)], ROOT, null);
    const exists = (p: string): boolean => !p.endsWith('gone.sql');
    const outcome = applyBaseline(baseline, [file('a.sql', LEGACY)], ROOT, exists);
    assert.deepEqual(outcome.stale.map((e) => e.file), ['gone.sql', 'gone.sql']);
  });

  it('match identical snippets one for one, so a copy of accepted code is reported', () => {
    const one = 'INSERT INTO t VALUES (1);\n';
    const baseline = buildBaseline([file('a.sql', one)], ROOT, null);
    const outcome = applyBaseline(baseline, [file('a.sql', one + one)], ROOT, everythingExists);
    assert.equal(outcome.matched, 1);
    assert.deepEqual(outcome.files[0].findings.map((f) => f.range.start.line), [2]);
  });

  it('keep the reasons of entries that still match when rewritten, and drop the stale ones', () => {
    const first = buildBaseline([file('load.sql', LEGACY)], ROOT, null);
    const orders = first.entries.find((e) => e.snippet.includes('orders'));
    assert.ok(orders);
    orders.reason = 'orders is truncated before each load';
    const edited = LEGACY.replace('refunds VALUES (2)', 'refunds VALUES (3)');
    const second = buildBaseline([file('load.sql', `\n\n${edited}`)], ROOT, first, everythingExists);
    assert.deepEqual(
      second.entries.map((e) => [e.snippet, e.reason]).sort(),
      [
        ['INSERT INTO orders VALUES (1);', 'orders is truncated before each load'],
        ['INSERT INTO refunds VALUES (3);', undefined],
      ],
    );
  });

  it('keep the entries of files a partial run did not lint, unless the file is gone', () => {
    const first = buildBaseline([file('a.sql', LEGACY), file('b.sql', LEGACY), file('gone.sql', LEGACY)], ROOT, null);
    const exists = (p: string): boolean => !p.endsWith('gone.sql');
    const second = buildBaseline([file('a.sql', 'SELECT 1;\n', 'no-such-needle')], ROOT, first, exists);
    assert.deepEqual(second.entries.map((e) => e.file), ['b.sql', 'b.sql']);
  });

  it('store paths relative to the baseline folder with forward slashes', () => {
    const baseline = buildBaseline([file('warehouse/daily/load.sql', LEGACY)], path.join(ROOT, 'warehouse'), null);
    assert.equal(baseline.entries[0].file, 'daily/load.sql');
  });

  it('accept entries written by hand with backslashes and a reason', () => {
    const json = '{"version":1,"entries":[{"file":"a\\\\b.sql","rule":"blind-insert","fingerprint":"f","reason":"legacy"}]}';
    assert.deepEqual(parseBaseline(json, 'b.json').entries, [{ file: 'a/b.sql', rule: 'blind-insert', fingerprint: 'f', snippet: '', reason: 'legacy' }]);
  });

  it('reject files that are not baselines with a message naming the problem', () => {
    assert.throws(() => parseBaseline('[]', 'b.json'), new BaselineError('b.json must hold a JSON object'));
    assert.throws(() => parseBaseline('{"version":2,"entries":[]}', 'b.json'), /b\.json has baseline version 2; this pipelint reads version 1/);
    assert.throws(() => parseBaseline('{"version":1,"entries":[{"file":"a.sql","rule":"r"}]}', 'b.json'), /entries\[0\] needs a string "fingerprint"/);
    assert.throws(() => parseBaseline('{"version":1', 'b.json'), /b\.json is not valid JSON/);
  });

  it('round-trip through a file on disk', () => {
    const dir = tempDir('baseline');
    try {
      const baseline = buildBaseline([file('load.sql', LEGACY)], ROOT, null);
      baseline.entries[0].reason = 'known';
      const target = path.join(dir, 'pipelint-baseline.json');
      writeBaseline(target, baseline);
      assert.equal(serializeBaseline(readBaseline(target)), fs.readFileSync(target, 'utf8'));
      assert.throws(() => readBaseline(path.join(dir, 'missing.json'), 'missing.json'), new BaselineError('baseline missing.json does not exist; create it with --write-baseline missing.json'));
    } finally {
      removeDir(dir);
    }
  });

  it('phrase the stale count for one and for many entries', () => {
    assert.equal(staleMessage(0), null);
    assert.equal(staleMessage(1), '1 baseline entry no longer occurs; run --write-baseline to prune it');
    assert.equal(staleMessage(3), '3 baseline entries no longer occur; run --write-baseline to prune them');
  });
});
