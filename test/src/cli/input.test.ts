import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJsonWithLocations, JsonSyntaxError } from '@pipelint/engine/internal/core/config-json.js';
import { makeTree, removeTree, REPO_ROOT, run } from './helpers.js';

const BIN = path.join(REPO_ROOT, 'bin', 'pipelint.js');

type Position = [string, number, number, number, number];

function positions(stdout: string): Position[] {
  const files = JSON.parse(stdout) as { filePath: string; findings: { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
  return files.flatMap((f) => f.findings.map((x): Position => [x.ruleId, x.line, x.column, x.endLine, x.endColumn]));
}

const UTF16_SQL = '/* 😀 naïve */ SELECT 1;\r\n  DROP TABLE staging.orders;\r\n';

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return order === 'le' ? bytes : bytes.swap16();
}

describe('input that never surprises', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({ 'plain.sql': UTF16_SQL });
  });
  afterEach(() => removeTree(root));

  it('lints UTF-16 LE and BE SQL (the SSMS default) with the same positions as the UTF-8 file', async () => {
    fs.writeFileSync(path.join(root, 'le.sql'), utf16(UTF16_SQL, 'le'));
    fs.writeFileSync(path.join(root, 'be.sql'), utf16(UTF16_SQL, 'be'));
    const expected: Position[] = [['unguarded-ddl', 2, 3, 2, 28]];
    assert.deepEqual(positions((await run(['-f', 'json', 'plain.sql'], { cwd: root })).stdout), expected);
    assert.deepEqual(positions((await run(['-f', 'json', 'le.sql'], { cwd: root })).stdout), expected);
    assert.deepEqual(positions((await run(['-f', 'json', 'be.sql'], { cwd: root })).stdout), expected);
  });

  it('takes a UTF-8 BOM in SQL and TypeScript without counting it as a column', async () => {
    fs.writeFileSync(path.join(root, 'bom.sql'), '\ufeffDROP TABLE x;\n');
    fs.writeFileSync(path.join(root, 'bom.ts'), '\ufeffconst total = ;\n');
    fs.writeFileSync(path.join(root, 'nobom.ts'), 'const total = ;\n');
    assert.deepEqual(positions((await run(['-f', 'json', 'bom.sql'], { cwd: root })).stdout), [['unguarded-ddl', 1, 1, 1, 13]]);
    const withBom = positions((await run(['-f', 'json', 'bom.ts'], { cwd: root })).stdout);
    assert.deepEqual(withBom, [['parse-error', 1, 15, 1, 15]]);
    assert.deepEqual(withBom, positions((await run(['-f', 'json', 'nobom.ts'], { cwd: root })).stdout));
  });

  it('reads a baseline, a config and a .gitignore saved with a BOM', async () => {
    fs.mkdirSync(path.join(root, '.git'));
    fs.writeFileSync(path.join(root, '.gitignore'), '\ufeffplain.sql\n');
    fs.writeFileSync(path.join(root, 'kept.sql'), 'DROP TABLE x;\n');
    fs.writeFileSync(path.join(root, 'pipelint.config.json'), '\ufeff{ "rules": { "unguarded-ddl": "error" } }\n');
    const lint = await run(['-f', 'json', '.'], { cwd: root });
    assert.deepEqual(
      (JSON.parse(lint.stdout) as { filePath: string; errorCount: number }[]).map((f) => [f.filePath, f.errorCount]),
      [['kept.sql', 1]],
    );
    assert.equal((await run(['--write-baseline', 'baseline.json', '.'], { cwd: root })).code, 0);
    const baseline = path.join(root, 'baseline.json');
    fs.writeFileSync(baseline, `\ufeff${fs.readFileSync(baseline, 'utf8')}`);
    assert.deepEqual(await run(['--baseline', 'baseline.json', '.'], { cwd: root }), {
      code: 0,
      stdout: '',
      stderr: 'pipelint: 1 finding recorded in baseline.json not shown\n',
    });
  });

  it('stops a config nested 100,000 levels deep with a clear error instead of overflowing the stack', async () => {
    fs.writeFileSync(path.join(root, 'pipelint.config.json'), `{"rules": ${'['.repeat(100000)}${']'.repeat(100000)}}`);
    const result = await run(['plain.sql'], { cwd: root });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      `pipelint: invalid configuration\n  ${path.join(root, 'pipelint.config.json')}:1:210: Invalid JSON: Nested too deeply: more than 200 levels of objects and arrays\n  the file it applies to was not linted; the other files were\n`,
    );
    assert.throws(() => parseJsonWithLocations('['.repeat(201) + ']'.repeat(201)), (e: unknown) => e instanceof JsonSyntaxError && e.offset === 200);
    assert.doesNotThrow(() => parseJsonWithLocations('['.repeat(200) + ']'.repeat(200)));
  });

  it('rejects "__proto__", "constructor" and "prototype" as unknown keys instead of applying them', async () => {
    const config = path.join(root, 'pipelint.config.json');
    const expectations: [string, string][] = [
      ['{"__proto__": {"dialect": "oracle"}}', "1:2: Unknown property '__proto__'; expected one of $schema, rules, dialect, assumeInTransaction, ignore, overrides, docsBaseUrl"],
      ['{"constructor": {}}', "1:2: Unknown property 'constructor'; expected one of $schema, rules, dialect, assumeInTransaction, ignore, overrides, docsBaseUrl"],
      ['{"prototype": 1}', "1:2: Unknown property 'prototype'; expected one of $schema, rules, dialect, assumeInTransaction, ignore, overrides, docsBaseUrl"],
      ['{"rules": {"__proto__": {"unguarded-ddl": "off"}}}', "1:12: Unknown rule '__proto__'; run `pipelint rules` to list the rules"],
      ['{"rules": {"constructor": "warn"}}', "1:12: Unknown rule 'constructor'; run `pipelint rules` to list the rules"],
    ];
    for (const [json, message] of expectations) {
      fs.writeFileSync(config, json);
      const result = await run(['plain.sql'], { cwd: root });
      assert.equal(result.code, 2, json);
      assert.equal(result.stderr, `pipelint: invalid configuration\n  ${config}:${message}\n  the file it applies to was not linted; the other files were\n`, json);
    }
    const parsed = parseJsonWithLocations('{"__proto__": {"x": 1}}').value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.deepEqual(Object.keys(parsed), ['__proto__']);
  });

  it('makes --stdin without input (closed, /dev/null) or with a directory a usage error', () => {
    fs.mkdirSync(path.join(root, 'folder'));
    const cases: [string, string][] = [
      ['<&-', "'--stdin' found no input: standard input is closed or /dev/null; pipe the text to lint into pipelint"],
      ['< /dev/null', "'--stdin' found no input: standard input is closed or /dev/null; pipe the text to lint into pipelint"],
      ['< folder', "'--stdin' found a directory on standard input; pipe the text to lint into pipelint"],
    ];
    for (const [redirect, message] of cases) {
      const result = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --stdin ${redirect}`], { cwd: root, encoding: 'utf8' });
      assert.deepEqual([result.status, result.stdout, result.stderr], [2, '', `pipelint: ${message}\nRun 'pipelint --help' for usage.\n`], redirect);
    }
    const empty = spawnSync(process.execPath, [BIN, '--stdin'], { cwd: root, input: '', encoding: 'utf8' });
    assert.deepEqual([empty.status, empty.stderr], [0, '']);
    const piped = spawnSync(process.execPath, [BIN, '--stdin', '-f', 'json'], { cwd: root, input: utf16('DROP TABLE x;\n', 'le') });
    assert.deepEqual(positions(piped.stdout.toString()), [['unguarded-ddl', 1, 1, 1, 13]]);
  });
});
