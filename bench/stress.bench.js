'use strict';
// Stress: huge inputs through the whole `pipelint` process, each at several sizes, recording wall time, CPU time and
// peak RSS, and the growth from one size to the next (4x the input should be about 4x the time: a ratio near 16
// means a quadratic step). Cases: 1M statements, 200k findings in one file (every output format and
// --write-baseline), a 50 MB pipeline SQL file, 100k-deep nesting in SQL, TypeScript and the config file.
// Run: npm run bench -- stress, or node bench/stress.bench.js [--quick] (quick: the two smaller sizes only).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateSql } = require('./sql-corpus.js');

const BIN = path.join(__dirname, '..', 'bin', 'pipelint.js');
const PROBE = path.join(__dirname, 'rss-probe.js');
/** RSS per input byte allowed for the streaming formats (json, github) on the big file, above a bare run's RSS. */
const RSS_BYTES_PER_INPUT_BYTE = 20;
const TIMEOUT_MS = 15 * 60_000;

const repeat = (n, line) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(line(i));
  return out.join('\n') + '\n';
};

/** Statements of every kind on a few tables: the per-table history and the per-statement rules at scale. */
function statements(n) {
  const kinds = [
    (i) => `INSERT INTO analytics.orders (id, amount) SELECT id, amount FROM staging.orders WHERE batch = ${i};`,
    () => 'DELETE FROM analytics.orders WHERE ds = :ds;',
    () => 'CREATE TABLE IF NOT EXISTS analytics.orders (id int, amount numeric);',
    (i) => `UPDATE analytics.orders SET amount = ${i} WHERE id = ${i};`,
    () => 'DROP TABLE IF EXISTS tmp_orders;',
  ];
  return repeat(n, (i) => kinds[i % kinds.length](i));
}

const CASES = [
  { name: '1M statements', unit: 'statements', sizes: [62_500, 250_000, 1_000_000], file: 'statements.sql', make: statements, args: ['--format', 'json'] },
  { name: 'findings, stylish', unit: 'findings', sizes: [12_500, 50_000, 200_000], file: 'findings.sql', make: (n) => repeat(n, (i) => `DROP TABLE t${i};`), args: [] },
  { name: 'findings, json', unit: 'findings', sizes: [12_500, 50_000, 200_000], file: 'findings.sql', make: (n) => repeat(n, (i) => `DROP TABLE t${i};`), args: ['--format', 'json'], streaming: true },
  { name: 'findings, sarif', unit: 'findings', sizes: [12_500, 50_000, 200_000], file: 'findings.sql', make: (n) => repeat(n, (i) => `DROP TABLE t${i};`), args: ['--format', 'sarif'] },
  { name: 'findings, github', unit: 'findings', sizes: [12_500, 50_000, 200_000], file: 'findings.sql', make: (n) => repeat(n, (i) => `DROP TABLE t${i};`), args: ['--format', 'github'], streaming: true },
  { name: 'findings, --write-baseline', unit: 'findings', sizes: [12_500, 50_000, 200_000], file: 'findings.sql', make: (n) => repeat(n, (i) => `DROP TABLE t${i};`), args: ['--write-baseline', 'baseline.json'] },
  { name: '50 MB SQL, json', unit: 'lines', sizes: [82_500, 330_000, 1_320_000], file: 'big.sql', make: (n) => generateSql(n), args: ['--format', 'json'], streaming: true },
  { name: '50 MB SQL, github', unit: 'lines', sizes: [82_500, 330_000, 1_320_000], file: 'big.sql', make: (n) => generateSql(n), args: ['--format', 'github'], streaming: true },
  { name: 'deep nesting, SQL', unit: 'levels', sizes: [6_250, 25_000, 100_000], file: 'deep.sql', make: (n) => `SELECT ${'('.repeat(n)}1${')'.repeat(n)};\n`, args: ['--format', 'json'] },
  { name: 'deep nesting, TS', unit: 'levels', sizes: [6_250, 25_000, 100_000], file: 'deep.ts', make: (n) => `export const x = ${'['.repeat(n)}${']'.repeat(n)};\n`, args: ['--format', 'json'] },
  {
    name: 'deep nesting, config',
    unit: 'levels',
    sizes: [6_250, 25_000, 100_000],
    file: 'one.sql',
    make: () => 'SELECT 1;\n',
    config: (n) => `{"rules": ${'['.repeat(n)}${']'.repeat(n)}}\n`,
    args: ['--format', 'json'],
  },
];

function runCli(dir, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-r', PROBE, BIN, ...args], { cwd: dir, encoding: 'buffer', maxBuffer: 4 * 1024 ** 3, timeout: TIMEOUT_MS });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const stderr = result.stderr ? result.stderr.toString() : '';
  const probe = /@@stress maxRSS=(\d+) cpuMs=(\d+)/.exec(stderr);
  const firstError = stderr.replace(/\n?@@stress.*\n?/, '').trim().split('\n')[0] ?? '';
  return {
    status: result.status ?? (result.signal ? `signal ${result.signal}` : 'timeout'),
    wallMs,
    cpuMs: probe ? Number(probe[2]) : NaN,
    rssBytes: probe ? Number(probe[1]) * 1024 : NaN,
    outputBytes: result.stdout ? result.stdout.length : 0,
    note: result.error ? String(result.error.message) : firstError.slice(0, 100),
  };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const int = (n) => Math.round(n).toLocaleString('en-US');

function main() {
  const quick = process.argv.includes('--quick');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-stress-'));
  const rows = [];
  try {
    fs.writeFileSync(path.join(dir, 'empty.sql'), 'SELECT 1;\n');
    const bare = runCli(dir, ['--format', 'json', 'empty.sql']);
    console.log(`baseline: pipelint on a one-line file, ${mb(bare.rssBytes)} peak RSS, ${int(bare.wallMs)} ms`);
    for (const c of CASES) {
      const sizes = quick ? c.sizes.slice(0, 2) : c.sizes;
      let previous = null;
      for (const n of sizes) {
        const text = c.make(n);
        fs.writeFileSync(path.join(dir, c.file), text);
        const configArgs = [];
        if (c.config) {
          fs.writeFileSync(path.join(dir, 'deep.config.json'), c.config(n));
          configArgs.push('--config', 'deep.config.json');
        }
        const inputBytes = Buffer.byteLength(text) + (c.config ? Buffer.byteLength(c.config(n)) : 0);
        const r = runCli(dir, [...c.args, ...configArgs, c.file]);
        const row = { case: c.name, n, inputBytes, ...r };
        if (previous) {
          row.timeGrowth = r.cpuMs / Math.max(previous.cpuMs, 1);
          row.rssGrowth = (r.rssBytes - bare.rssBytes) / Math.max(previous.rssBytes - bare.rssBytes, 1);
          row.sizeGrowth = n / previous.n;
        }
        row.rssPerByte = (r.rssBytes - bare.rssBytes) / inputBytes;
        rows.push(row);
        previous = row;
        const growth = row.timeGrowth === undefined ? '' : `  ×${row.sizeGrowth.toFixed(0)} input: ×${row.timeGrowth.toFixed(1)} cpu, ×${row.rssGrowth.toFixed(1)} rss`;
        console.log(
          `${c.name.padEnd(26)} ${int(n).padStart(9)} ${c.unit.padEnd(10)} ${mb(inputBytes).padStart(9)}  exit ${String(r.status).padEnd(2)} ` +
            `${int(r.wallMs).padStart(7)} ms wall ${int(r.cpuMs).padStart(7)} ms cpu  ${mb(r.rssBytes).padStart(9)} rss (${row.rssPerByte.toFixed(1)} B/input B)` +
            `  out ${mb(r.outputBytes)}${growth}${r.status === 0 || r.status === 1 ? '' : `  ${r.note}`}`,
        );
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const worst = rows.filter((r) => r.timeGrowth !== undefined).sort((a, b) => b.timeGrowth / b.sizeGrowth - a.timeGrowth / a.sizeGrowth)[0];
  if (worst) console.log(`\nworst growth: ${worst.case}, ×${worst.sizeGrowth.toFixed(0)} input took ×${worst.timeGrowth.toFixed(1)} CPU (linear: ×${worst.sizeGrowth.toFixed(0)})`);
  const streaming = rows.filter((r) => CASES.find((c) => c.name === r.case)?.streaming && r === rows.filter((x) => x.case === r.case).at(-1));
  for (const r of streaming) {
    const verdict = r.rssPerByte <= RSS_BYTES_PER_INPUT_BYTE ? 'within' : 'OVER';
    console.log(`${r.case}: ${r.rssPerByte.toFixed(1)} bytes of RSS per input byte at ${mb(r.inputBytes)} (${verdict} the ${RSS_BYTES_PER_INPUT_BYTE} B target)`);
  }
}

module.exports = main;
if (require.main === module) main();
