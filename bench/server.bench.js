'use strict';
// Language server latency: start to `initialize` answered, edit to fresh diagnostics on large SQL and
// TypeScript files (debounce set to 0 through settings), and hover. Run: node bench/server.bench.js
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { HoverRequest } = require('vscode-languageserver-protocol/node');
const { LspTestClient, pathToUri, REPO_ROOT } = require('../test/out/server/lsp-client.js');
const { lintText } = require('@pipelint/engine');
const { firstAndMedian, recordSamples } = require('./figures.js');

const SQL_BLOCK = [
  '-- daily rollup',
  'INSERT INTO analytics.daily_orders (order_date, total)',
  'SELECT order_date, sum(amount)',
  'FROM raw.orders',
  "WHERE order_date = '2024-06-01'",
  'GROUP BY order_date;',
  'UPDATE analytics.customer_totals SET lifetime_value = lifetime_value + 1 WHERE customer_id = 42;',
  'CREATE TABLE IF NOT EXISTS analytics.events (event_id bigint, event_ts timestamp);',
  'SELECT a.id, b.name FROM a JOIN b ON a.id = b.id WHERE a.ts > now() - interval \'1 day\';',
  '',
];

const TS_BLOCK = (i) => [
  `export async function load${i}(db: { query(sql: string): Promise<unknown> }, rows: string[]): Promise<void> {`,
  `  await db.query(\`INSERT INTO t${i} VALUES (1)\`);`,
  '  await Promise.all(rows.map((row) => fetch(`https://example.com/${row}`)));',
  '  for (const row of rows) {',
  '    console.log(row.length);',
  '  }',
  '}',
  '',
];

function linesOf(block, count) {
  const out = [];
  for (let i = 0; out.length < count; i++) out.push(...(typeof block === 'function' ? block(i) : block));
  return out.slice(0, count).join('\n') + '\n';
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n) => `${n.toFixed(1)} ms`;

/** Node's own start-up on this machine, to read the server numbers against. */
function bareNode(runs) {
  const { execFileSync } = require('node:child_process');
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, ['-e', '0']);
    times.push(ms(start));
  }
  return median(times);
}

async function startup(serverPath, runs, name, env = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const times = [];
  try {
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const client = new LspTestClient({ rootPath: os.tmpdir(), serverPath });
      await client.initialize();
      times.push(ms(start));
      await client.shutdown();
    }
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  return recordSamples(name, times);
}

/**
 * The first hover of a fresh server, as a user meets it: open a file, see its squiggles, rest the mouse on
 * one a moment later. Each run is a new server, so every sample is a first hover; the warm median follows.
 */
async function freshHover(dir, runs, uriName, languageId, text) {
  const firsts = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const client = new LspTestClient({ rootPath: dir });
    client.settings = { debounceMs: 0 };
    await client.initialize();
    const uri = pathToUri(path.join(dir, uriName));
    await client.open(uri, languageId, text);
    const published = await client.diagnosticsOfVersion(uri, 1);
    if (published.diagnostics.length === 0) throw new Error(`no finding to hover over in ${uriName}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const position = published.diagnostics[0].range.start;
    for (let j = 0; j < 11; j++) {
      const start = process.hrtime.bigint();
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      (j === 0 ? firsts : warm).push(ms(start));
      if (hover === null) throw new Error('no hover card');
    }
    await client.shutdown();
  }
  return { first: recordSamples(`server.hover.first.${languageId}`, firsts), warm: recordSamples(`server.hover.warm.${languageId}`, warm) };
}

async function editLatency(client, uri, languageId, text, edits) {
  await client.open(uri, languageId, text);
  await client.diagnosticsOfVersion(uri, 1);
  const times = [];
  let findings = 0;
  for (let i = 0; i < edits; i++) {
    const start = process.hrtime.bigint();
    const version = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: i % 2 === 0 ? ' ' : '' }]);
    const published = await client.diagnosticsOfVersion(uri, version);
    times.push(ms(start));
    findings = published.diagnostics.length;
  }
  return { median: median(times), findings };
}

/** The engine alone on the same text, so the server's own share of an edit's latency shows. */
function lintOnly(text, filename, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    lintText(text, { filename });
    times.push(ms(start));
  }
  return median(times);
}

async function hoverLatency(client, uri, runs) {
  const diagnostics = client.published.get(uri).diagnostics;
  if (diagnostics.length === 0) return null;
  const position = diagnostics[diagnostics.length - 1].range.start;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    times.push(ms(start));
  }
  // The first hover is what a user waits for: it is recorded apart from the warm median.
  return recordSamples('server.hover', times);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-bench-'));
  const bundled = path.join(REPO_ROOT, 'dist/server.js');
  console.log('language server');
  console.log(`  bare \`node -e 0\` start-up, for reference:            ${fmt(bareNode(5))}`);
  const ready = await startup(undefined, 7, 'server.ready.bin');
  console.log(`  spawn to initialize answered (bin, its bundle):     ${firstAndMedian(ready)}   target <= 300 ms`);
  const unbundled = await startup(undefined, 7, 'server.ready.modules', { PIPELINT_NO_BUNDLE: '1' });
  console.log(`  spawn to initialize answered (compiled modules):    ${firstAndMedian(unbundled)}`);
  if (fs.existsSync(bundled)) console.log(`  spawn to initialize answered (dist/ vsix bundle):   ${firstAndMedian(await startup(bundled, 5, 'server.ready.vsix'))}`);
  const sqlHover = await freshHover(dir, 5, 'fresh.sql', 'sql', linesOf(SQL_BLOCK, 50));
  console.log(`  first hover of a fresh server, SQL (5 servers):     ${firstAndMedian(sqlHover.first)}   target <= 5 ms`);
  console.log(`    later hovers:                                     ${firstAndMedian(sqlHover.warm)}`);
  const tsHover = await freshHover(dir, 3, 'fresh.ts', 'typescript', linesOf(TS_BLOCK, 50));
  console.log(`  first hover of a fresh server, TS (3 servers):      ${firstAndMedian(tsHover.first)}   target <= 5 ms`);

  const client = new LspTestClient({ rootPath: dir });
  client.settings = { debounceMs: 0 };
  await client.initialize();
  const sqlUri = pathToUri(path.join(dir, 'big.sql'));
  const sqlText = linesOf(SQL_BLOCK, 5000);
  const sql = await editLatency(client, sqlUri, 'sql', sqlText, 20);
  console.log(`  edit to diagnostics, 5,000-line SQL (${sql.findings} findings): ${fmt(sql.median)}   target < 20 ms + debounce`);
  console.log(`    of which lintText alone:                          ${fmt(lintOnly(sqlText, 'big.sql', 5))}`);
  const tsUri = pathToUri(path.join(dir, 'big.ts'));
  const tsText = linesOf(TS_BLOCK, 2000);
  const ts = await editLatency(client, tsUri, 'typescript', tsText, 20);
  console.log(`  edit to diagnostics, 2,000-line TS (${ts.findings} findings):  ${fmt(ts.median)}`);
  console.log(`    of which lintText alone:                          ${fmt(lintOnly(tsText, 'big.ts', 5))}`);
  const hover = (await hoverLatency(client, sqlUri, 50)) ?? (await hoverLatency(client, tsUri, 50));
  console.log(hover === null ? '  hover: no finding to hover over' : `  hover over a finding: ${firstAndMedian(hover)}   target < 5 ms, the first included`);
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = main;
if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
