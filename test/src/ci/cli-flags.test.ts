import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBaseline } from '@pipelint/engine/internal/cli/baseline.js';
import { makeTree, removeTree, REPO_ROOT, run } from '../cli/helpers.js';
import { git, initRepo, sarifSchemaErrors } from './helpers.js';

const LEGACY = 'INSERT INTO orders VALUES (1);\nDROP TABLE old_orders;\n';

interface SarifResult {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }>;
}

function sarifResults(stdout: string): SarifResult[] {
  return (JSON.parse(stdout) as { runs: Array<{ results: SarifResult[] }> }).runs[0].results;
}

function findingLines(stdout: string): string[] {
  return [...stdout.matchAll(/^\s+(\d+:\d+)\s+\w+\s+.*?\s(\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe('pipelint --fix', () => {
  let root: string;
  beforeEach(() => (root = makeTree({ 'load.sql': LEGACY })));
  afterEach(() => removeTree(root));

  it('applies the safe fix on disk and reports only the findings left', async () => {
    const out = await run(['--fix', 'load.sql'], { cwd: root });
    assert.equal(fs.readFileSync(path.join(root, 'load.sql'), 'utf8'), 'INSERT INTO orders VALUES (1);\nDROP TABLE IF EXISTS old_orders;\n');
    assert.deepEqual(findingLines(out.stdout), ['1:1 blind-insert']);
    assert.equal(out.stderr, 'pipelint: fixed 1 problem in 1 file\n');
    assert.equal(out.code, 0);
  });

  it('prints the fix as a unified diff with --fix-dry-run, changes nothing and exits 1', async () => {
    const out = await run(['--fix-dry-run', 'load.sql'], { cwd: root });
    assert.equal(
      out.stdout,
      ['--- a/load.sql', '+++ b/load.sql', '@@ -1,2 +1,2 @@', ' INSERT INTO orders VALUES (1);', '-DROP TABLE old_orders;', '+DROP TABLE IF EXISTS old_orders;', ''].join('\n'),
    );
    assert.equal(out.stderr, 'pipelint: --fix would fix 1 problem in 1 file\n');
    assert.equal(out.code, 1);
    assert.equal(fs.readFileSync(path.join(root, 'load.sql'), 'utf8'), LEGACY);
  });

  it('writes the --fix-dry-run diff to --output-file when given', async () => {
    const out = await run(['--fix-dry-run', '-o', 'fix.patch', 'load.sql'], { cwd: root });
    assert.deepEqual([out.code, out.stdout], [1, '']);
    assert.match(fs.readFileSync(path.join(root, 'fix.patch'), 'utf8'), /^\+DROP TABLE IF EXISTS old_orders;$/m);
  });

  it('exits 0 from --fix-dry-run when there is nothing to fix', async () => {
    fs.writeFileSync(path.join(root, 'load.sql'), 'DROP TABLE IF EXISTS old_orders;\n');
    const out = await run(['--fix-dry-run', 'load.sql'], { cwd: root });
    assert.deepEqual([out.code, out.stdout, out.stderr], [0, '', 'pipelint: no safe fixes to apply\n']);
  });

  it('refuses to fix standard input or to combine --fix with --fix-dry-run', async () => {
    const stdin = await run(['--fix', '--stdin'], { cwd: root, stdin: LEGACY });
    assert.equal(stdin.code, 2);
    assert.match(stdin.stderr, /^pipelint: '--fix' changes files on disk; it cannot fix standard input\n/);
    const both = await run(['--fix', '--fix-dry-run', 'load.sql'], { cwd: root });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^pipelint: use either '--fix' or '--fix-dry-run'\n/);
  });
});

describe('pipelint --write-baseline and --baseline', () => {
  let root: string;
  beforeEach(() => (root = makeTree({ 'warehouse/load.sql': LEGACY })));
  afterEach(() => removeTree(root));
  const baselineFile = (): string => path.join(root, 'pipelint-baseline.json');

  it('records today\'s findings and then reports only new ones, wherever the old ones moved', async () => {
    const write = await run(['--write-baseline', 'pipelint-baseline.json'], { cwd: root });
    assert.deepEqual([write.code, write.stdout, write.stderr], [0, '', 'pipelint: wrote 2 entries to pipelint-baseline.json\n']);
    const entries = parseBaseline(fs.readFileSync(baselineFile(), 'utf8'), 'b').entries;
    assert.deepEqual(entries.map((e) => [e.file, e.rule, e.snippet]), [
      ['warehouse/load.sql', 'blind-insert', 'INSERT INTO orders VALUES (1);'],
      ['warehouse/load.sql', 'unguarded-ddl', 'DROP TABLE old_orders;'],
    ]);

    fs.writeFileSync(path.join(root, 'warehouse/load.sql'), `-- nightly\nINSERT INTO refunds VALUES (2);\n${LEGACY}`);
    const later = await run(['--baseline', 'pipelint-baseline.json'], { cwd: root });
    assert.deepEqual(findingLines(later.stdout), ['2:1 blind-insert']);
    assert.equal(later.stderr, 'pipelint: 2 findings recorded in pipelint-baseline.json not shown\n');
  });

  it('says how many entries no longer occur, and prunes them on rewrite while keeping reasons', async () => {
    await run(['--write-baseline', 'pipelint-baseline.json'], { cwd: root });
    const json = JSON.parse(fs.readFileSync(baselineFile(), 'utf8')) as { entries: Array<{ rule: string; reason?: string }> };
    json.entries[0].reason = 'orders is rebuilt from scratch every night';
    fs.writeFileSync(baselineFile(), JSON.stringify(json));
    fs.writeFileSync(path.join(root, 'warehouse/load.sql'), 'INSERT INTO orders VALUES (1);\n');

    const check = await run(['--baseline', 'pipelint-baseline.json', '-f', 'json'], { cwd: root });
    assert.equal(check.code, 0);
    assert.equal(check.stderr, 'pipelint: 1 finding recorded in pipelint-baseline.json not shown\npipelint: 1 baseline entry no longer occurs; run --write-baseline to prune it\n');

    await run(['--write-baseline', 'pipelint-baseline.json'], { cwd: root });
    const rewritten = parseBaseline(fs.readFileSync(baselineFile(), 'utf8'), 'b').entries;
    assert.deepEqual(rewritten.map((e) => [e.rule, e.reason]), [['blind-insert', 'orders is rebuilt from scratch every night']]);
  });

  it('fails with exit 2 when the baseline file is missing or the flags are combined', async () => {
    const missing = await run(['--baseline', 'nope.json'], { cwd: root });
    assert.deepEqual([missing.code, missing.stderr], [2, 'pipelint: baseline nope.json does not exist; create it with --write-baseline nope.json\n']);
    const both = await run(['--baseline', 'b.json', '--write-baseline', 'b.json'], { cwd: root });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /use '--write-baseline' alone/);
  });
});

describe('SARIF fingerprints from the command line', () => {
  let root: string;
  beforeEach(() => (root = makeTree({ 'load.sql': LEGACY })));
  afterEach(() => removeTree(root));

  it('validate against the SARIF schema and survive lines added above the finding', async () => {
    const before = sarifResults((await run(['-f', 'sarif', 'load.sql'], { cwd: root })).stdout);
    fs.writeFileSync(path.join(root, 'load.sql'), `-- a header\n\n${LEGACY}`);
    const out = await run(['-f', 'sarif', 'load.sql'], { cwd: root });
    assert.equal(sarifSchemaErrors(JSON.parse(out.stdout), REPO_ROOT), null);
    const after = sarifResults(out.stdout);
    assert.deepEqual(after.map((r) => r.locations[0].physicalLocation.region.startLine), [3, 4]);
    assert.deepEqual(after.map((r) => r.partialFingerprints), before.map((r) => r.partialFingerprints));
    assert.match(after[0].partialFingerprints['pipelint/v1'], /^[0-9a-f]{32}$/);
  });

  it('match the baseline entry of the same finding, also for a new copy of baselined code', async () => {
    const insert = 'INSERT INTO orders VALUES (1);\n';
    fs.writeFileSync(path.join(root, 'load.sql'), insert);
    await run(['--write-baseline', 'b.json'], { cwd: root });
    fs.writeFileSync(path.join(root, 'load.sql'), insert + insert);
    const all = sarifResults((await run(['-f', 'sarif', 'load.sql'], { cwd: root })).stdout);
    const fresh = sarifResults((await run(['-f', 'sarif', '--baseline', 'b.json', 'load.sql'], { cwd: root })).stdout);
    const recorded = parseBaseline(fs.readFileSync(path.join(root, 'b.json'), 'utf8'), 'b').entries[0].fingerprint;
    assert.equal(all[0].partialFingerprints['pipelint/v1'], recorded);
    assert.equal(fresh.length, 1);
    assert.equal(fresh[0].locations[0].physicalLocation.region.startLine, 2);
    assert.equal(fresh[0].partialFingerprints['pipelint/v1'], all[1].partialFingerprints['pipelint/v1']);
  });
});

describe('embedded SQL in TypeScript, from the command line', () => {
  const JOB = [
    "import { Client } from 'pg';",
    '',
    'export async function load(db: Client): Promise<void> {',
    '  await db.query(`',
    '    INSERT INTO orders VALUES (1)`);',
    "  await db.query('DROP TABLE old_orders');",
    '}',
    '',
  ].join('\n');
  let root: string;
  beforeEach(() => (root = makeTree({ 'jobs/load.ts': JOB })));
  afterEach(() => removeTree(root));

  it('reports SARIF regions where the SQL sits in the TypeScript file', async () => {
    const results = sarifResults((await run(['-f', 'sarif', 'jobs/load.ts'], { cwd: root })).stdout);
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startColumn]),
      [
        ['blind-insert', 5, 5],
        ['unguarded-ddl', 6, 19],
      ],
    );
  });

  it('applies the fix inside the string literal with --fix', async () => {
    const out = await run(['--fix', 'jobs/load.ts'], { cwd: root });
    assert.equal(fs.readFileSync(path.join(root, 'jobs/load.ts'), 'utf8'), JOB.replace('DROP TABLE old_orders', 'DROP TABLE IF EXISTS old_orders'));
    assert.deepEqual(findingLines(out.stdout), ['5:5 blind-insert']);
  });
});

describe('pipelint --changed and --changed-since', () => {
  let root: string;
  before(() => {
    root = makeTree({ 'old.sql': LEGACY, 'README.md': 'INSERT INTO orders VALUES (1);\n' });
    initRepo(root);
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'legacy');
    git(root, 'checkout', '-q', '-b', 'feature');
    fs.writeFileSync(path.join(root, 'branch.sql'), 'INSERT INTO branch VALUES (1);\n');
    git(root, 'add', 'branch.sql');
    git(root, 'commit', '-q', '-m', 'branch');
    fs.writeFileSync(path.join(root, 'new.sql'), 'INSERT INTO fresh VALUES (1);\n');
  });
  after(() => removeTree(root));

  it('lints only the files changed against HEAD', async () => {
    const out = await run(['--changed', '-f', 'json'], { cwd: root });
    assert.deepEqual((JSON.parse(out.stdout) as Array<{ filePath: string }>).map((f) => f.filePath), ['new.sql']);
  });

  it('adds the files changed on the branch since it forked from the ref', async () => {
    const out = await run(['--changed-since', 'main', '-f', 'json'], { cwd: root });
    assert.deepEqual((JSON.parse(out.stdout) as Array<{ filePath: string }>).map((f) => f.filePath), ['branch.sql', 'new.sql']);
  });

  it('takes the ref inline as --changed=<ref>', async () => {
    const out = await run(['--changed=main', '-f', 'json'], { cwd: root });
    assert.deepEqual((JSON.parse(out.stdout) as Array<{ filePath: string }>).map((f) => f.filePath), ['branch.sql', 'new.sql']);
  });

  it('reads the argument after a bare --changed as a path, not a ref', async () => {
    const out = await run(['--changed', 'main', '-f', 'json'], { cwd: root });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /main/);
  });

  it('rejects an empty inline ref', async () => {
    const out = await run(['--changed='], { cwd: root });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /'--changed=' needs a value <ref>/);
  });

  it('keeps to the paths given on the command line', async () => {
    const out = await run(['--changed-since', 'main', '-f', 'json', 'old.sql', 'new.sql'], { cwd: root });
    assert.deepEqual((JSON.parse(out.stdout) as Array<{ filePath: string }>).map((f) => f.filePath), ['new.sql']);
  });

  it('reports an unknown ref as a usage error', async () => {
    const out = await run(['--changed-since', 'origin/develop'], { cwd: root });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /^pipelint: unknown git ref "origin\/develop"/);
  });
});
