import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_URL } from '@pipelint/engine/internal/core/docs-url.js';
import { INFORMATION_URI } from '@pipelint/engine/internal/cli/formats/sarif.js';
import { REPO_ROOT } from '../cli/helpers.js';
import { LspTestClient, pathToUri } from '../server/lsp-client.js';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files: string[];
  bin: Record<string, string>;
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  dependencies: Record<string, string>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** Every bare module name the compiled engine and server load at run time (the soak tooling excepted). */
function runtimeImports(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(REPO_ROOT, 'rules/out/soak')) walk(full);
      } else if (entry.name.endsWith('.js')) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/\brequire\((['"])([^'"./][^'"]*)\1\)/g)) {
          const name = m[2].startsWith('@') ? m[2].split('/').slice(0, 2).join('/') : m[2].split('/')[0];
          names.add(name);
        }
      }
    }
  };
  walk(path.join(REPO_ROOT, 'rules/out'));
  walk(path.join(REPO_ROOT, 'server/out'));
  return names;
}

describe('the npm package manifest', function () {
  it('is publishable: not private, a files list, and the repository fields from REPOSITORY_URL', function () {
    assert.equal(manifest.private, undefined);
    assert.ok(manifest.files.includes('rules/out/') && manifest.files.includes('server/out/') && manifest.files.includes('docs/'));
    assert.deepEqual(manifest.repository, { type: 'git', url: `git+${REPOSITORY_URL}.git` });
    assert.equal(manifest.homepage, `${REPOSITORY_URL}#readme`);
    assert.deepEqual(manifest.bugs, { url: `${REPOSITORY_URL}/issues` });
    assert.equal(INFORMATION_URI, REPOSITORY_URL);
  });

  it('depends on every third-party module the engine and the server load, since npm installs only its dependencies', function () {
    const builtins = new Set(builtinModules);
    // 'm' appears in a require() inside a string of a code example, not as a module.
    const missing = [...runtimeImports()].filter((name) => !name.startsWith('node:') && !builtins.has(name) && name !== 'm' && !(name in manifest.dependencies)).sort();
    assert.deepEqual(missing, []);
  });
});

/**
 * The tarball `npm pack` writes, installed into an empty project the way a user would: third-party
 * dependencies come from the npm cache, or the registry for what is not cached. About 10 s.
 */
describe('the packed tarball installed into a fresh project', function () {
  this.timeout(180000); // a guard against a hang, not a speed check: npm on a loaded machine
  let work: string;
  let project: string;
  let tarball: string;
  const bin = (name: string): string => path.join(project, 'node_modules', '.bin', name);

  before(function () {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-pack-')));
    const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(work, packed.filename);
    const paths = packed.files.map((f) => f.path);
    assert.ok(paths.includes('docs/rules/blind-insert.md') && paths.includes('rules/out/cli/main.js') && paths.includes('server/out/main.js'));
    assert.deepEqual(paths.filter((p) => /^(test|soak|bench|examples|client|node_modules)\//.test(p) || p.endsWith('.tsbuildinfo')), []);
    project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fresh', version: '1.0.0', private: true }));
    const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', tarball], { cwd: project, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    fs.writeFileSync(path.join(project, 'load.sql'), 'INSERT INTO orders SELECT * FROM staging_orders;\n');
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('installs the package itself, not a link back to this checkout', function () {
    const installed = fs.realpathSync(path.join(project, 'node_modules', 'pipelint'));
    assert.equal(installed, path.join(project, 'node_modules', 'pipelint'));
    assert.equal(fs.realpathSync(path.join(project, 'node_modules', '@pipelint', 'engine')), path.join(installed, 'rules'));
  });

  it('gives a working pipelint command whose docs links are pages inside the installed package', function () {
    const version = spawnSync(bin('pipelint'), ['--version'], { cwd: project, encoding: 'utf8' });
    assert.equal(version.stdout, `${manifest.version}\n`);
    const run = spawnSync(bin('pipelint'), ['--format', 'json', 'load.sql'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    const [file] = JSON.parse(run.stdout) as { findings: { ruleId: string; line: number; docsUrl: string }[] }[];
    assert.deepEqual(file.findings.map((f) => `${f.ruleId}@${f.line}`), ['blind-insert@1']);
    const page = path.join(project, 'node_modules', 'pipelint', 'docs', 'rules', 'blind-insert.md');
    assert.equal(file.findings[0].docsUrl, pathToFileURL(page).href);
    assert.ok(fs.existsSync(page));
  });

  it('gives a working pipelint-language-server', async function () {
    const client = new LspTestClient({ rootPath: project, serverPath: bin('pipelint-language-server') });
    try {
      const init = await client.initialize();
      assert.equal(init.serverInfo?.name, 'pipelint');
      const uri = pathToUri(path.join(project, 'load.sql'));
      await client.open(uri, 'sql', fs.readFileSync(path.join(project, 'load.sql'), 'utf8'));
      const published = await client.diagnosticsOfVersion(uri, 1);
      assert.deepEqual(published.diagnostics.map((d) => d.code), ['blind-insert']);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });

  it('gives a working pipelint/eslint-plugin for the ESLint the project runs', function () {
    fs.writeFileSync(
      path.join(project, 'eslint.config.mjs'),
      "import pipelint from 'pipelint/eslint-plugin';\nexport default [pipelint.configs.recommended, { rules: { 'pipelint/unbounded-concurrency': 'error' } }];\n",
    );
    fs.writeFileSync(
      path.join(project, 'sync.ts'),
      [
        "import axios from 'axios';",
        "import { Pool } from 'pg';",
        '',
        'const db = new Pool();',
        'export async function pushAccounts(): Promise<void> {',
        "  const { rows } = await db.query('SELECT id, plan FROM accounts');",
        '  await Promise.all(rows.map((a) => axios.post(`https://billing.example.com/accounts/${a.id}`, { plan: a.plan })));',
        '}',
        '',
      ].join('\n'),
    );
    const run = spawnSync(bin('eslint'), ['--format', 'json', 'sync.ts'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; line: number; severity: number }[] }[];
    assert.deepEqual(result.messages.map((m) => `${m.ruleId}@${m.line}:${m.severity}`), ['pipelint/unbounded-concurrency@7:2']);
  });
});
