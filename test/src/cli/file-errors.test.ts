import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sarifSchemaErrors } from '../ci/helpers.js';
import { denyRead, faultyFs, makeTree, removeTree, REPO_ROOT, run } from './helpers.js';

interface JsonFile {
  filePath: string;
  findings: { ruleId: string; line: number; column: number; severity: string; message: string }[];
}

const DROP = 'DROP TABLE t;\n';
const GUARD = "DROP TABLE fails when t is already gone: a re-run after a partial failure stops here.";
const SUMMARY = (n: number): string => `pipelint: ${n === 1 ? '1 path' : `${n} paths`} could not be read (file-error); the other files were linted\n`;

function findings(stdout: string): [string, string, string][] {
  return (JSON.parse(stdout) as JsonFile[]).flatMap((f) => f.findings.map((x): [string, string, string] => [f.filePath, x.ruleId, x.message]));
}

/** Undoes chmod 000 below `dir`, so a user that permissions apply to can remove the tree. */
function restorePermissions(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) continue;
    fs.chmodSync(full, 0o755);
    if (stat.isDirectory()) restorePermissions(full);
  }
}

describe('a path that cannot be read', () => {
  let root: string;
  beforeEach(() => {
    // The severity is pinned: these tests are about unreadable paths, not about the rule's default.
    root = makeTree({ 'a.sql': DROP, 'z.sql': DROP, 'pipelint.config.json': '{ "rules": { "unguarded-ddl": "warn" } }\n' });
  });
  afterEach(() => {
    restorePermissions(root);
    removeTree(root);
  });

  it('a symbolic link loop is a file-error for that path; the others are reported and the run exits 2', async () => {
    fs.symlinkSync('loop2.sql', path.join(root, 'loop1.sql'));
    fs.symlinkSync('loop1.sql', path.join(root, 'loop2.sql'));
    const result = await run(['-f', 'json', '.'], { cwd: root });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, SUMMARY(2));
    assert.deepEqual(findings(result.stdout), [
      ['a.sql', 'unguarded-ddl', GUARD],
      ['loop1.sql', 'file-error', 'Could not read this file (ELOOP: too many symbolic links encountered); it was not linted, the other files were.'],
      ['loop2.sql', 'file-error', 'Could not read this file (ELOOP: too many symbolic links encountered); it was not linted, the other files were.'],
      ['z.sql', 'unguarded-ddl', GUARD],
    ]);
    const named = await run(['loop1.sql', 'a.sql', '-f', 'json'], { cwd: root });
    assert.equal(named.code, 2);
    assert.deepEqual(findings(named.stdout).map(([file, rule]) => [file, rule]), [['a.sql', 'unguarded-ddl'], ['loop1.sql', 'file-error']]);
  });

  it('an unreadable directory (a database data folder) is reported, and the rest is linted', async () => {
    fs.mkdirSync(path.join(root, 'pgdata'));
    fs.writeFileSync(path.join(root, 'pgdata', 'inside.sql'), DROP);
    const io = denyRead(root, ['pgdata']);
    const result = await run(['-f', 'json', '.'], { cwd: root, fs: io });
    assert.equal(result.code, 2);
    assert.deepEqual(findings(result.stdout), [
      ['a.sql', 'unguarded-ddl', GUARD],
      ['pgdata', 'file-error', 'Could not read this directory (EACCES: permission denied); nothing inside it was linted, the other files were.'],
      ['z.sql', 'unguarded-ddl', GUARD],
    ]);
  });

  it('an unreadable .gitignore is reported and its folder still walked', async () => {
    fs.mkdirSync(path.join(root, 'models'));
    fs.writeFileSync(path.join(root, 'models', '.gitignore'), 'scratch.sql\n');
    fs.writeFileSync(path.join(root, 'models', 'm.sql'), DROP);
    const io = denyRead(root, ['models/.gitignore']);
    const result = await run(['-f', 'json', 'models'], { cwd: root, fs: io });
    assert.equal(result.code, 2);
    assert.deepEqual(findings(result.stdout), [
      ['models/.gitignore', 'file-error', 'Could not read this .gitignore (EACCES: permission denied); its patterns were not applied, so files it excludes may have been linted.'],
      ['models/m.sql', 'unguarded-ddl', GUARD],
    ]);
  });

  it('an unreadable file is reported in every format, SARIF included, and the others are linted', async () => {
    const io = denyRead(root, ['a.sql']);
    const stylish = await run(['.'], { cwd: root, fs: io });
    assert.equal(stylish.code, 2);
    assert.match(stylish.stdout, /^a\.sql\n {2}1:1 {2}error {2}Could not read this file \(EACCES: permission denied\); it was not linted, the other files were\. {2}file-error\n/);
    assert.match(stylish.stdout, /\nz\.sql\n {2}1:1 {2}warning/);
    const sarif = await run(['-f', 'sarif', '.'], { cwd: root, fs: io });
    assert.equal(sarif.code, 2);
    const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string }[] }[] };
    assert.equal(sarifSchemaErrors(log, REPO_ROOT), null);
    assert.deepEqual(log.runs[0].results.map((r) => [r.ruleId, r.level]), [['file-error', 'error'], ['unguarded-ddl', 'warning']]);
    assert.ok(log.runs[0].tool.driver.rules.some((r) => r.id === 'file-error'));
    const github = await run(['-f', 'github', '.'], { cwd: root, fs: io });
    assert.match(github.stdout, /^::error file=a\.sql,line=1,col=1,endLine=1,endColumn=1,title=pipelint\(file-error\)::Could not read this file \(EACCES: permission denied\)/);
    const out = await run(['-f', 'json', '-o', 'report.json', '.'], { cwd: root, fs: io });
    assert.equal(out.code, 2);
    assert.deepEqual(findings(fs.readFileSync(path.join(root, 'report.json'), 'utf8')).map(([f, r]) => [f, r]), [['a.sql', 'file-error'], ['z.sql', 'unguarded-ddl']]);
  });

  it('a file deleted during the run is reported as gone, and the files after it are still linted', async () => {
    fs.writeFileSync(path.join(root, 'm.sql'), DROP);
    const victim = path.join(root, 'm.sql');
    // Reading a.sql deletes m.sql, as a build step running beside pipelint might.
    const io = faultyFs((call, file) => {
      if (call === 'readFileSync' && file === path.join(root, 'a.sql') && fs.existsSync(victim)) fs.rmSync(victim);
      return null;
    });
    const result = await run(['-f', 'json', '.'], { cwd: root, fs: io });
    assert.equal(result.code, 2);
    assert.deepEqual(findings(result.stdout), [
      ['a.sql', 'unguarded-ddl', GUARD],
      ['m.sql', 'file-error', 'Could not read this file (ENOENT: no such file or directory); it was not linted, the other files were.'],
      ['z.sql', 'unguarded-ddl', GUARD],
    ]);
  });

  it('--write-baseline keeps the entries of a file it cannot read and exits 2 after writing the rest', async () => {
    assert.equal((await run(['--write-baseline', 'baseline.json', '.'], { cwd: root })).code, 0);
    const before = JSON.parse(fs.readFileSync(path.join(root, 'baseline.json'), 'utf8')) as { entries: { file: string }[] };
    assert.deepEqual(before.entries.map((e) => e.file), ['a.sql', 'z.sql']);
    fs.writeFileSync(path.join(root, 'z.sql'), 'SELECT 1;\n');
    const io = denyRead(root, ['a.sql']);
    const result = await run(['--write-baseline', 'baseline.json', '.'], { cwd: root, fs: io });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'pipelint: wrote 1 entry to baseline.json\npipelint: a.sql: Could not read this file (EACCES: permission denied); it was not linted, the other files were.\n',
    );
    const after = JSON.parse(fs.readFileSync(path.join(root, 'baseline.json'), 'utf8')) as { entries: { file: string }[] };
    assert.deepEqual(after.entries.map((e) => e.file), ['a.sql']);
    const filtered = await run(['--baseline', 'baseline.json', '-f', 'json', '.'], { cwd: root, fs: io });
    assert.equal(filtered.code, 2);
    assert.deepEqual(findings(filtered.stdout).map(([f, r]) => [f, r]), [['a.sql', 'file-error']]);
    assert.equal(filtered.stderr, SUMMARY(1));
  });
});
