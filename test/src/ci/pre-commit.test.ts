import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../cli/helpers.js';
import { GIT_ENV, git, initRepo, readYaml, removeDir, tempDir } from './helpers.js';

interface ManifestHook {
  id: string;
  entry: string;
  language: string;
  args?: string[];
  files?: string;
  exclude?: string;
  types?: string[];
}

interface Spawned {
  status: number | null;
  output: string;
}

const BLIND_INSERT = 'INSERT INTO orders VALUES (1);\n';

function readManifest(): ManifestHook[] {
  return readYaml(path.join(REPO_ROOT, '.pre-commit-hooks.yaml')) as ManifestHook[];
}

function spawn(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 60_000): Spawned {
  const out = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });
  return { status: out.status, output: `${out.stdout}${out.stderr}` };
}

describe('the pre-commit hook', () => {
  let repo: string;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    // CI installs pre-commit (.ci/run): there a missing program is a broken setup, not a reason to skip.
    if (spawnSync('pre-commit', ['--version']).status !== 0) {
      assert.ok(!process.env.CI, 'pre-commit is not installed, but .ci/run should have installed it');
      this.skip();
    }
    repo = tempDir('precommit');
    home = tempDir('precommit-home');
    env = { ...GIT_ENV, PRE_COMMIT_HOME: home, NO_COLOR: '1' };
    initRepo(repo);
  });

  after(() => {
    if (repo) removeDir(repo);
    if (home) removeDir(home);
  });

  it('has a manifest that pre-commit accepts', () => {
    const out = spawn('pre-commit', ['validate-manifest', path.join(REPO_ROOT, '.pre-commit-hooks.yaml')], repo, env);
    assert.equal(out.status, 0, out.output);
    assert.deepEqual(readManifest().map((h) => [h.id, h.entry, h.language]), [
      ['pipelint', 'pipelint', 'node'],
      ['pipelint-fix', 'pipelint --fix', 'node'],
    ]);
  });

  it('rejects a commit that adds a blind INSERT, printing the finding, and lets a clean commit through', () => {
    // The published hook with its filters and arguments, run by the system node on this checkout.
    const hook = { ...readManifest()[0], entry: `node ${path.join(REPO_ROOT, 'bin', 'pipelint.js')}`, language: 'system' };
    fs.writeFileSync(path.join(repo, '.pre-commit-config.yaml'), JSON.stringify({ repos: [{ repo: 'local', hooks: [hook] }] }, null, 2));
    fs.writeFileSync(path.join(repo, 'setup.sql'), 'DROP TABLE IF EXISTS staging_orders;\n');
    // blind-insert is a hint by default; this project opts in, so a finding fails the commit.
    fs.writeFileSync(path.join(repo, 'pipelint.config.json'), '{ "rules": { "blind-insert": "warn" } }\n');
    fs.writeFileSync(path.join(repo, 'NOTES.md'), `Never write ${BLIND_INSERT}`);
    const install = spawn('pre-commit', ['install'], repo, env);
    assert.equal(install.status, 0, install.output);

    git(repo, 'add', '.');
    const clean = spawn('git', ['commit', '-q', '-m', 'clean'], repo, env);
    assert.equal(clean.status, 0, clean.output);
    assert.match(clean.output, /^pipelint\.+Passed$/m);

    fs.mkdirSync(path.join(repo, 'models'));
    fs.writeFileSync(path.join(repo, 'models', 'load_orders.sql.j2'), `-- {{ ds }}\n${BLIND_INSERT}`);
    git(repo, 'add', '.');
    const rejected = spawn('git', ['commit', '-q', '-m', 'load orders'], repo, env);
    assert.equal(rejected.status, 1, rejected.output);
    assert.match(rejected.output, /^pipelint\.+Failed$/m);
    assert.match(rejected.output, /^models\/load_orders\.sql\.j2$/m);
    assert.match(rejected.output, /^\s+2:1\s+warning\s+A re-run inserts every row into orders again: nothing here stops duplicates\.\s+blind-insert$/m);
    assert.match(rejected.output, /1 warning, more than --max-warnings 0/);
    assert.equal(git(repo, 'rev-list', '--count', 'HEAD').trim(), '1');
  });
});

// Installing the hook the way users get it (`language: node` from a clone of this repository) runs
// `npm install` against the registry: about 30 s, so it runs only with PIPELINT_SLOW_TESTS=1.
describe('the published pre-commit hook installed from a clone (slow)', () => {
  let work: string;

  before(function () {
    if (process.env.PIPELINT_SLOW_TESTS !== '1' || spawnSync('pre-commit', ['--version']).status !== 0) this.skip();
    work = tempDir('precommit-node');
  });

  after(() => {
    if (work) removeDir(work);
  });

  it('installs with language: node on the system node and rejects a blind INSERT', function () {
    this.timeout(300_000);
    const clone = path.join(work, 'pipelint');
    git(work, 'clone', '-q', REPO_ROOT, clone);
    const rev = git(clone, 'rev-parse', 'HEAD').trim();
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    initRepo(project);
    fs.writeFileSync(path.join(project, '.pre-commit-config.yaml'), JSON.stringify({ repos: [{ repo: clone, rev, hooks: [{ id: 'pipelint' }] }] }));
    fs.writeFileSync(path.join(project, 'load.sql'), BLIND_INSERT);
    git(project, 'add', '.');
    const env = { ...GIT_ENV, PRE_COMMIT_HOME: path.join(work, 'home'), NO_COLOR: '1' };
    const out = spawn('pre-commit', ['run', '--files', 'load.sql'], project, env, 280_000);
    assert.equal(out.status, 1, out.output);
    assert.match(out.output, /^\s+1:1\s+warning\s+A re-run inserts every row into orders again: nothing here stops duplicates\.\s+blind-insert$/m);
  });
});
