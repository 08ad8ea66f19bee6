import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findMirror, mirrorsRoot } from '@pipelint/engine/internal/soak/mirror.js';
import { chunkFiles } from '@pipelint/engine/internal/soak/run.js';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';
import { git, initRepo, removeDir, tempDir } from '../ci/helpers.js';
import { makeMirror, readJson, runSoak, writeJson, writeTree } from './helpers.js';

const CHECKOUT = path.resolve(__dirname, '..', '..', '..');
const REPO = 'acme/pipes';

/**
 * Three findings under models/ with the current build (unguarded-ddl x2, blind-insert), none elsewhere:
 * not in other/, not in a non-SQL file, not in a file git archive leaves out (export-ignore).
 */
const FILES = {
  '.gitattributes': 'models/vendored.sql export-ignore\n',
  'models/vendored.sql': 'CREATE TABLE vendored (id int);\n',
  'models/setup.sql': 'CREATE TABLE events (id int);\nDROP TABLE old_events;\n',
  'models/load.sql': 'INSERT INTO orders SELECT * FROM staging_orders;\n',
  'models/window.sql': 'select id from events\n',
  'models/notes.md': 'CREATE TABLE not_sql (id int);\n',
  'other/skip.sql': 'CREATE TABLE ignored (id int);\n',
  'dbt_project.yml': 'name: pipes\n',
  // The runner's scoring is under test, not the rules' defaults: the rules that report here are pinned to warn.
  'pipelint.config.json': '{ "rules": { "blind-insert": "warn", "unguarded-ddl": "warn" } }\n',
};

interface Entry {
  repo: string;
  path: string;
  line: number;
  rule: string;
  verdict: string;
  reason: string;
}

function entry(file: string, line: number, rule: string, verdict: string): Entry {
  return { repo: REPO, path: file, line, rule, verdict, reason: `judged ${verdict} for the test` };
}

const BASE_TRIAGE: Entry[] = [
  entry('models/load.sql', 1, 'blind-insert', 'tp'),
  entry('models/load.sql', 3, 'relative-update', 'fp'),
  entry('models/setup.sql', 1, 'unguarded-ddl', 'tp'),
  entry('models/setup.sql', 2, 'unguarded-ddl', 'tp'),
  entry('models/window.sql', 1, 'wall-clock-window', 'fn'),
];

interface Summary {
  pipelint: { version: string; commit: string };
  exitCode: number;
  repositories: { repo: string; status: string; files?: number; findings?: number; reason?: string }[];
  rules: Record<string, unknown>[];
  concepts: Record<string, unknown>[];
  total: Record<string, unknown>;
  belowBar: { rule: string; precision: number; reason: string }[];
  vanished: Record<string, Entry[]>;
  untriaged: { repo: string; path: string; line: number; column: number; rule: string }[];
}

/** A rule's default severity now, and whether that makes it recommended: the runner reports both as they are. */
function severityOf(rule: string): { severity: string; recommended: boolean } {
  const severity = allRuleMetas().find((m) => m.id === rule)?.defaultSeverity ?? 'off';
  return { severity, recommended: severity === 'warn' || severity === 'error' };
}

function tally(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    findings: 0, tp: 0, fp: 0, debatable: 0, untriaged: 0, repos: 0, fnEntries: 0, fnFound: 0,
    problemsFound: 0, tpVanished: 0, fpVanished: 0, debatableVanished: 0, precision: null, recall: null, ...overrides,
  };
}

describe('npm run soak (the soak runner)', function () {
  this.timeout(60000);
  let tmp: string;
  let mirrors: string;
  let soakDir: string;
  let commit: string;

  function writeCorpus(triage: Entry[], extraRepos: object[] = []): void {
    const own = { repo: REPO, commit, category: 'dbt', warehouse: 'postgres', dialect: 'postgres', paths: ['models/**/*.sql'], note: 'a fixture' };
    writeJson(path.join(soakDir, 'manifest.json'), { repositories: [own, ...extraRepos] });
    writeJson(path.join(soakDir, 'triage.json'), { entries: triage });
  }

  function soak(...args: string[]): { code: number; stdout: string; stderr: string; summary: Summary } {
    const jsonFile = path.join(tmp, 'summary.json');
    fs.rmSync(jsonFile, { force: true });
    const run = runSoak(['--soak-dir', soakDir, '--json', jsonFile, ...args], mirrors, tmp);
    const summary = fs.existsSync(jsonFile) ? readJson<Summary>(jsonFile) : (undefined as unknown as Summary);
    return { ...run, summary };
  }

  before(() => {
    tmp = tempDir('soak');
    mirrors = path.join(tmp, 'mirrors');
    commit = makeMirror(tmp, mirrors, REPO, FILES);
  });

  beforeEach(() => {
    soakDir = path.join(tmp, `soak-${Math.random().toString(36).slice(2)}`);
  });

  after(() => removeDir(tmp));

  it('passes (exit 0) when every finding is triaged and the recommended rules are at the bar, with exact numbers', () => {
    writeCorpus(BASE_TRIAGE);
    const { code, summary, stdout } = soak();
    assert.equal(code, 0, stdout);
    assert.deepEqual(summary.repositories, [{ repo: REPO, status: 'linted', commit, files: 3, findings: 3 }]);
    assert.deepEqual(summary.rules, [
      { rule: 'blind-insert', concept: 'idempotency', severity: 'warn', recommended: true, ...tally({ findings: 1, tp: 1, repos: 1, problemsFound: 1, precision: 1 }) },
      { rule: 'relative-update', concept: 'idempotency', ...severityOf('relative-update'), ...tally({ fpVanished: 1 }) },
      { rule: 'unguarded-ddl', concept: 'idempotency', severity: 'warn', recommended: true, ...tally({ findings: 2, tp: 2, repos: 1, problemsFound: 2, precision: 1 }) },
      { rule: 'wall-clock-window', concept: 'late-data', ...severityOf('wall-clock-window'), ...tally({ fnEntries: 1, recall: 0 }) },
    ]);
    assert.deepEqual(summary.concepts, [
      { concept: 'idempotency', ...tally({ findings: 3, tp: 3, repos: 1, problemsFound: 3, fpVanished: 1, precision: 1 }) },
      { concept: 'late-data', ...tally({ fnEntries: 1, recall: 0 }) },
    ]);
    assert.deepEqual(summary.total, tally({ findings: 3, tp: 3, repos: 1, fnEntries: 1, problemsFound: 3, fpVanished: 1, precision: 1, recall: 0.75 }));
    assert.deepEqual(summary.untriaged, []);
    assert.deepEqual(summary.vanished, { tp: [], fp: [BASE_TRIAGE[1]], debatable: [] });
    const lines = stdout.split('\n');
    assert.ok(lines.includes(`  blind-insert       idempotency  warn             1      1   1   0          0          0     100.0%   0         0       -`), stdout);
    assert.ok(lines.includes(`  wall-clock-window  late-data    ${severityOf('wall-clock-window').severity}             0      0   0   0          0          0          -   1         0    0.0%`), stdout);
    assert.ok(lines.includes('  all           3      1   3   0          0          0     100.0%   1         0   75.0%'), stdout);
    assert.match(stdout, /^ {2}fp: a false alarm fixed \(1\)\n {4}acme\/pipes models\/load\.sql:3 relative-update$/m);
    assert.match(stdout, /^Result: pass \(exit 0\)$/m);
  });

  it('lints exactly what the reference command (git archive | tar -x, then the CLI on each matching file) reports', () => {
    writeCorpus(BASE_TRIAGE);
    const stubs = path.join(tmp, 'all-stubs.json');
    writeJson(path.join(soakDir, 'triage.json'), { entries: [] });
    assert.equal(soak('--untriaged', stubs).code, 1);
    const reference = path.join(tmp, 'reference');
    fs.mkdirSync(reference);
    const archive = spawnSync('git', ['--git-dir', path.join(mirrors, 'acme+pipes', 'repo'), 'archive', commit]);
    spawnSync('tar', ['-x', '-C', reference], { input: archive.stdout });
    const files = ['models/load.sql', 'models/setup.sql', 'models/window.sql'];
    const cli = spawnSync(process.execPath, [path.join(CHECKOUT, 'bin', 'pipelint.js'), '--format', 'json', '--no-color', '--dialect', 'postgres', ...files], { cwd: reference, encoding: 'utf8' });
    const expected = (JSON.parse(cli.stdout) as { filePath: string; findings: { line: number; ruleId: string; message: string }[] }[]).flatMap((f) =>
      f.findings.map((x) => ({ repo: REPO, path: f.filePath, line: x.line, rule: x.ruleId, verdict: '', reason: '', message: x.message })),
    );
    assert.equal(expected.length, 3);
    assert.deepEqual(readJson<{ entries: unknown[] }>(stubs).entries, expected);
  });

  it('fails (exit 1) on an untriaged finding and writes it as a stub to judge', () => {
    writeCorpus(BASE_TRIAGE.filter((e) => !(e.path === 'models/setup.sql' && e.line === 2)));
    const stubs = path.join(tmp, 'stubs.json');
    const { code, summary, stdout } = soak('--untriaged', stubs);
    assert.equal(code, 1);
    assert.deepEqual(summary.untriaged, [{ repo: REPO, path: 'models/setup.sql', line: 2, column: 1, rule: 'unguarded-ddl' }]);
    assert.deepEqual(readJson<{ entries: unknown[] }>(stubs).entries, [
      {
        repo: REPO, path: 'models/setup.sql', line: 2, rule: 'unguarded-ddl', verdict: '', reason: '',
        message: 'DROP TABLE fails when old_events is already gone: a re-run after a partial failure stops here.',
      },
    ]);
    assert.match(stdout, /^Untriaged findings: 1\n {2}acme\/pipes models\/setup\.sql:2:1 unguarded-ddl DROP TABLE fails/m);
    assert.match(stdout, /^Result: FAIL \(exit 1\)\n {2}1 untriaged finding$/m);
  });

  it('fails (exit 1) when a recommended rule falls under 95%, counting debatable findings against precision', () => {
    writeCorpus(BASE_TRIAGE.map((e) => (e.path === 'models/setup.sql' && e.line === 2 ? { ...e, verdict: 'debatable' } : e)));
    const { code, summary, stdout } = soak();
    assert.equal(code, 1);
    assert.deepEqual(summary.belowBar, [
      { rule: 'unguarded-ddl', precision: 0.5, reason: 'recommended (warn) at 50.0% precision, under the 95.0% bar: 1 tp, 0 fp, 1 debatable' },
    ]);
    assert.equal(summary.rules.find((r) => r.rule === 'unguarded-ddl')?.debatable, 1);
    assert.match(stdout, /^ {2}unguarded-ddl: recommended \(warn\) at 50\.0% precision/m);
  });

  it('lists a triaged true finding that is no longer reported as a lost one, and counts it against recall', () => {
    writeCorpus([...BASE_TRIAGE, entry('models/load.sql', 2, 'blind-insert', 'tp')].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line));
    const { code, summary, stdout } = soak();
    assert.equal(code, 0);
    assert.deepEqual(summary.vanished.tp, [entry('models/load.sql', 2, 'blind-insert', 'tp')]);
    assert.equal(summary.total.recall, 3 / 5);
    assert.match(stdout, /^Vanished findings \(triaged, no longer reported\): 2\n {2}tp: a true finding lost \(1\)\n {4}acme\/pipes models\/load\.sql:2 blind-insert$/m);
  });

  it('reports and skips a repository whose mirror is missing; --require-all makes it an error (exit 2)', () => {
    const ghost = { repo: 'ghost/absent', commit: 'a'.repeat(40), category: 'node', warehouse: 'other', dialect: 'ansi', paths: ['**/*.ts'], note: 'no mirror' };
    writeCorpus([...BASE_TRIAGE, { repo: 'ghost/absent', path: 'src/a.ts', line: 1, rule: 'poison-message', verdict: 'tp', reason: 'judged elsewhere' }], [ghost]);
    const skipped = soak();
    assert.equal(skipped.code, 0, skipped.stdout);
    assert.deepEqual(skipped.summary.repositories[1], { repo: 'ghost/absent', status: 'missing', reason: `no mirror: not under ${mirrors}` });
    assert.deepEqual(skipped.summary.vanished.tp, [], 'the entries of a skipped repository do not vanish');
    assert.match(skipped.stdout, /^ {2}ghost\/absent skipped: no mirror/m);
    const strict = soak('--require-all');
    assert.equal(strict.code, 2);
    assert.match(strict.stdout, /^ {2}ghost\/absent skipped: no mirror: not under .*\(an error with --require-all\)$/m);
  });

  it('reports a pinned commit the mirror lacks as a failed repository (exit 2), and still lints the others', () => {
    const other = { repo: 'acme/stale', commit: 'b'.repeat(40), category: 'node', warehouse: 'other', dialect: 'ansi', paths: ['**/*.sql'], note: 'wrong pin' };
    fs.cpSync(path.join(mirrors, 'acme+pipes'), path.join(mirrors, 'acme+stale'), { recursive: true });
    try {
      writeCorpus(BASE_TRIAGE, [other]);
      const { code, summary } = soak('--repo', 'acme/stale,acme/pipes');
      assert.equal(code, 2);
      assert.deepEqual(summary.repositories.map((r) => [r.repo, r.status]), [['acme/pipes', 'linted'], ['acme/stale', 'failed']]);
      assert.match(summary.repositories[1].reason ?? '', /lacks commit b{40}$/);
    } finally {
      removeDir(path.join(mirrors, 'acme+stale'));
    }
  });

  it('extracts and lints a tree whose mirror lacks some blobs (snapshots leave out very large files)', () => {
    const holes = 'acme/holes';
    const holesCommit = makeMirror(tmp, mirrors, holes, { 'data/big.csv': 'id\n1\n', 'models/load.sql': FILES['models/load.sql'] });
    const bare = path.join(mirrors, 'acme+holes', 'repo');
    const blob = git(bare, 'rev-parse', `${holesCommit}:data/big.csv`).trim();
    fs.rmSync(path.join(bare, 'objects', blob.slice(0, 2), blob.slice(2)));
    assert.notEqual(spawnSync('git', ['--git-dir', bare, 'archive', holesCommit], { encoding: 'utf8' }).status, 0, 'plain git archive fails');
    const own = { repo: holes, commit: holesCommit, category: 'dbt', warehouse: 'postgres', dialect: 'postgres', paths: ['models/**/*.sql'], note: 'a fixture' };
    writeJson(path.join(soakDir, 'manifest.json'), { repositories: [own] });
    writeJson(path.join(soakDir, 'triage.json'), { entries: [{ ...entry('models/load.sql', 1, 'blind-insert', 'tp'), repo: holes }] });
    const { code, summary } = soak();
    assert.deepEqual(summary.repositories.map((r) => [r.repo, r.status, r.files, r.findings]), [[holes, 'linted', 1, 1]]);
    assert.equal(code, 0);
    const work = path.join(soakDir, '.work', `acme+holes@${holesCommit.slice(0, 12)}`);
    assert.equal(fs.existsSync(path.join(work, 'data', 'big.csv')), false);
  });

  it('reuses the extracted tree, and keeps it out of git in soak/.work', () => {
    writeCorpus(BASE_TRIAGE);
    assert.match(soak().stdout, /acme\/pipes {2}linted {6}3 {9}3 {2}extracted/);
    const work = path.join(soakDir, '.work', `acme+pipes@${commit.slice(0, 12)}`);
    assert.equal(fs.readFileSync(path.join(work, 'dbt_project.yml'), 'utf8'), 'name: pipes\n', 'the whole tree is extracted');
    assert.equal(fs.existsSync(path.join(work, 'models', 'vendored.sql')), false, 'as git archive writes it');
    assert.deepEqual(fs.readdirSync(path.join(soakDir, '.work')).sort(), [`.acme+pipes@${commit.slice(0, 12)}.done`, `acme+pipes@${commit.slice(0, 12)}`]);
    assert.match(soak().stdout, /acme\/pipes {2}linted {6}3 {9}3 {2}cached tree/);
    assert.match(fs.readFileSync(path.join(CHECKOUT, '.gitignore'), 'utf8'), /^soak\/\.work\/$/m);
  });

  it('--rule narrows findings and triage to the rules named', () => {
    writeCorpus(BASE_TRIAGE);
    const { code, summary } = soak('--rule', 'unguarded-ddl');
    assert.equal(code, 0);
    assert.deepEqual(summary.rules.map((r) => [r.rule, r.findings]), [['unguarded-ddl', 2]]);
    assert.deepEqual(summary.vanished.fp, []);
  });

  it('--pipelint measures another build against the same triage, run the reference way', () => {
    const old = path.join(tmp, 'old-build');
    writeTree(old, {
      'package.json': '{ "name": "pipelint", "version": "0.0.9" }\n',
      'bin/pipelint.js': [
        "const fs = require('fs'); const path = require('path');",
        "fs.writeFileSync(path.join(__dirname, '..', 'call.json'), JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd() }));",
        "const finding = (ruleId, line, column, concept) => ({ ruleId, severity: 'warn', message: 'old', line, column, endLine: line, endColumn: column + 1, concept, docsUrl: '' });",
        "const file = (filePath, findings) => ({ filePath, language: 'sql', errorCount: 0, warningCount: findings.length, suppressedCount: 0, findings });",
        "process.stdout.write(JSON.stringify([file('models/load.sql', [finding('blind-insert', 1, 1, 'idempotency')]), file('models/window.sql', [finding('wall-clock-window', 1, 8, 'late-data')])]));",
        'process.exitCode = 1;',
      ].join('\n'),
    });
    initRepo(old);
    git(old, 'add', '-A');
    git(old, 'commit', '-q', '-m', 'old build');
    const oldCommit = git(old, 'rev-parse', 'HEAD').trim();
    writeCorpus(BASE_TRIAGE);
    const { code, summary, stdout } = soak('--pipelint', path.join(old, 'bin', 'pipelint.js'));
    assert.equal(code, 0, stdout);
    assert.deepEqual(summary.pipelint, { version: '0.0.9', commit: oldCommit, bin: path.join(old, 'bin', 'pipelint.js') });
    const call = readJson<{ args: string[]; cwd: string }>(path.join(old, 'call.json'));
    assert.deepEqual(call.args, ['--format', 'json', '--no-color', '--dialect', 'postgres', 'models/load.sql', 'models/setup.sql', 'models/window.sql']);
    assert.equal(call.cwd, path.join(soakDir, '.work', `acme+pipes@${commit.slice(0, 12)}`));
    assert.deepEqual(summary.rules.find((r) => r.rule === 'wall-clock-window'), {
      rule: 'wall-clock-window', concept: 'late-data', severity: 'warn', recommended: true,
      ...tally({ findings: 1, tp: 1, repos: 1, fnEntries: 1, fnFound: 1, problemsFound: 1, precision: 1, recall: 1 }),
    });
    assert.deepEqual(summary.vanished.tp.map((e) => `${e.path}:${e.line}`), ['models/setup.sql:1', 'models/setup.sql:2']);
    assert.equal(summary.total.recall, 2 / 4);
    assert.match(stdout, new RegExp(`^pipelint soak: pipelint 0\\.0\\.9 \\(${oldCommit.slice(0, 12)}\\)`, 'm'));
  });

  it('reports a build that crashes as a failed repository (exit 2) with its error', () => {
    const broken = path.join(tmp, 'broken-build');
    writeTree(broken, { 'bin/pipelint.js': "throw new Error('no compiled rules here');\n" });
    writeCorpus(BASE_TRIAGE);
    const { code, summary } = soak('--pipelint', path.join(broken, 'bin', 'pipelint.js'));
    assert.equal(code, 2);
    assert.deepEqual(summary.repositories, [{ repo: REPO, status: 'failed', reason: 'pipelint (exit 1) printed no JSON report: Error: no compiled rules here' }]);
    assert.deepEqual(summary.vanished.tp, [], 'a failed repository loses no findings');
  });

  it('--write-results records coordinates only, with the build, and keeps repositories not linted this time', () => {
    writeCorpus(BASE_TRIAGE);
    const kept = { repo: 'ghost/absent', commit: 'a'.repeat(40), pipelint: { version: '0.0.1', commit: 'c'.repeat(40) }, findings: [{ path: 'a.ts', line: 3, column: 2, rule: 'poison-message' }] };
    const dropped = { ...kept, repo: 'gone/away' };
    writeJson(path.join(soakDir, 'results.json'), { repositories: [dropped, kept] });
    const ghost = { repo: 'ghost/absent', commit: 'a'.repeat(40), category: 'node', warehouse: 'other', dialect: 'ansi', paths: ['**/*.ts'], note: 'no mirror' };
    writeCorpus(BASE_TRIAGE, [ghost]);
    const written = soak('--write-results');
    assert.equal(written.code, 0);
    assert.match(written.stdout, new RegExp(`^wrote ${path.basename(soakDir)}/results\\.json: 1 repositories updated$`, 'm'));
    const head = git(CHECKOUT, 'rev-parse', 'HEAD').trim();
    const version = readJson<{ version: string }>(path.join(CHECKOUT, 'package.json')).version;
    const build = JSON.stringify({ version, commit: head });
    assert.equal(
      fs.readFileSync(path.join(soakDir, 'results.json'), 'utf8'),
      [
        '{ "repositories": [',
        '  {',
        `    "repo": "acme/pipes",\n    "commit": "${commit}",\n    "pipelint": ${build},`,
        '    "findings": [',
        '      {"path":"models/load.sql","line":1,"column":1,"rule":"blind-insert"},',
        '      {"path":"models/setup.sql","line":1,"column":1,"rule":"unguarded-ddl"},',
        '      {"path":"models/setup.sql","line":2,"column":1,"rule":"unguarded-ddl"}',
        '    ]',
        '  },',
        '  {',
        `    "repo": "ghost/absent",\n    "commit": "${'a'.repeat(40)}",\n    "pipelint": ${JSON.stringify(kept.pipelint)},`,
        '    "findings": [',
        '      {"path":"a.ts","line":3,"column":2,"rule":"poison-message"}',
        '    ]',
        '  }',
        '] }',
        '',
      ].join('\n'),
    );
    assert.equal(runSoak(['--soak-dir', soakDir, '--write-results', '--rule', 'blind-insert'], mirrors, tmp).code, 2);
  });

  it('works on an empty corpus (exit 0), and reports bad soak files and bad options as exit 2', () => {
    fs.mkdirSync(soakDir, { recursive: true });
    const empty = soak();
    assert.equal(empty.code, 0);
    assert.match(empty.stdout, /^ {2}\(the manifest lists none\)$/m);
    writeJson(path.join(soakDir, 'triage.json'), { entries: [{ ...BASE_TRIAGE[0], verdict: 'maybe' }] });
    const bad = soak();
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"verdict" must be one of tp, fp, debatable, fn/);
    writeCorpus(BASE_TRIAGE);
    const unknownRepo = soak('--repo', 'nobody/here');
    assert.equal(unknownRepo.code, 2);
    assert.match(unknownRepo.stderr, /'nobody\/here' is not in soak\/manifest\.json/);
    assert.equal(soak('--no-such-option').code, 2);
  });
});

describe('soak file lists', () => {
  it('split into command lines under the byte limit, in order, never an empty one', () => {
    assert.deepEqual(chunkFiles(['aaaa', 'bb', 'cccc', 'd'], 8), [['aaaa', 'bb'], ['cccc', 'd']]);
    assert.deepEqual(chunkFiles(['a-very-long-name'], 4), [['a-very-long-name']]);
    assert.deepEqual(chunkFiles([], 8), []);
  });
});

describe('soak mirror lookup', () => {
  let tmp: string;
  before(() => (tmp = tempDir('soak-mirrors')));
  after(() => removeDir(tmp));

  it('takes $PIPELINT_SOAK_MIRRORS, else the nearest .mirror folder above the checkout, else none', () => {
    const checkout = path.join(tmp, 'wt', 'checkout');
    fs.mkdirSync(checkout, { recursive: true });
    assert.equal(mirrorsRoot({}, checkout), null);
    fs.mkdirSync(path.join(tmp, '.mirror'));
    assert.equal(mirrorsRoot({}, checkout), path.join(tmp, '.mirror'));
    assert.equal(mirrorsRoot({ PIPELINT_SOAK_MIRRORS: path.join(tmp, 'elsewhere') }, checkout), path.join(tmp, 'elsewhere'));
  });

  it('finds a bare git dir at owner+name/repo or at owner+name, or a clone\'s .git there, and nothing at a plain folder', () => {
    const root = path.join(tmp, '.mirror');
    git(tmp, 'init', '-q', '--bare', path.join(root, 'one+nested', 'repo'));
    git(tmp, 'init', '-q', '--bare', path.join(root, 'two+flat'));
    fs.mkdirSync(path.join(root, 'three+empty'), { recursive: true });
    git(tmp, 'init', '-q', path.join(root, 'four+clone', 'repo'));
    assert.equal(findMirror(root, 'four/clone'), path.join(root, 'four+clone', 'repo', '.git'), 'the git dir of an ordinary clone');
    assert.equal(findMirror(root, 'one/nested'), path.join(root, 'one+nested', 'repo'));
    assert.equal(findMirror(root, 'two/flat'), path.join(root, 'two+flat'));
    assert.equal(findMirror(root, 'three/empty'), null);
    assert.equal(findMirror(null, 'one/nested'), null);
  });
});
