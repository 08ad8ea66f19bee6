import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '@pipelint/engine/internal/core/line-index.js';
import type { Finding } from '@pipelint/engine/internal/core/types.js';
import { engineCase, findingProblems } from './engine.fuzz.js';
import { lspSequence } from './lsp.fuzz.js';

type Fuzzer = {
  run(cases: number, seed: number): { cases: number; failures: string[] } | Promise<{ cases: number; failures: string[] }>;
  replay?(input: unknown): string[] | Promise<string[]>;
};

const FUZZ_DIR = __dirname;
const REGRESSIONS = path.resolve(__dirname, '../../fixtures/fuzz-regressions');
/** Small counts for `npm test` (seconds each); `npm run fuzz` runs the large ones. */
const SMALL: Record<string, number> = { engine: 300, lsp: 15, python: 150 };
const SMALL_DEFAULT = 10;

const fuzzers = fs
  .readdirSync(FUZZ_DIR)
  .filter((f) => f.endsWith('.fuzz.js'))
  .sort()
  .map((f) => ({ name: f.replace(/\.fuzz\.js$/, ''), load: () => require(path.join(FUZZ_DIR, f)) as Fuzzer }));

describe('fuzzers (small seeded runs)', function () {
  this.timeout(120000);

  it('finds the engine and LSP fuzzers among the compiled fuzzers', () => {
    assert.ok(fuzzers.some((f) => f.name === 'engine') && fuzzers.some((f) => f.name === 'lsp'), fuzzers.map((f) => f.name).join(', '));
  });

  for (const fuzzer of fuzzers) {
    it(`${fuzzer.name}: a bounded run with a fixed seed finds nothing`, async () => {
      const cases = SMALL[fuzzer.name] ?? SMALL_DEFAULT;
      const result = await fuzzer.load().run(cases, 20260601);
      assert.equal(result.cases, cases);
      assert.deepEqual(result.failures.map((f) => f.slice(0, 2000)), []);
    });
  }
});

describe('fuzz regression cases', function () {
  this.timeout(60000);
  const files = fs.existsSync(REGRESSIONS) ? fs.readdirSync(REGRESSIONS).filter((f) => f.endsWith('.json')).sort() : [];
  for (const file of files) {
    it(`replays ${file} without the problem it was saved for`, async () => {
      const saved = JSON.parse(fs.readFileSync(path.join(REGRESSIONS, file), 'utf8')) as { fuzzer: string; problem: string; input: unknown };
      const fuzzer = fuzzers.find((f) => f.name === saved.fuzzer);
      assert.ok(fuzzer, `no fuzzer named ${saved.fuzzer}`);
      const replay = fuzzer.load().replay;
      assert.ok(replay, `${saved.fuzzer} has no replay()`);
      assert.deepEqual(await replay(saved.input), []);
    });
  }
});

describe('fuzz checks themselves', () => {
  const text = 'DROP TABLE t;\nSELECT 1;\n';
  const lines = new LineIndex(text);
  const good: Finding = {
    ruleId: 'unguarded-ddl',
    concept: 'idempotency',
    severity: 'warn',
    message: 'm',
    messageId: 'drop',
    data: {},
    range: lines.range(0, 12),
    origin: 'sql',
    fix: { title: 'f', edits: [{ span: { start: 11, end: 11 }, text: 'IF EXISTS ' }] },
  };

  it('pass a well-formed finding', () => {
    assert.deepEqual(findingProblems(text, [good]), []);
  });

  it('catch a NaN column, an offset past the end, a wrong line, and overlapping or out-of-range edits', () => {
    const bad: Finding[] = [
      { ...good, range: { start: { line: 1, column: NaN, offset: 0 }, end: good.range.end } },
      { ...good, range: { start: good.range.start, end: { line: 3, column: 1, offset: text.length + 1 } } },
      { ...good, range: { start: { line: 2, column: 1, offset: 0 }, end: good.range.end } },
      { ...good, fix: { title: 'f', edits: [{ span: { start: 0, end: 5 }, text: '' }, { span: { start: 4, end: 6 }, text: '' }] } },
      { ...good, suggestions: [{ title: 's', edits: [{ span: { start: 3, end: 99 }, text: '' }] }] },
    ];
    assert.deepEqual(findingProblems(text, bad), [
      'finding 0 (unguarded-ddl) start: non-integer position {"line":1,"column":null,"offset":0}',
      `finding 1 (unguarded-ddl) end: offset ${text.length + 1} outside 0-${text.length}`,
      'finding 2 (unguarded-ddl) start: 2:1 is not offset 0 (1:1)',
      'finding 3 (unguarded-ddl) fix "f": edits 0-5 and 4-6 overlap',
      `finding 4 (unguarded-ddl) fix "s": edit 3-99 outside 0-${text.length}`,
    ]);
  });

  it('generate the same input for the same seed and index, and different ones otherwise', () => {
    assert.deepEqual(engineCase(5, 17), engineCase(5, 17));
    assert.notDeepEqual(engineCase(5, 17), engineCase(5, 18));
    assert.deepEqual(lspSequence(5, 3), lspSequence(5, 3));
    const sql = Array.from({ length: 200 }, (_, i) => engineCase(1, i)).filter((c) => c.filename.endsWith('.sql')).length;
    assert.ok(sql > 100 && sql < 200, `${sql} of 200 inputs are SQL`);
  });
});
