'use strict';
// Run in a fresh process by sql.bench.js: the first lintText call on a generated file, then warm ones, so the
// first call is measured before anything in this process has compiled or optimised the engine.
// Prints JSON: { load, samples } in ms. Usage: node bench/first-call.js <lines> <runs>
const start = process.hrtime.bigint();
const { lintText } = require('@pipelint/engine');
const load = Number(process.hrtime.bigint() - start) / 1e6;
const { generateSql } = require('./sql-corpus.js');

const lines = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 21);
const text = generateSql(lines);
const samples = [];
for (let i = 0; i < runs; i++) {
  const t = process.hrtime.bigint();
  lintText(text, { filename: 'bench.sql' });
  samples.push(Number(process.hrtime.bigint() - t) / 1e6);
}
process.stdout.write(JSON.stringify({ load, samples }));
