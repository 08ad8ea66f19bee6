'use strict';
// CLI start-up: whole-process time of `node bin/pipelint.js one.sql` on a 50-line SQL script, against bare
// `node -e 0`. Target: under 100 ms, which means the SQL path loads no TypeScript or ESLint. Run: node bench/cli.bench.js
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { recordSamples } = require('./figures.js');

const BIN = path.join(__dirname, '..', 'bin', 'pipelint.js');
const RUNS = 15;
const TARGET_MS = 100;

/** A 50-line daily load as a scheduler would run it: DDL, a partition replace, a merge. */
function fiftyLineScript() {
  const lines = [
    '-- Daily orders load, run by the scheduler with the logical date as {{ ds }}.',
    'CREATE TABLE IF NOT EXISTS analytics.daily_orders (',
    '  order_date date NOT NULL,',
    '  region varchar(32) NOT NULL,',
    '  order_count integer NOT NULL,',
    '  revenue numeric(18, 2) NOT NULL',
    ');',
    '',
    'BEGIN;',
    "DELETE FROM analytics.daily_orders WHERE order_date = '{{ ds }}';",
    'INSERT INTO analytics.daily_orders (order_date, region, order_count, revenue)',
    'SELECT o.order_date, o.region, count(*), sum(o.amount)',
    'FROM raw.orders AS o',
    "WHERE o.order_date = '{{ ds }}'",
    'GROUP BY o.order_date, o.region;',
    'COMMIT;',
    '',
  ];
  while (lines.length < 50) {
    const n = lines.length;
    lines.push(`INSERT INTO audit.load_log (run_date, step, loaded_at) VALUES ('{{ ds }}', 'step_${n}', current_timestamp);`);
  }
  return lines.join('\n') + '\n';
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeProcess(name, args, cwd) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status === 2) throw new Error(`pipelint failed: ${result.stderr}`);
  }
  recordSamples(name, samples);
  return median(samples);
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-cli-bench-'));
  fs.writeFileSync(path.join(dir, 'one.sql'), fiftyLineScript());
  const bare = timeProcess('cli.bare-node', ['-e', '0'], dir);
  const one = timeProcess('cli.one-50-line-file', [BIN, 'one.sql'], dir);
  const examples = timeProcess('cli.examples', [BIN, 'examples/'], path.join(__dirname, '..'));
  console.log('CLI (median of %d runs)', RUNS);
  console.log(`  bare \`node -e 0\`, for reference:           ${bare.toFixed(0)} ms`);
  console.log(`  pipelint one.sql (50 lines):               ${one.toFixed(0)} ms   target < ${TARGET_MS} ms (${(one - bare).toFixed(0)} ms over bare node)`);
  console.log(`  pipelint examples/ (whole example tree):   ${examples.toFixed(0)} ms`);
  fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = main;
if (require.main === module) main();
