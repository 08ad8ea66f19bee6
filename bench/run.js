'use strict';
// Runs every bench/*.bench.js in turn (each exports `main`, or `{ main }`, which prints its own results) and ends
// with a table of how each went, and writes every recorded figure with the machine's load as JSON to
// bench/results.json, or to the path after --json. Run: npm run bench (builds first), or
// node bench/run.js [name-filter] [--json <path>]
const fs = require('node:fs');
const path = require('node:path');
const { figures, machine, loadLine } = require('./figures.js');

async function runOne(file) {
  const loaded = require(path.join(__dirname, file));
  const main = typeof loaded === 'function' ? loaded : loaded.main;
  if (typeof main !== 'function') throw new Error('exports no main function');
  await main();
}

async function run() {
  const argv = process.argv.slice(2);
  const jsonAt = argv.indexOf('--json');
  const jsonPath = jsonAt === -1 ? path.join(__dirname, 'results.json') : path.resolve(argv[jsonAt + 1] ?? 'bench-results.json');
  if (jsonAt !== -1) argv.splice(jsonAt, 2);
  const filter = argv[0] ?? '';
  const before = machine();
  console.log(`machine at the start: ${loadLine()}`);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.js') && f.includes(filter)).sort();
  const summary = [];
  for (const file of files) {
    console.log(`\n=== ${file} ===`);
    const start = process.hrtime.bigint();
    let status = 'ok';
    try {
      await runOne(file);
    } catch (error) {
      status = `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      console.log(status);
    }
    summary.push([file, status, `${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`]);
  }
  const width = Math.max(...summary.map(([f]) => f.length), 'bench'.length);
  console.log(`\n${'bench'.padEnd(width)}  time     status`);
  for (const [file, status, time] of summary) console.log(`${file.padEnd(width)}  ${time.padEnd(7)}  ${status}`);
  console.log(`machine at the end: ${loadLine()}`);
  const results = { date: new Date().toISOString(), machine: { start: before, end: machine() }, benches: summary.map(([file, status, time]) => ({ file, status, time })), figures };
  fs.writeFileSync(jsonPath, JSON.stringify(results, null, 2) + '\n');
  console.log(`figures written to ${path.relative(process.cwd(), jsonPath) || jsonPath}`);
  if (summary.some(([, status]) => status !== 'ok')) process.exitCode = 1;
}

run();
