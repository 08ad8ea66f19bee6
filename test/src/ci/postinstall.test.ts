import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../cli/helpers.js';

/** What `npm install <git url>` unpacks: sources and manifests, no compiled output. */
function gitCheckoutWithoutBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-postinstall-'));
  for (const item of ['package.json', 'tsconfig.base.json', 'scripts', 'rules/src', 'rules/tsconfig.json', 'server/src', 'server/tsconfig.json']) {
    fs.cpSync(path.join(REPO_ROOT, item), path.join(dir, item), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('the postinstall script of an install from a git checkout', function () {
  this.timeout(60000);
  let dir: string;
  before(() => (dir = gitCheckoutWithoutBuild()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds both the command line and the language server that the two bins load', function () {
    const run = spawnSync(process.execPath, [path.join(dir, 'scripts/postinstall.js')], { encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.ok(fs.existsSync(path.join(dir, 'rules/out/cli/main.js')), 'bin/pipelint.js has nothing to load');
    assert.ok(fs.existsSync(path.join(dir, 'server/out/main.js')), 'bin/pipelint-language-server.js has nothing to load');
  });
});
