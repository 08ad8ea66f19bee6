import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../cli/helpers.js';
import { LspTestClient } from '../server/lsp-client.js';

/**
 * What `npm install <git url>` unpacks: sources and manifests, no compiled output. npm links the
 * parts (`file:./rules`, `file:./server`) to the unpacked folders, as it does here.
 */
function gitCheckoutWithoutBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-postinstall-'));
  const items = ['package.json', 'tsconfig.base.json', 'scripts', 'bin', 'rules/package.json', 'rules/src', 'rules/tsconfig.json', 'server/package.json', 'server/src', 'server/tsconfig.json'];
  for (const item of items) fs.cpSync(path.join(REPO_ROOT, item), path.join(dir, item), { recursive: true });
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@pipelint'), { recursive: true });
  for (const name of fs.readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (name !== '@pipelint') fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', name), path.join(modules, name), 'dir');
  }
  fs.symlinkSync(path.join(dir, 'rules'), path.join(modules, '@pipelint', 'engine'), 'dir');
  fs.symlinkSync(path.join(dir, 'server'), path.join(modules, '@pipelint', 'language-server'), 'dir');
  return dir;
}

/** A string as a literal regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the postinstall script of an install from a git checkout', function () {
  this.timeout(180000); // a guard against a hang, not a speed check: it compiles the parts on a loaded machine
  let dir: string;
  before(() => (dir = gitCheckoutWithoutBuild()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds both the command line and the language server that the two bins load', function () {
    const run = spawnSync(process.execPath, [path.join(dir, 'scripts/postinstall.js')], { encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.ok(fs.existsSync(path.join(dir, 'rules/out/cli/main.js')), 'bin/pipelint.js has nothing to load');
    assert.ok(fs.existsSync(path.join(dir, 'server/out/main.js')), 'bin/pipelint-language-server.js has nothing to load');
    // esbuild is there (a devDependency), so the one-file bundles bin/ starts from are built too.
    for (const bundle of ['rules/out/cli/bundle.js', 'server/out/bundle.js']) {
      assert.ok(fs.existsSync(path.join(dir, bundle)) && fs.existsSync(path.join(dir, `${bundle}.inputs.json`)), bundle);
    }
  });

  it('leaves bins that run from the unpacked folder', async function () {
    fs.writeFileSync(path.join(dir, 'load.sql'), 'INSERT INTO orders VALUES (1);\n');
    const cli = spawnSync(process.execPath, [path.join(dir, 'bin/pipelint.js'), '--format', 'json', 'load.sql'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cli.stderr, '');
    assert.equal(cli.status, 0);
    const [file] = JSON.parse(cli.stdout) as { findings: { ruleId: string; line: number }[] }[];
    assert.deepEqual(file.findings.map((f) => `${f.ruleId}@${f.line}`), ['blind-insert@1']);
    assert.match(require.resolve('@pipelint/engine', { paths: [path.join(dir, 'server')] }), new RegExp(`^${escape(fs.realpathSync(dir))}/rules/out/index\\.js$`));
    const server = new LspTestClient({ rootPath: dir, serverPath: path.join(dir, 'bin/pipelint-language-server.js') });
    try {
      const init = await server.initialize();
      assert.equal(init.serverInfo?.name, 'pipelint');
      assert.equal(await server.shutdown(), 0);
    } finally {
      server.kill();
    }
  });
});
