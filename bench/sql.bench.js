'use strict';
// SQL throughput: the front end alone (lex + split + clause model) and full linting through lintText, on generated
// pipeline SQL; growth from 500 to 50,000 lines; a 500-file tree in process and as a whole `pipelint` process;
// squawk native side by side (install squawk-cli with --no-save; bench/pg.bench.js pairs them on the pg corpus). Run: node bench/sql.bench.js
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { lintText, parseSql } = require('@pipelint/engine');
const { generateSql } = require('./sql-corpus.js');
const { firstAndMedian, recordSamples } = require('./figures.js');

const BIN = path.join(__dirname, '..', 'bin', 'pipelint.js');
const TREE_FILES = 500;

const now = () => process.hrtime.bigint();
const msSince = (start) => Number(now() - start) / 1e6;
const int = (n) => Math.round(n).toLocaleString('en-US');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall times of `fn` in ms after warm-up runs (JIT and module loading are not steady state). */
function samplesOf(fn, runs, warmup = 10) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    fn();
    samples.push(msSince(start));
  }
  return samples;
}

function timeIt(fn, runs, warmup = 10) {
  return median(samplesOf(fn, runs, warmup));
}

/** Lines per second, median and best: on a busy machine the best run is the closer estimate of the code's speed. */
function rate(lines, fn, runs) {
  const samples = samplesOf(fn, runs);
  return `${int(lines / (median(samples) / 1000))} (best ${int(lines / (Math.min(...samples) / 1000))})`;
}

function lineCount(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function throughput(text, ms) {
  return `${(text.length / 1e6 / (ms / 1000)).toFixed(1)} MB/s, ${int(lineCount(text) / (ms / 1000))} lines/s (${ms.toFixed(1)} ms)`;
}

function printTable(title, rows) {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(title);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

function writeTree(dir) {
  const files = [];
  for (let i = 0; i < TREE_FILES; i++) {
    const sub = path.join(dir, `pipeline_${i % 20}`);
    fs.mkdirSync(sub, { recursive: true });
    const file = path.join(sub, `step_${i}.sql`);
    fs.writeFileSync(file, generateSql(40 + (i % 7) * 20, 1000 + i, { postgresOnly: true }));
    files.push(file);
  }
  return files;
}

function lintTree(files) {
  let findings = 0;
  for (const file of files) findings += lintText(fs.readFileSync(file, 'utf8'), { filename: file }).findings.length;
  return findings;
}

/** Median wall time of a whole process, or the reason it cannot run. */
function timeProcess(command, args, cwd, runs, env = process.env) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    const result = spawnSync(command, args, { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    samples.push(msSince(start));
    if (result.error) return { error: result.error.message };
    if (result.status !== 0 && result.status !== 1) return { error: `exit ${result.status}: ${(result.stderr || '').trim().split('\n')[0]}` };
  }
  return { ms: median(samples) };
}

function processRow(result) {
  return result.error ? `skipped (${result.error})` : `${result.ms.toFixed(0)} ms`;
}

/** squawk's native binary from the squawk-cli package (npm install --no-save squawk-cli) (its node wrapper would add ~70 ms a run). */
const SQUAWK = path.join(__dirname, '..', 'node_modules', '@squawk-cli', `${process.platform}-${process.arch}`, 'bin', 'squawk');

function squawk(dir, files) {
  if (!fs.existsSync(SQUAWK)) return { error: `no native binary at ${SQUAWK}; 'npm install --no-save squawk-cli' brings it (it is not a devDependency: its lock entry cannot list every platform package here)` };
  const probe = spawnSync(SQUAWK, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return { error: `squawk --version failed: ${(probe.stderr || String(probe.error || '')).trim().split('\n')[0]}` };
  const relative = files.map((f) => path.relative(dir, f));
  const version = probe.stdout.trim();
  const one = timeProcess(SQUAWK, [relative[0]], dir, 5);
  const tree = timeProcess(SQUAWK, relative, dir, 3);
  return { version, one, tree };
}

/** How busy this machine is, so that the numbers below can be read against it. */
function calibration() {
  const start = now();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i & 7;
  return `a 1e8-step loop takes ${msSince(start).toFixed(0)} ms (about 70 ms on an idle laptop); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs (checksum ${x % 10})`;
}

/** The first lintText call of a fresh process on a 5,000-line file, then the warm ones (bench/first-call.js). */
function firstCall() {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'first-call.js'), '5000', '21'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`first-call.js failed: ${result.stderr}`);
  const { load, samples } = JSON.parse(result.stdout);
  return { load, figure: recordSamples('sql.lint5k.fresh-process', samples, { lines: 5000, engineLoadMs: load }) };
}

function main() {
  console.log(`machine: ${calibration()}`);
  const fresh = firstCall();
  console.log(`lintText on a 5,000-line file in a fresh process (engine loaded in ${fresh.load.toFixed(0)} ms): ${firstAndMedian(fresh.figure)}`);
  const text = generateSql(5000);
  const frontEnd = timeIt(() => parseSql(text, { dialect: 'postgres' }), 31);
  const lint = timeIt(() => lintText(text, { filename: 'bench.sql' }), 21);
  recordSamples('sql.parse5k.warm', samplesOf(() => parseSql(text, { dialect: 'postgres' }), 11, 0), { lines: 5000 });
  printTable(`SQL throughput on a generated ${int(lineCount(text))}-line file (${(text.length / 1e6).toFixed(2)} MB, median)`, [
    ['front end (parseSql: lex + split + clause model)', throughput(text, frontEnd)],
    ['full lint (lintText: front end + every SQL rule + suppressions)', throughput(text, lint)],
  ]);

  const growth = [500, 5000, 50000].map((lines) => {
    const sized = generateSql(lines, 7);
    const runs = Math.max(5, Math.round(100000 / lines));
    return [`${int(lines)} lines`, `front end ${rate(lines, () => parseSql(sized, {}), runs)} lines/s, lint ${rate(lines, () => lintText(sized, { filename: 'g.sql' }), runs)} lines/s`];
  });
  printTable('growth, median (best) lines/s: flat means linear; the drop at 50,000 lines is garbage collection of the larger heap', growth);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-sql-bench-'));
  try {
    const files = writeTree(dir);
    const treeLines = files.reduce((n, f) => n + lineCount(fs.readFileSync(f, 'utf8')), 0);
    const fifty = path.join(dir, 'fifty.sql');
    fs.writeFileSync(fifty, generateSql(50, 3, { postgresOnly: true }));
    const fiftyText = fs.readFileSync(fifty, 'utf8');
    let findings = 0;
    const inProcessTree = timeIt(() => (findings = lintTree(files)), 5, 1);
    const rows = [
      [`${TREE_FILES}-file tree in process (${int(treeLines)} lines, ${int(findings)} findings)`, `${inProcessTree.toFixed(0)} ms, ${int(treeLines / (inProcessTree / 1000))} lines/s`],
      ['one 50-line file in process (read + lintText)', `${timeIt(() => lintText(fiftyText, { filename: fifty }), 200, 20).toFixed(3)} ms`],
      ['bare `node -e 0`, for reference', processRow(timeProcess(process.execPath, ['-e', '0'], dir, 10))],
      ['`node bin/pipelint.js fifty.sql` (whole process)', processRow(timeProcess(process.execPath, [BIN, 'fifty.sql'], dir, 10))],
      [`\`node bin/pipelint.js .\` on the ${TREE_FILES}-file tree`, processRow(timeProcess(process.execPath, [BIN, '.'], dir, 3))],
    ];
    const sq = squawk(dir, files);
    if (sq.error) rows.push(['squawk', `skipped (${sq.error})`]);
    else {
      rows.push([`${sq.version}: one 50-140 line file (native binary, whole process)`, processRow(sq.one)]);
      rows.push([`${sq.version}: the ${TREE_FILES}-file tree (native binary, whole process)`, processRow(sq.tree)]);
    }
    printTable('files and processes (median)', rows);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = main;
if (require.main === module) main();
