'use strict';
// SQL throughput and memory at 5k, 50k and 500k generated lines (500k is ~19 MB), each size in a fresh process:
// lines/s of full linting (lintText) for the first call and the median, the share of wall time spent in garbage
// collection, and peak RSS above the process's RSS before the first lint, per input byte. Targets (issue 11):
// >= 300k lines/s at 5k and 50k and linear to 500k, GC < 10% of lint time, <= 10 bytes of RSS per input byte.
// Run: npm run bench -- throughput, or node bench/throughput.bench.js [--quick] (quick: 5k and 50k only).
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { median, recordSamples, recordValue } = require('./figures.js');

const SIZES = [
  { lines: 5_000, runs: 21 },
  { lines: 50_000, runs: 9 },
  { lines: 500_000, runs: 3 },
];

const int = (n) => Math.round(n).toLocaleString('en-US');
const pct = (x) => `${(x * 100).toFixed(0)}%`;

function probe(lines, runs) {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'throughput-probe.js'), String(lines), String(runs)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`throughput-probe.js ${lines} failed: ${(result.stderr || '').trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(result.stdout);
}

function main() {
  const quick = process.argv.includes('--quick');
  const rows = [];
  for (const { lines, runs } of quick ? SIZES.slice(0, 2) : SIZES) {
    const r = probe(lines, runs);
    const figure = recordSamples(`sql.throughput.${lines}`, r.samples, { lines, bytes: r.bytes, findings: r.findings });
    const warmGc = median(r.gcShares.slice(1));
    const rssPerByte = (r.peakRss - r.rssBefore) / r.bytes;
    recordValue(`sql.throughput.${lines}.linesPerSecond`, Math.round(lines / (figure.median / 1000)), { first: Math.round(lines / (figure.first / 1000)) });
    recordValue(`sql.throughput.${lines}.gcShare`, warmGc, { first: r.gcShares[0] });
    recordValue(`sql.throughput.${lines}.rssBytesPerInputByte`, rssPerByte, { peakRss: r.peakRss, rssBefore: r.rssBefore });
    rows.push({ lines, r, figure, warmGc, rssPerByte });
    console.log(
      `${int(lines).padStart(7)} lines (${(r.bytes / 1e6).toFixed(1)} MB): first ${int(lines / (figure.first / 1000))} lines/s (${figure.first.toFixed(0)} ms), ` +
        `median ${int(lines / (figure.median / 1000))} lines/s (${figure.median.toFixed(1)} ms, ${figure.runs} runs); ` +
        `GC ${pct(r.gcShares[0])} of the first call, ${pct(warmGc)} warm; peak RSS ${(rssPerByte).toFixed(1)} B per input byte`,
    );
  }
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    const perLine = b.figure.median / b.lines / (a.figure.median / a.lines);
    recordValue(`sql.throughput.${b.lines}.timePerLineVs${a.lines}`, perLine);
    console.log(`  ${int(b.lines)} vs ${int(a.lines)} lines: ${perLine.toFixed(2)}x the time per line (1.00 is linear)`);
  }
  console.log('targets: >= 300,000 lines/s at 5k and 50k, linear to 500k; GC < 10%; <= 10 B RSS per input byte');
}

module.exports = main;
if (require.main === module) main();
