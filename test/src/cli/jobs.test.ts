import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { poolStats } from '@pipelint/engine/internal/cli/parallel.js';
import { BINARY_SQL, faultyFs, makeTree, removeTree, REPO_ROOT, run, type RunOptions } from './helpers.js';

/** Flagged by unguarded-ddl, with a safe fix. */
const UNGUARDED = 'CREATE TABLE staging_orders (id int);\r\nSELECT 1;\r\n';
const BLIND = 'INSERT INTO ledger SELECT * FROM ledger_staging;\n';
const PARTIAL = 'SELECT (1;\nUPDATE t SET n = n + 1 WHERE id = 1;\n';
const TS = "import { Kafka } from 'kafkajs';\nexport async function f(rows: string[]) { await Promise.all(rows.map((r) => fetch(r))); }\n";

/** A tree of `count` files of every kind a run meets: clean, flagged, fixable, binary, partial, TypeScript. */
function mixedTree(count: number): Record<string, string> {
  const kinds = [BLIND, UNGUARDED, 'SELECT 1;\n', PARTIAL, BINARY_SQL];
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`part_${i % 7}/file_${String(i).padStart(3, '0')}.sql`] = kinds[i % kinds.length];
  files['app/consumer.ts'] = TS;
  return files;
}

const THREADED = { PIPELINT_JOBS_THRESHOLD: '1' };

async function both(args: string[], options: RunOptions): Promise<{ one: Awaited<ReturnType<typeof run>>; two: Awaited<ReturnType<typeof run>> }> {
  const one = await run(['--jobs', '1', ...args], { ...options, env: { ...options.env, ...THREADED } });
  const two = await run(['--jobs', '2', ...args], { ...options, env: { ...options.env, ...THREADED } });
  return { one, two };
}

describe('pipelint --jobs', function () {
  // A guard against a hang, not a speed check: the first test lints the corpora eight times.
  this.timeout(240_000);
  let trees: string[] = [];
  afterEach(() => {
    for (const tree of trees) removeTree(tree);
    trees = [];
  });

  it('reports the test corpora and examples byte for byte as one thread does, in every format', async () => {
    const everything = ['test/fixtures/corpus', 'test/fixtures/ts-corpus', 'examples'];
    // Every format over the SQL corpus; the two richest over the TypeScript corpus and the examples too.
    const runs: [string, string[]][] = [
      ['json', everything],
      ['sarif', everything],
      ['stylish', ['test/fixtures/corpus']],
      ['github', ['test/fixtures/corpus']],
    ];
    for (const [format, paths] of runs) {
      const { one, two } = await both(['--format', format, ...paths], { cwd: REPO_ROOT });
      // The main thread lints batches too; with the TypeScript files (ESLint loads first) a worker always gets some.
      if (paths === everything) assert.ok(poolStats.workerBatches > 0, 'a worker linted some of the files');
      assert.ok(one.stdout.length > 1000, format);
      assert.equal(two.stdout, one.stdout, format);
      assert.deepEqual([two.code, two.stderr], [one.code, one.stderr], format);
    }
  });

  it('is not used below the threshold, in files or in text, and --jobs 0 is a usage error', async () => {
    const tree = makeTree(mixedTree(30));
    trees.push(tree);
    poolStats.workerBatches = -1;
    await run(['--jobs', '2', '.'], { cwd: tree });
    assert.equal(poolStats.workerBatches, -1);
    // 260 files, but a few kilobytes: linting them takes less than starting a worker.
    const many = makeTree(mixedTree(260));
    trees.push(many);
    await run(['--jobs', '2', '.'], { cwd: many });
    assert.equal(poolStats.workerBatches, -1);
    await run(['--jobs', '2', '.'], { cwd: many, env: THREADED });
    assert.notEqual(poolStats.workerBatches, -1);
    const zero = await run(['--jobs', '0', '.'], { cwd: tree });
    assert.deepEqual([zero.code, zero.stderr.split('\n')[0]], [2, "pipelint: option '--jobs' needs at least 1"]);
  });

  it('keeps an unreadable file a file-error in its place, the others linted', async () => {
    const tree = makeTree(mixedTree(120));
    trees.push(tree);
    const denied = path.join(tree, 'part_3/file_010.sql');
    const options = { cwd: tree, fs: faultyFs((call, file) => (call === 'readFileSync' && file === denied ? 'EACCES' : null)) };
    const { one, two } = await both(['--format', 'json', '.'], options);
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.code, 2);
    const files = JSON.parse(two.stdout) as { filePath: string; findings: { ruleId: string }[] }[];
    assert.deepEqual(files.find((f) => f.filePath === 'part_3/file_010.sql')?.findings.map((f) => f.ruleId), ['file-error']);
  });

  it('--fix writes the same bytes, and --cache and --baseline give the same reports', async () => {
    const [a, b] = [makeTree(mixedTree(120)), makeTree(mixedTree(120))];
    trees.push(a, b);
    const fixedOne = await run(['--jobs', '1', '--fix', '--format', 'json', '.'], { cwd: a, env: THREADED });
    const fixedTwo = await run(['--jobs', '2', '--fix', '--format', 'json', '.'], { cwd: b, env: THREADED });
    assert.deepEqual([fixedTwo.code, fixedTwo.stdout, fixedTwo.stderr], [fixedOne.code, fixedOne.stdout, fixedOne.stderr]);
    assert.match(fixedOne.stderr, /fixed \d+ problems in \d+ files/);
    for (const name of Object.keys(mixedTree(120))) assert.ok(fs.readFileSync(path.join(a, name)).equals(fs.readFileSync(path.join(b, name))), name);
    assert.equal(fs.readFileSync(path.join(a, 'part_1/file_001.sql'), 'utf8'), 'CREATE TABLE IF NOT EXISTS staging_orders (id int);\r\nSELECT 1;\r\n');

    const cache = path.join(a, '.cache.json');
    const plain = await run(['--jobs', '1', '--format', 'json', '.'], { cwd: a, env: THREADED });
    const cold = await run(['--jobs', '2', '--cache', '--cache-location', cache, '--format', 'json', '.'], { cwd: a, env: THREADED });
    const warm = await run(['--jobs', '2', '--cache', '--cache-location', cache, '--format', 'json', '.'], { cwd: a, env: THREADED });
    assert.deepEqual([cold.stdout, warm.stdout], [plain.stdout, plain.stdout]);

    const baseline = path.join(a, 'baseline.json');
    await run(['--jobs', '2', '--write-baseline', baseline, '.'], { cwd: a, env: THREADED });
    fs.writeFileSync(path.join(a, 'part_0/new.sql'), BLIND);
    const { one, two } = await both(['--baseline', baseline, '--format', 'json', '.'], { cwd: a });
    assert.deepEqual([two.code, two.stdout, two.stderr], [one.code, one.stdout, one.stderr]);
    const reported = (JSON.parse(one.stdout) as { filePath: string; findings: unknown[] }[]).filter((f) => f.findings.length > 0).map((f) => f.filePath);
    assert.ok(reported.includes('part_0/new.sql'));
  });
});
