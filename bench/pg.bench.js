'use strict';
// Whole-process runs, paired: `pipelint --dialect postgres` against squawk's native binary on the Postgres
// corpus, and a second `pipelint --cache` run of a large tree against the first. Each pair runs back to back
// (the order alternating) so that load from other work on the machine falls on both; the figures are medians
// and the ratio is the median of the per-pair ratios. CPU is user + system of the child, from /usr/bin/time.
// The corpus is rebuilt from the soak mirrors at the pinned commits of /work/shared/bench/corpora.md when they
// are present (PIPELINT_MIRRORS, default /work/.mirror); a part whose mirror is missing is replaced by
// generated Postgres files of the same count and size, and the output says so. Run: node bench/pg.bench.js
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateSql } = require('./sql-corpus.js');
const { median, recordSamples, recordValue, loadLine } = require('./figures.js');

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'pipelint.js');
const SQUAWK = path.join(ROOT, 'node_modules', '@squawk-cli', `${process.platform}-${process.arch}`, 'bin', 'squawk');
const MIRRORS = process.env.PIPELINT_MIRRORS ?? '/work/.mirror';
const PAIRS = Number(process.env.PIPELINT_BENCH_PAIRS ?? 7);
const CACHE_TREE_FILES = 1500;

/** The pinned parts of the pg corpus: 654 files, 5,343 lines when every mirror is present. */
const PG_PARTS = [
  { name: 'kratos', mirror: 'ory+kratos', commit: 'b86338da04a040247a07f46100a86dcfb3875909', tree: 'persistence/sql/migrations/sql', match: (p) => /postgres[^/]*\.sql$/.test(p), files: 557, lines: 726 },
  { name: 'bullmq', mirror: 'taskforcesh+bullmq', commit: '352d3c72bf2bc5ec851630a4cdcba7d44c313ed0', tree: 'src/postgres', match: (p) => p.endsWith('.sql'), files: 84, lines: 4278 },
  { name: 'sqlc', mirror: 'sqlc-dev+sqlc', commit: '99a7d7d0c7b913ded6a60a9d038ece99dcdf7892', tree: 'examples', match: (p) => /^examples\/[^/]+\/postgresql\/[^/]+\.sql$/.test(p), files: 13, lines: 339 },
];

function git(gitDir, args) {
  const result = spawnSync('git', ['--git-dir', gitDir, ...args], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`git ${args[0]}: ${result.stderr.toString().trim()}`);
  return result.stdout;
}

/** Writes one part of the corpus under `dir`; returns how it was made. */
function writePart(part, dir) {
  const gitDir = path.join(MIRRORS, part.mirror, 'repo');
  const target = path.join(dir, part.name);
  fs.mkdirSync(target, { recursive: true });
  if (fs.existsSync(gitDir)) {
    try {
      const listing = git(gitDir, ['ls-tree', '-r', '--name-only', part.commit, '--', part.tree]).toString().split('\n').filter((p) => p !== '' && part.match(p));
      for (const file of listing) {
        const out = path.join(target, file);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, git(gitDir, ['show', `${part.commit}:${file}`]));
      }
      return `${part.name}: ${listing.length} files from the mirror at ${part.commit.slice(0, 12)}`;
    } catch (error) {
      fs.rmSync(target, { recursive: true, force: true });
      fs.mkdirSync(target, { recursive: true });
      console.log(`  (${part.name}: mirror unusable, ${error.message.split('\n')[0]}; generated instead)`);
    }
  }
  const perFile = Math.max(3, Math.round(part.lines / part.files));
  for (let i = 0; i < part.files; i++) fs.writeFileSync(path.join(target, `gen_${i}.sql`), generateSql(perFile, 5000 + i, { postgresOnly: true }));
  return `${part.name}: ${part.files} GENERATED files of ${perFile} lines (no mirror at ${gitDir})`;
}

function sqlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sqlFiles(full));
    else if (entry.name.endsWith('.sql')) out.push(full);
  }
  return out.sort();
}

/** One whole process under /usr/bin/time: wall and CPU in ms; stdout is thrown away. */
function timed(command, args, cwd) {
  const report = path.join(os.tmpdir(), `pipelint-bench-time-${process.pid}`);
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', report, command, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  const [user, sys] = fs.readFileSync(report, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  fs.rmSync(report, { force: true });
  return { wall, cpu: (user + sys) * 1000, status: result.status, stderr: result.stderr.toString() };
}

/** `pairs` runs of a and b back to back, alternating which goes first. */
function paired(a, b, pairs) {
  const runs = { a: [], b: [] };
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const which of order) runs[which].push(which === 'a' ? a() : b());
  }
  return runs;
}

function summary(name, runs, extra) {
  const wall = recordSamples(`${name}.wall`, runs.map((r) => r.wall), extra);
  const cpu = recordSamples(`${name}.cpu`, runs.map((r) => r.cpu), extra);
  return { wall, cpu };
}

function ratioOf(name, a, b, key) {
  const ratios = a.map((r, i) => r[key] / b[i][key]);
  return recordValue(name, median(ratios), { min: Math.min(...ratios), max: Math.max(...ratios), of: 'median of per-pair ratios' }).value;
}

const ms = (f) => `median ${f.median.toFixed(0)} ms (first ${f.first.toFixed(0)}, min ${f.min.toFixed(0)}, max ${f.max.toFixed(0)})`;

function comparePg(dir) {
  const made = PG_PARTS.map((part) => writePart(part, dir));
  const files = sqlFiles(dir);
  const lines = files.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length - 1, 0);
  console.log(`pg corpus: ${files.length} files, ${lines.toLocaleString('en-US')} lines`);
  for (const line of made) console.log(`  ${line}`);
  const relative = files.map((f) => path.relative(dir, f));
  const pipelint = () => timed(process.execPath, [BIN, '--dialect', 'postgres', '.'], dir);
  const hasSquawk = fs.existsSync(SQUAWK);
  const squawk = () => timed(SQUAWK, relative, dir);
  const extra = { files: files.length, lines, corpus: made };
  if (!hasSquawk) {
    console.log(`  squawk not installed at ${SQUAWK} (not a devDependency: its lock entry cannot list every platform package here; 'npm install --no-save squawk-cli' brings it): pipelint alone`);
    const only = summary('pg.pipelint', Array.from({ length: PAIRS }, pipelint), extra);
    console.log(`  pipelint --dialect postgres .   wall ${ms(only.wall)}, CPU ${ms(only.cpu)}`);
    return;
  }
  const version = spawnSync(SQUAWK, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const runs = paired(pipelint, squawk, PAIRS);
  for (const r of runs.a) if (r.status !== 0 && r.status !== 1) throw new Error(`pipelint exited ${r.status}: ${r.stderr.split('\n')[0]}`);
  const p = summary('pg.pipelint', runs.a, extra);
  const s = summary('pg.squawk', runs.b, { ...extra, version });
  const wallRatio = ratioOf('pg.ratio.wall', runs.a, runs.b, 'wall');
  const cpuRatio = ratioOf('pg.ratio.cpu', runs.a, runs.b, 'cpu');
  console.log(`  ${PAIRS} pairs, whole process, ${loadLine()}`);
  console.log(`  pipelint --dialect postgres .   wall ${ms(p.wall)}, CPU ${ms(p.cpu)}`);
  console.log(`  ${version} (native binary)   wall ${ms(s.wall)}, CPU ${ms(s.cpu)}`);
  console.log(`  pipelint / squawk: wall ${wallRatio.toFixed(2)}x, CPU ${cpuRatio.toFixed(2)}x   target <= 1.0x`);
}

function compareCache(dir) {
  for (let i = 0; i < CACHE_TREE_FILES; i++) {
    const sub = path.join(dir, `pipeline_${i % 30}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `step_${i}.sql`), generateSql(20 + (i % 9) * 10, 9000 + i, { postgresOnly: true }));
  }
  const cacheFile = path.join(dir, '.bench-cache.json');
  // One thread, so that the ratio is the cache's alone (--jobs has its own figure below).
  const args = [BIN, '--dialect', 'postgres', '--jobs', '1', '--cache', '--cache-location', cacheFile, '.'];
  const pairs = Math.max(3, Math.ceil(PAIRS / 2));
  const cold = [];
  const warm = [];
  for (let i = 0; i < pairs; i++) {
    fs.rmSync(cacheFile, { force: true });
    cold.push(timed(process.execPath, args, dir));
    warm.push(timed(process.execPath, args, dir));
  }
  const plain = Array.from({ length: pairs }, () => timed(process.execPath, [BIN, '--dialect', 'postgres', '--jobs', '1', '.'], dir));
  const extra = { files: CACHE_TREE_FILES };
  const c = summary('cache.cold', cold, extra);
  const w = summary('cache.warm', warm, extra);
  const n = summary('cache.none', plain, extra);
  const wallRatio = ratioOf('cache.ratio.wall', warm, cold, 'wall');
  const cpuRatio = ratioOf('cache.ratio.cpu', warm, cold, 'cpu');
  console.log(`--cache on a generated ${CACHE_TREE_FILES}-file tree, ${pairs} pairs (first run with an empty cache, then a second), ${loadLine()}`);
  console.log(`  without --cache                wall ${ms(n.wall)}, CPU ${ms(n.cpu)}`);
  console.log(`  --cache, first run (cold)      wall ${ms(c.wall)}, CPU ${ms(c.cpu)}`);
  console.log(`  --cache, second run (warm)     wall ${ms(w.wall)}, CPU ${ms(w.cpu)}`);
  console.log(`  second / first: wall ${(wallRatio * 100).toFixed(0)}%, CPU ${(cpuRatio * 100).toFixed(0)}%   target <= 10%`);
}

/** `--jobs` on the same 1,500-file tree: one thread against the default (the processor count), paired. */
function compareJobs(dir) {
  const jobs = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const args = (n) => [BIN, '--dialect', 'postgres', '--jobs', String(n), '.'];
  const runs = paired(() => timed(process.execPath, args(jobs), dir), () => timed(process.execPath, args(1), dir), Math.max(3, Math.ceil(PAIRS / 2)));
  const extra = { files: CACHE_TREE_FILES, jobs, load: os.loadavg() };
  const many = summary(`jobs.${jobs}`, runs.a, extra);
  const one = summary('jobs.1', runs.b, extra);
  const speedup = 1 / ratioOf('jobs.ratio.wall', runs.a, runs.b, 'wall');
  recordValue('jobs.speedup.wall', speedup, { of: 'one thread / --jobs N, wall, median of per-pair ratios', jobs });
  console.log(`--jobs on the same ${CACHE_TREE_FILES}-file tree, ${runs.a.length} pairs, ${loadLine()}`);
  console.log(`  --jobs 1                       wall ${ms(one.wall)}, CPU ${ms(one.cpu)}`);
  console.log(`  --jobs ${jobs} (the default)         wall ${ms(many.wall)}, CPU ${ms(many.cpu)}`);
  console.log(`  speed-up: ${speedup.toFixed(2)}x wall   target >= 1.7x on 2 cores (needs the cores free: see the load)`);
}

/** The TypeScript corpus (typeorm's src/ at the pinned commit), or null without its mirror. */
function writeTypeScriptCorpus(dir) {
  const gitDir = path.join(MIRRORS, 'typeorm+typeorm', 'repo');
  const commit = '281bfba42a5813b106bcf5ba79bc7f7251bd1e73';
  if (!fs.existsSync(gitDir)) return null;
  try {
    const listing = git(gitDir, ['ls-tree', '-r', '--name-only', commit, '--', 'src']).toString().split('\n').filter((p) => p.endsWith('.ts'));
    for (const file of listing) {
      const out = path.join(dir, file);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, git(gitDir, ['show', `${commit}:${file}`]));
    }
    return listing.length;
  } catch (error) {
    console.log(`  (typeorm mirror unusable: ${error.message.split('\n')[0]})`);
    return null;
  }
}

/** Whole process on typeorm's src/: the pipelint CLI against ESLint parse-only (bench/eslint-parse-only.js), paired. */
function compareEslint(dir) {
  const count = writeTypeScriptCorpus(dir);
  if (count === null) {
    console.log(`TypeScript whole-process pair: no typeorm mirror under ${MIRRORS}; skipped`);
    return;
  }
  const pairs = Math.max(3, Math.ceil(PAIRS / 2));
  const pipelint = (jobs) => () => timed(process.execPath, [BIN, '--jobs', String(jobs), 'src'], dir);
  const eslint = () => timed(process.execPath, [path.join(__dirname, 'eslint-parse-only.js'), 'src'], dir);
  const one = paired(pipelint(1), eslint, pairs);
  const extra = { files: count, corpus: 'typeorm/typeorm@281bfba42a58 src/**/*.ts' };
  const p = summary('ts.pipelint.jobs1', one.a, extra);
  const e = summary('ts.eslint-parse-only', one.b, extra);
  const cpuRatio = ratioOf('ts.ratio.cpu.jobs1', one.a, one.b, 'cpu');
  const wallRatio = ratioOf('ts.ratio.wall.jobs1', one.a, one.b, 'wall');
  console.log(`TypeScript, typeorm src/ (${count} files), ${pairs} pairs, ${loadLine()}`);
  console.log(`  pipelint --jobs 1 src          wall ${ms(p.wall)}, CPU ${ms(p.cpu)}`);
  console.log(`  ESLint parse-only              wall ${ms(e.wall)}, CPU ${ms(e.cpu)}`);
  console.log(`  pipelint / ESLint parse-only: wall ${wallRatio.toFixed(2)}x, CPU ${cpuRatio.toFixed(2)}x`);
}

function main() {
  const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-pg-bench-'));
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-cache-bench-'));
  const tsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-ts-bench-'));
  try {
    comparePg(pgDir);
    compareCache(cacheDir);
    compareJobs(cacheDir);
    if (process.env.PIPELINT_BENCH_SKIP_TS !== '1') compareEslint(tsDir);
  } finally {
    fs.rmSync(pgDir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.rmSync(tsDir, { recursive: true, force: true });
  }
}

module.exports = main;
if (require.main === module) main();
