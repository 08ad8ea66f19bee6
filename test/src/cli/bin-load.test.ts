import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTree, removeTree, REPO_ROOT } from './helpers.js';

const LOADER = path.join(REPO_ROOT, 'bin', 'load.js');

/** Loads `bundle.js` of the tree through bin/load.js in a fresh process; prints which module answered. */
function loadIn(root: string, env: Record<string, string> = {}): string {
  const script = `const { load } = require(${JSON.stringify(LOADER)}); process.stdout.write(load(${JSON.stringify(path.join(root, 'out', 'bundle.js'))}, ${JSON.stringify(path.join(root, 'src'))}, ${JSON.stringify(path.join(root, 'out', 'main.js'))}).who);`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('bin/load.js', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({
      'src/main.ts': '// the source',
      'out/main.js': "exports.who = 'modules';\n",
      'out/part.js': "module.exports = 'bundle';\n",
      'out/bundle.js': "exports.who = require('./part.js') + ' of ' + __dirname.split(/[\\\\/]/).pop();\n",
    });
    const part = fs.statSync(path.join(root, 'out', 'part.js'));
    fs.writeFileSync(path.join(root, 'out', 'bundle.js.inputs.json'), JSON.stringify([['part.js', part.size, part.mtimeMs]]));
  });
  afterEach(() => removeTree(root));

  it('runs the bundle as a CommonJS module while its inputs are unchanged, and keeps a code cache beside it', () => {
    assert.equal(loadIn(root), 'bundle of out');
    const caches = fs.readdirSync(path.join(root, 'out')).filter((n) => n.endsWith('.v8cache'));
    assert.equal(caches.length, 1);
    assert.match(caches[0], new RegExp(`^bundle\\.js\\.${process.version.replace(/\./g, '\\.')}-`));
    // The second load reads the cache and answers the same.
    assert.equal(loadIn(root), 'bundle of out');
  });

  it('loads the compiled modules once an input changed, or when asked to', () => {
    assert.equal(loadIn(root, { PIPELINT_NO_BUNDLE: '1' }), 'modules');
    fs.appendFileSync(path.join(root, 'out', 'part.js'), '// rebuilt\n');
    assert.equal(loadIn(root), 'modules');
  });

  it('compares only sizes in an unpacked npm tarball, whose mtimes npm has reset', () => {
    const packed = new Date('1985-10-26T08:15:00Z');
    for (const name of ['bundle.js', 'part.js']) fs.utimesSync(path.join(root, 'out', name), packed, packed);
    assert.equal(loadIn(root), 'bundle of out');
    fs.appendFileSync(path.join(root, 'out', 'part.js'), '// patched\n');
    fs.utimesSync(path.join(root, 'out', 'part.js'), packed, packed);
    assert.equal(loadIn(root), 'modules');
  });

  it('trusts the bundle of a package without sources, whose mtimes npm has reset', () => {
    fs.rmSync(path.join(root, 'src'), { recursive: true });
    fs.utimesSync(path.join(root, 'out', 'part.js'), new Date('1985-10-26T08:15:00Z'), new Date('1985-10-26T08:15:00Z'));
    assert.equal(loadIn(root), 'bundle of out');
  });
});
