'use strict';
// Runs every seeded fuzzer (test/out/fuzz/*.fuzz.js, each exporting run(cases, seed)) with large counts, each in its
// own process so a hang can be stopped, prints cases, failures, crashes and hangs, and saves every failing input under
// test/fixtures/fuzz-regressions/ for the mocha replay test. Run: npm run fuzz [-- [name-filter] [--seed=N]
// [--cases=N] [--timeout-minutes=N]]. Exits 1 when anything failed.
const { fork } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const FUZZ_DIR = path.join(__dirname, 'out', 'fuzz');
const REGRESSIONS = path.join(__dirname, 'fixtures', 'fuzz-regressions');
/** The counts `npm run fuzz` promises; a fuzzer not named here runs DEFAULT_CASES. */
const CASES = { engine: 100_000, lsp: 10_000, 'cli-faults': 1_000, python: 20_000 };
const DEFAULT_CASES = 1_000;
const MAX_SAVED = 20;

function option(args, name) {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? undefined : found.slice(name.length + 3);
}

/** Worker mode: run one fuzzer and send its result to the parent. */
async function worker(file, cases, seed) {
  const loaded = require(file);
  const result = await loaded.run(cases, seed);
  process.send({ cases: result.cases, failures: result.failures }, () => process.exit(0));
}

function runInChild(file, cases, seed, timeoutMs) {
  return new Promise((resolve) => {
    const child = fork(__filename, ['--worker', file, String(cases), String(seed)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result = null;
    const timer = setTimeout(() => {
      result = { cases: 0, failures: [`hang: the fuzzer did not finish within ${Math.round(timeoutMs / 60000)} minutes (seed ${seed})\nnull`] };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (message) => (result ??= message));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(result ?? { cases: 0, failures: [`crash: the fuzzer process ended with ${signal ?? code} before reporting (seed ${seed})\nnull`] });
    });
  });
}

/** Saves a failure as {fuzzer, seed, problem, input}; its name is a hash of the input, so a repeat is saved once. */
function save(name, seed, failure) {
  const newline = failure.indexOf('\n');
  const problem = newline < 0 ? failure : failure.slice(0, newline);
  let input = null;
  try {
    input = newline < 0 ? null : JSON.parse(failure.slice(newline + 1));
  } catch {
    input = null;
  }
  if (input === null) return null;
  fs.mkdirSync(REGRESSIONS, { recursive: true });
  const hash = crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 12);
  const file = path.join(REGRESSIONS, `${name}-${hash}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ fuzzer: name, seed, problem, input }, null, 2)}\n`);
  return path.relative(process.cwd(), file);
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--worker') return worker(args[1], Number(args[2]), Number(args[3]));
  const filter = args.find((a) => !a.startsWith('--')) ?? '';
  const seed = Number(option(args, 'seed') ?? Date.now() % 2_147_483_647);
  const forcedCases = option(args, 'cases');
  const timeoutMs = Number(option(args, 'timeout-minutes') ?? 90) * 60_000;
  const files = fs.existsSync(FUZZ_DIR) ? fs.readdirSync(FUZZ_DIR).filter((f) => f.endsWith('.fuzz.js') && f.includes(filter)).sort() : [];
  if (files.length === 0) {
    console.error(`no fuzzers in ${path.relative(process.cwd(), FUZZ_DIR)} match "${filter}"; build first (npm run build)`);
    process.exit(2);
  }
  console.log(`fuzzing with seed ${seed} (repeat with --seed=${seed})`);
  const rows = [];
  const started = Date.now();
  for (const file of files) {
    const name = file.replace(/\.fuzz\.js$/, '');
    const cases = Number(forcedCases ?? CASES[name] ?? DEFAULT_CASES);
    const t0 = Date.now();
    console.log(`\n${name}: ${cases.toLocaleString('en-US')} cases...`);
    const result = await runInChild(path.join(FUZZ_DIR, file), cases, seed, timeoutMs);
    const seconds = (Date.now() - t0) / 1000;
    const hangs = result.failures.filter((f) => f.startsWith('hang')).length;
    const crashes = result.failures.filter((f) => /^(crash|threw|server died)/.test(f)).length;
    const saved = [];
    for (const failure of result.failures.slice(0, MAX_SAVED)) {
      console.log(`  FAIL ${failure.split('\n')[0].slice(0, 300)}`);
      const file = save(name, seed, failure);
      if (file !== null) saved.push(file);
    }
    if (saved.length > 0) console.log(`  saved ${saved.length} regression case(s): ${saved.join(', ')}`);
    rows.push({ name, cases: result.cases, failures: result.failures.length, crashes, hangs, seconds });
    console.log(`  ${result.cases.toLocaleString('en-US')} cases, ${result.failures.length} failures (${crashes} crashes, ${hangs} hangs) in ${seconds.toFixed(1)} s`);
  }
  const width = Math.max(...rows.map((r) => r.name.length), 'fuzzer'.length);
  console.log(`\n${'fuzzer'.padEnd(width)}  ${'cases'.padStart(9)}  failures  crashes  hangs  time`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${r.cases.toLocaleString('en-US').padStart(9)}  ${String(r.failures).padStart(8)}  ${String(r.crashes).padStart(7)}  ${String(r.hangs).padStart(5)}  ${r.seconds.toFixed(1)} s`);
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}`);
  if (rows.some((r) => r.failures > 0)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
