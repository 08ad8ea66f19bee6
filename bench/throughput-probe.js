'use strict';
// Run in a fresh process by throughput.bench.js, one size per process so that peak RSS belongs to that size:
// lintText on a generated file, first call and then warm ones, with the share of each call's wall time spent in
// garbage collection and the peak RSS above the process's RSS before the first lint.
// Prints JSON. Usage: node bench/throughput-probe.js <lines> <runs>
const { PerformanceObserver } = require('node:perf_hooks');
const { lintText } = require('@pipelint/engine');
const { generateSql } = require('./sql-corpus.js');

const lines = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 11);
const text = generateSql(lines);
let gcMs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
observer.observe({ entryTypes: ['gc'] });

// GC entries are delivered asynchronously: wait a turn after each call so its collections are counted with it.
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function main() {
  await tick();
  const rssBefore = process.memoryUsage().rss;
  const samples = [];
  const gcShares = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const gcBefore = gcMs;
    const start = process.hrtime.bigint();
    findings = lintText(text, { filename: 'bench.sql' }).findings.length;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    await tick();
    await tick();
    samples.push(ms);
    gcShares.push((gcMs - gcBefore) / ms);
  }
  observer.disconnect();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ lines, bytes: text.length, findings, samples, gcShares, rssBefore, peakRss }));
}

main();
