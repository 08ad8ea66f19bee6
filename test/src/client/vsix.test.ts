import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspTestClient, pathToUri, REPO_ROOT } from '../server/lsp-client.js';

const VSIX = path.join(REPO_ROOT, 'pipelint.vsix');

/** Entry names from a zip's central directory (a .vsix is a zip). */
function zipEntries(zip: Buffer): { name: string; size: number }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'end of central directory record found');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: { name: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory header signature');
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('npm run package', function () {
  this.timeout(300000); // a guard against a hang: esbuild and vsce on a loaded machine
  let names: string[];

  before(function () {
    fs.rmSync(VSIX, { force: true });
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: 'pipe' });
    names = zipEntries(fs.readFileSync(VSIX)).map((e) => e.name);
  });

  it('packs the client and server bundles, the manifest, the config schema and the README', function () {
    for (const name of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/ts.js', 'extension/dist/tree-sitter.wasm', 'extension/dist/tree-sitter-python.wasm', 'extension/package.json', 'extension/pipelint.schema.json', 'extension/readme.md', 'extension.vsixmanifest']) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
  });

  it('has the extension page: the icon, the user README and the changelog', function () {
    for (const name of ['extension/images/icon.png', 'extension/changelog.md']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    const unzip = (name: string): Buffer => execFileSync('unzip', ['-p', VSIX, name], { maxBuffer: 1 << 24 });
    const readme = unzip('extension/readme.md').toString('utf8');
    assert.match(readme, /^# pipelint for VS Code\n/, 'the user-facing README, not the developers\' one');
    assert.doesNotMatch(readme, /npm ci|## Development/);
    const icon = unzip('extension/images/icon.png');
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the icon is a PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the icon is 128x128, as the marketplaces want');
    assert.match(unzip('extension.vsixmanifest').toString('utf8'), /<Icon>extension\/images\/icon.png<\/Icon>/);
  });

  it('leaves sources, tests, compiled output and node_modules out', function () {
    const stray = names.filter((n) => /(^|\/)(src|test|node_modules|out|rules|server|client|bench|scripts)\//.test(n) || n.endsWith('.ts') || n.endsWith('.map'));
    assert.deepEqual(stray, []);
  });

  it('stays under 10 MB', function () {
    assert.ok(fs.statSync(VSIX).size < 10 * 1024 * 1024, `${fs.statSync(VSIX).size} bytes`);
  });

  it('points the manifest at the bundled client', function () {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string };
    assert.equal(manifest.main, './dist/extension.js');
  });

  describe('the bundled server', function () {
    let workspace: string;
    let client: LspTestClient;

    before(async function () {
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-bundle-'));
      client = new LspTestClient({ rootPath: workspace, serverPath: path.join(REPO_ROOT, 'dist/server.js') });
      await client.initialize();
    });

    after(function () {
      client.kill();
      fs.rmSync(workspace, { recursive: true, force: true });
    });

    it('lints SQL and TypeScript and answers hovers, with TypeScript and ESLint inside the bundle', async function () {
      const sql = pathToUri(path.join(workspace, 'load.sql'));
      await client.open(sql, 'sql', 'INSERT INTO t VALUES (1);\n\u0000');
      assert.deepEqual((await client.diagnosticsOfVersion(sql, 1)).diagnostics.map((d) => d.code), ['parse-error']);
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: sql }, position: { line: 0, character: 0 } });
      assert.match((hover?.contents as MarkupContent).value, /`parse-error`/);
      const ts = pathToUri(path.join(workspace, 'job.ts'));
      await client.open(ts, 'typescript', 'const x: number = ;\n');
      assert.deepEqual((await client.diagnosticsOfVersion(ts, 1)).diagnostics.map((d) => d.code), ['parse-error']);
      // The Python parser loads from the WebAssembly shipped beside the bundle.
      const py = pathToUri(path.join(workspace, 'dag.py'));
      await client.open(py, 'python', 'from airflow import DAG\nDAG("d", schedule="* * * * *")\ndef f(:\n');
      assert.deepEqual((await client.diagnosticsOfVersion(py, 1)).diagnostics.map((d) => d.code), ['freshness-cost', 'parse-error']);
      assert.equal(await client.shutdown(), 0);
    });
  });
});
