import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_FILE_NAME, engineIdentity, LintCache, stableJson } from '@pipelint/engine/internal/cli/cache.js';
import { lintTargets, resolveTargets, type LintSettings } from '@pipelint/engine/internal/cli/lint-run.js';
import { packageVersion } from '@pipelint/engine/internal/cli/main.js';
import type { CliIO } from '@pipelint/engine/internal/cli/io.js';
import { clearConfigCache, loadConfigForFile } from '@pipelint/engine/internal/core/config-load.js';
import { faultyFs, makeTree, removeTree, REPO_ROOT, run } from './helpers.js';

/** Flagged by unguarded-ddl (a hint, with a safe fix); the guarded twin is clean. */
const UNGUARDED = 'CREATE TABLE staging_orders (id int);\n';
const GUARDED = 'CREATE TABLE IF NOT EXISTS staging_orders (id int);\n';
/** Flagged by blind-insert (a warning). */
const BLIND = 'INSERT INTO ledger SELECT * FROM ledger_staging;\n';

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-cache-')));
}

interface JsonFile {
  filePath: string;
  findings: { ruleId: string; line: number; column: number; message: string }[];
}

function ruleIds(stdout: string): Record<string, string[]> {
  return Object.fromEntries((JSON.parse(stdout) as JsonFile[]).map((f) => [path.basename(f.filePath), f.findings.map((x) => `${x.ruleId}:${x.line}:${x.column}`)]));
}

describe('pipelint --cache', () => {
  let cacheDir: string;
  let tree: string;
  beforeEach(() => {
    cacheDir = tempDir();
    tree = '';
  });
  afterEach(() => {
    removeTree(cacheDir);
    if (tree !== '') removeTree(tree);
  });

  it('gives the same JSON report as an uncached run on the fixtures and examples, cold and warm', async function () {
    this.timeout(60_000);
    const paths = ['test/fixtures/corpus', 'test/fixtures/ts-corpus', 'examples'];
    const plain = await run(['--format', 'json', ...paths], { cwd: REPO_ROOT });
    const cached = ['--format', 'json', '--cache', '--cache-location', cacheDir + '/', ...paths];
    const cold = await run(cached, { cwd: REPO_ROOT });
    const cacheFile = path.join(cacheDir, CACHE_FILE_NAME);
    const written = fs.statSync(cacheFile);
    const warm = await run(cached, { cwd: REPO_ROOT });
    assert.ok((JSON.parse(plain.stdout) as JsonFile[]).length > 100);
    assert.equal(cold.stdout, plain.stdout);
    assert.equal(warm.stdout, plain.stdout);
    assert.deepEqual([cold.code, warm.code, cold.stderr, warm.stderr], [plain.code, plain.code, plain.stderr, plain.stderr]);
    // Nothing changed, so the warm run did not rewrite the cache.
    assert.equal(fs.statSync(cacheFile).mtimeMs, written.mtimeMs);
  });

  it('does not lint an unchanged file again: the recorded result is what it reports', async () => {
    tree = makeTree({ 'load.sql': BLIND });
    const file = path.join(tree, 'load.sql');
    const cacheFile = path.join(cacheDir, 'results.json');
    const identity = engineIdentity(packageVersion());
    const cache = LintCache.open(cacheFile, { identity, cwd: tree, fs, notices: { write: () => true } });
    // A result no lint of this text produces: reported only if the file is not linted again.
    const recorded = JSON.parse(
      (await run(['--format', 'json', '--dialect', 'postgres', 'load.sql'], { cwd: tree })).stdout,
    ) as { messages?: unknown; findings: { ruleId: string; message: string }[] }[];
    assert.equal(recorded[0].findings[0].ruleId, 'blind-insert');
    clearConfigCache();
    const { config } = loadConfigForFile(file, { dialect: 'postgres' });
    const finding = { ruleId: 'blind-insert', concept: 'idempotency', severity: 'error', message: 'served from the cache', messageId: 'x', data: {}, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 7, offset: 6 } }, origin: 'sql' };
    cache.record(file, cache.keyOf(file, config, BLIND), { language: 'sql', findings: [finding as never], suppressedCount: 0 });
    cache.save();
    const served = await run(['--dialect', 'postgres', '--cache', '--cache-location', cacheFile, '--format', 'json', 'load.sql'], { cwd: tree });
    const files = JSON.parse(served.stdout) as JsonFile[];
    assert.deepEqual(files[0].findings.map((f) => f.message), ['served from the cache']);
    assert.equal(served.code, 1);
    // Another dialect is another key: the file is linted.
    const ansi = await run(['--cache', '--cache-location', cacheFile, '--format', 'json', 'load.sql'], { cwd: tree });
    assert.notEqual((JSON.parse(ansi.stdout) as JsonFile[])[0].findings[0].message, 'served from the cache');
  });

  it('counts a hit for every unchanged file on the second run and a miss for a changed one', () => {
    tree = makeTree({ 'a.sql': BLIND, 'b.sql': GUARDED, 'c.sql': UNGUARDED });
    const settings: LintSettings = { format: 'json', quiet: false, maxWarnings: undefined, stdin: false, stdinFilename: undefined, overrides: {}, color: false, cacheFile: undefined };
    const io: CliIO = { stdout: { write: () => true }, stderr: { write: () => true }, stdin: async () => '', cwd: tree, isTTY: false, env: {}, fs };
    const cacheFile = path.join(cacheDir, 'c.json');
    const open = () => LintCache.open(cacheFile, { identity: 'test', cwd: tree, fs, notices: io.stderr });
    const first = open();
    const reports = lintTargets(resolveTargets([], settings, io), settings, io, first);
    first.save();
    assert.deepEqual([first.hits, first.misses], [0, 3]);
    fs.writeFileSync(path.join(tree, 'c.sql'), GUARDED);
    const second = open();
    const again = lintTargets(resolveTargets([], settings, io), settings, io, second);
    assert.deepEqual([second.hits, second.misses], [2, 1]);
    assert.deepEqual(again.slice(0, 2), reports.slice(0, 2));
    assert.deepEqual(again[2].findings, []);
    // Another identity (another version or build) uses none of the entries.
    second.save();
    const rebuilt = LintCache.open(cacheFile, { identity: 'test-rebuilt', cwd: tree, fs, notices: io.stderr });
    lintTargets(resolveTargets([], settings, io), settings, io, rebuilt);
    assert.deepEqual([rebuilt.hits, rebuilt.misses], [0, 3]);
  });

  it('lints again when the config changes: rules, dialect and assumeInTransaction', async () => {
    tree = makeTree({ 'load.sql': BLIND, 'ddl.sql': 'ALTER TABLE orders ADD COLUMN note text;\n' });
    const args = ['--cache', '--cache-location', path.join(cacheDir, 'x.json'), '--format', 'json'];
    const first = ruleIds((await run(args, { cwd: tree })).stdout);
    assert.deepEqual(first['load.sql'], ['blind-insert:1:1']);
    fs.writeFileSync(path.join(tree, 'pipelint.config.json'), JSON.stringify({ rules: { 'blind-insert': 'off' } }));
    assert.deepEqual(ruleIds((await run(args, { cwd: tree })).stdout)['load.sql'], []);
    fs.writeFileSync(path.join(tree, 'pipelint.config.json'), JSON.stringify({ rules: { 'blind-insert': 'error' } }));
    const severities = (JSON.parse((await run(args, { cwd: tree })).stdout) as { findings: { severity: string }[] }[])[1].findings.map((f) => f.severity);
    assert.deepEqual(severities, ['error']);
    // Dialect and assumeInTransaction: each cached run equals the uncached run of the same config.
    for (const config of [{ dialect: 'postgres' }, { dialect: 'postgres', assumeInTransaction: true }, { dialect: 'bigquery' }]) {
      fs.writeFileSync(path.join(tree, 'pipelint.config.json'), JSON.stringify(config));
      const cached = await run(args, { cwd: tree });
      const plain = await run(['--format', 'json'], { cwd: tree });
      assert.equal(cached.stdout, plain.stdout, JSON.stringify(config));
    }
    for (const dialect of ['snowflake', 'postgres']) {
      const cached = await run([...args, '--dialect', dialect], { cwd: tree });
      assert.equal(cached.stdout, (await run(['--format', 'json', '--dialect', dialect], { cwd: tree })).stdout, dialect);
    }
  });

  it('lints again when the file changes', async () => {
    tree = makeTree({ 'load.sql': BLIND });
    const args = ['--cache', '--cache-location', path.join(cacheDir, 'x.json'), '--format', 'json'];
    assert.deepEqual(ruleIds((await run(args, { cwd: tree })).stdout), { 'load.sql': ['blind-insert:1:1'] });
    fs.writeFileSync(path.join(tree, 'load.sql'), `-- the staging table\n${BLIND}`);
    assert.deepEqual(ruleIds((await run(args, { cwd: tree })).stdout), { 'load.sql': ['blind-insert:2:1'] });
    fs.writeFileSync(path.join(tree, 'load.sql'), GUARDED);
    const clean = await run(args, { cwd: tree });
    assert.deepEqual([ruleIds(clean.stdout), clean.code], [{ 'load.sql': [] }, 0]);
  });

  it('ignores a damaged cache file with a notice, reports as without it, and rewrites it', async () => {
    tree = makeTree({ 'load.sql': BLIND, 'ddl.sql': UNGUARDED });
    const cacheFile = path.join(cacheDir, 'x.json');
    const args = ['--cache', '--cache-location', cacheFile];
    const plain = await run([], { cwd: tree });
    fs.writeFileSync(cacheFile, '{"format": 1, "identity": "tru');
    const damaged = await run(args, { cwd: tree });
    assert.deepEqual([damaged.code, damaged.stdout], [plain.code, plain.stdout]);
    assert.equal(damaged.stderr, 'pipelint: the cache file x.json is damaged (not JSON); ignoring it and linting every file\n'.replace('x.json', cacheFile));
    const again = await run(args, { cwd: tree });
    assert.deepEqual([again.code, again.stdout, again.stderr], [plain.code, plain.stdout, '']);
    // One entry altered on disk: its digest no longer matches, so that file is linted again.
    const content = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { result: string }> };
    const entry = content.entries[path.join(tree, 'load.sql')];
    entry.result = entry.result.replace('blind-insert', 'relative-update');
    fs.writeFileSync(cacheFile, JSON.stringify(content));
    const altered = await run(args, { cwd: tree });
    assert.deepEqual([altered.code, altered.stdout], [plain.code, plain.stdout]);
    assert.match(altered.stderr, /^pipelint: 1 entry of the cache file .* is damaged; that file is linted again\n$/);
    fs.writeFileSync(cacheFile, '[1, 2]');
    const foreign = await run(args, { cwd: tree });
    assert.deepEqual([foreign.code, foreign.stdout], [plain.code, plain.stdout]);
    assert.match(foreign.stderr, /is not a pipelint cache of this format; ignoring it/);
  });

  it('reports as without the cache when the cache file cannot be read or written', async () => {
    tree = makeTree({ 'load.sql': BLIND });
    const cacheFile = path.join(cacheDir, 'x.json');
    const args = ['--cache', '--cache-location', cacheFile];
    const plain = await run([], { cwd: tree });
    await run(args, { cwd: tree });
    const unreadable = await run(args, { cwd: tree, fs: faultyFs((call, file) => (call === 'readFileSync' && file === cacheFile ? 'EACCES' : null)) });
    assert.deepEqual([unreadable.code, unreadable.stdout], [plain.code, plain.stdout]);
    assert.equal(unreadable.stderr, `pipelint: cannot read the cache file ${cacheFile} (EACCES: permission denied); linting every file\n`);
    fs.rmSync(cacheFile);
    const full = await run(args, { cwd: tree, fs: faultyFs((call, file) => (call === 'writeFileSync' && file.startsWith(cacheFile) ? 'ENOSPC' : null)) });
    assert.deepEqual([full.code, full.stdout], [plain.code, plain.stdout]);
    assert.equal(full.stderr, `pipelint: cannot write the cache file ${cacheFile} (ENOSPC: no space left on device); the results were not cached\n`);
    assert.deepEqual(fs.readdirSync(cacheDir), []);
  });

  it('records the fixed text after --fix, so the next run reports what is on disk', async () => {
    tree = makeTree({ 'ddl.sql': UNGUARDED, 'load.sql': BLIND });
    const cacheFile = path.join(cacheDir, 'x.json');
    const args = ['--cache', '--cache-location', cacheFile, '--format', 'json'];
    const before = ruleIds((await run(args, { cwd: tree })).stdout);
    assert.deepEqual(before['ddl.sql'], ['unguarded-ddl:1:1']);
    const fixed = await run([...args, '--fix'], { cwd: tree });
    assert.equal(fs.readFileSync(path.join(tree, 'ddl.sql'), 'utf8'), GUARDED);
    assert.deepEqual(ruleIds(fixed.stdout), { 'ddl.sql': [], 'load.sql': ['blind-insert:1:1'] });
    const content = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { key: string }> };
    const probe = LintCache.open(cacheFile, { identity: engineIdentity(packageVersion()), cwd: tree, fs, notices: { write: () => true } });
    clearConfigCache();
    const ddl = path.join(tree, 'ddl.sql');
    assert.equal(content.entries[ddl].key, probe.keyOf(ddl, loadConfigForFile(ddl).config, GUARDED));
    const after = await run(args, { cwd: tree });
    assert.equal(after.stdout, (await run(['--format', 'json'], { cwd: tree })).stdout);
  });

  it('leaves the cache alone for --stdin', async () => {
    tree = makeTree({ 'load.sql': BLIND });
    const cacheFile = path.join(cacheDir, 'x.json');
    const args = ['--cache', '--cache-location', cacheFile, '--format', 'json'];
    await run(args, { cwd: tree });
    const before = fs.readFileSync(cacheFile, 'utf8');
    const piped = await run([...args, '--stdin', '--stdin-filename', 'load.sql'], { cwd: tree, stdin: GUARDED });
    assert.equal(piped.stdout, (await run(['--format', 'json', '--stdin', '--stdin-filename', 'load.sql'], { cwd: tree, stdin: GUARDED })).stdout);
    assert.deepEqual(ruleIds(piped.stdout), { 'load.sql': [] });
    assert.equal(fs.readFileSync(cacheFile, 'utf8'), before);
    assert.deepEqual(ruleIds((await run(args, { cwd: tree })).stdout), { 'load.sql': ['blind-insert:1:1'] });
  });

  it('puts the cache under node_modules/.cache/pipelint by default, and wants --cache for --cache-location', async () => {
    tree = makeTree({ 'load.sql': BLIND });
    const result = await run(['--cache'], { cwd: tree });
    assert.equal(result.code, 0);
    assert.ok(fs.existsSync(path.join(tree, 'node_modules', '.cache', 'pipelint', CACHE_FILE_NAME)));
    const usage = await run(['--cache-location', 'x.json'], { cwd: tree });
    assert.deepEqual([usage.code, usage.stderr], [2, "pipelint: '--cache-location' needs '--cache'\nRun 'pipelint --help' for usage.\n"]);
  });

  it('keys a config by its content, not the order of its keys', () => {
    assert.equal(stableJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: true } }), '{"a":{"c":true,"d":[1,{"e":3,"f":2}]},"b":1}');
    assert.equal(stableJson({ a: undefined, b: null }), '{"b":null}');
  });
});
