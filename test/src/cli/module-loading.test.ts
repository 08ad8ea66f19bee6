import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTree, removeTree, REPO_ROOT } from './helpers.js';

const BIN = path.join(REPO_ROOT, 'bin', 'pipelint.js');

/** Runs the CLI from its compiled modules (not the bundle) and lists every JavaScript file it compiled. */
function loadedModules(args: string[], cwd: string): { status: number | null; modules: string[] } {
  const probe = [
    "const Module = require('node:module');",
    'const seen = [];',
    'const compile = Module.prototype._compile;',
    'Module.prototype._compile = function (content, file) { seen.push(file); return compile.call(this, content, file); };',
    "process.on('exit', () => process.stderr.write('\\nMODULES ' + JSON.stringify(seen) + '\\n'));",
    `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...process.argv.slice(1)];`,
    `require(${JSON.stringify(BIN)});`,
  ].join('\n');
  const result = spawnSync(process.execPath, ['-e', probe, '--', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PIPELINT_NO_BUNDLE: '1', NO_COLOR: '1' } });
  const line = result.stderr.split('\n').find((l) => l.startsWith('MODULES '));
  assert.ok(line !== undefined, result.stderr);
  const modules = (JSON.parse(line.slice('MODULES '.length)) as string[]).map((file) => path.relative(REPO_ROOT, file).split(path.sep).join('/'));
  return { status: result.status, modules };
}

const matching = (modules: string[], pattern: RegExp): string[] => modules.filter((m) => pattern.test(m));

/** The TypeScript half and what it brings: none of it belongs in an SQL run. */
const TYPESCRIPT_HALF = /^rules\/out\/ts\/|node_modules\/(eslint|@typescript-eslint|typescript|espree)\//;

describe('what a CLI run loads', () => {
  let root: string;
  before(() => {
    root = makeTree({
      'load.sql': "INSERT INTO analytics.orders SELECT * FROM raw.orders;\nUPDATE t SET n = n + 1 WHERE id = 1;\n",
      'pipelint.config.json': JSON.stringify({ dialect: 'postgres' }),
    });
  });
  after(() => removeTree(root));

  it('an SQL-only run loads no TypeScript rule, ESLint, typescript-estree, Markdown parser or YAML library', () => {
    const { status, modules } = loadedModules(['load.sql'], root);
    assert.ok(status === 0 || status === 1, `exit ${status}`);
    assert.ok(modules.includes('rules/out/sql/parse.js'), 'the run lints SQL');
    assert.deepEqual(matching(modules, TYPESCRIPT_HALF), []);
    assert.deepEqual(matching(modules, /node_modules\/(markdown-it|yaml)\//), []);
  });

  it('a --cache run whose every file is cached loads neither the parser nor a rule', () => {
    const cacheFile = path.join(root, 'cache.json');
    const first = loadedModules(['--cache', '--cache-location', cacheFile, 'load.sql'], root);
    assert.ok(first.modules.includes('rules/out/sql/parse.js'));
    assert.ok(fs.existsSync(cacheFile));
    const second = loadedModules(['--cache', '--cache-location', cacheFile, 'load.sql'], root);
    assert.equal(second.status, first.status);
    assert.deepEqual(matching(second.modules, /^rules\/out\/(engine\.js|sql\/(parse|lexer)\.js|sql\/rules\/)/), []);
  });

  it('explaining an SQL rule loads no TypeScript rule or ESLint', () => {
    const { status, modules } = loadedModules(['explain', 'blind-insert'], root);
    assert.equal(status, 0);
    assert.ok(modules.includes('rules/out/sql/rules/blind-insert/index.js'));
    assert.deepEqual(matching(modules, TYPESCRIPT_HALF), []);
  });

  it('a misspelt name is suggested from the id lists, without loading a rule', () => {
    const { status, modules } = loadedModules(['explain', 'idempotncy'], root);
    assert.equal(status, 2);
    assert.deepEqual(matching(modules, /^rules\/out\/(sql|ts)\/rules\//), []);
  });
});
