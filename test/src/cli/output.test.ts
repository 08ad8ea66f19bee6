import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sarifSchemaErrors } from '../ci/helpers.js';
import { faultyFs, makeTree, removeTree, REPO_ROOT, run } from './helpers.js';

const BIN = path.join(REPO_ROOT, 'bin', 'pipelint.js');

interface SarifLog {
  runs: { results: { ruleId: string; locations: { physicalLocation: { region: Record<string, unknown> } }[] }[] }[];
}

describe('output that never fails', () => {
  let root: string;
  before(() => {
    const deep = 4000;
    root = makeTree({
      'deep.ts': `const x = ${'['.repeat(deep)}${']'.repeat(deep)};\n`,
      'deep-call.ts': `f${'('.repeat(3000)}${')'.repeat(3000)};\n`,
      'empty.sql': '',
      'binary.sql': 'SELECT 1;\u0000\u0001',
      'long.sql': `SELECT ${'a, '.repeat(50000)}b FROM t;\nDROP TABLE x;`,
      'control.sql': 'DROP TABLE "x\u001b[31m\ny";\r\nDELETE FROM "\ud800" ;\n',
      'unterminated.sql': "SELECT 'never closed\nDROP TABLE x",
      'cr.sql': 'DROP TABLE a;\rDROP TABLE b;\r',
      'a.sql': 'DROP TABLE x;\n',
    });
    fs.writeFileSync(path.join(root, 'utf16.sql'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('DROP TABLE x;\r\n', 'utf16le')]));
    fs.writeFileSync(path.join(root, 'latin1.sql'), Buffer.from("DROP TABLE caf\xe9;\n", 'latin1'));
    fs.symlinkSync('loop.sql', path.join(root, 'loop.sql'));
  });
  after(() => removeTree(root));

  it('gives a parse error at an unknown column (deeply nested TypeScript) the start of its line', async () => {
    const result = await run(['-f', 'json', 'deep.ts', 'deep-call.ts'], { cwd: root });
    const files = JSON.parse(result.stdout) as { findings: { ruleId: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
    for (const file of files) {
      const [finding] = file.findings;
      assert.equal(finding.ruleId, 'parse-error');
      assert.deepEqual([finding.line, finding.column, finding.endLine, finding.endColumn], [1, 1, 1, 1]);
    }
  });

  it('writes SARIF that passes the 2.1.0 schema for pathological files, with every position a positive integer', async () => {
    const result = await run(['-f', 'sarif', '.'], { cwd: root });
    assert.equal(result.code, 2);
    const log = JSON.parse(result.stdout) as SarifLog;
    assert.equal(sarifSchemaErrors(log, REPO_ROOT), null);
    const results = log.runs[0].results;
    assert.ok(results.some((r) => r.ruleId === 'file-error'));
    assert.ok(results.filter((r) => r.ruleId === 'parse-error').length >= 3);
    for (const r of results) {
      for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
        const value = r.locations[0].physicalLocation.region[key];
        if (value !== undefined) assert.ok(Number.isInteger(value) && (value as number) >= 1, `${r.ruleId} ${key} = ${String(value)}`);
      }
    }
  });

  it('says in one line that the -o file cannot be written, with the OS reason, and exits 2', async () => {
    const full = faultyFs((call, file) => (call === 'writeFileSync' && file.endsWith('report.json') ? 'ENOSPC' : null));
    assert.deepEqual(await run(['-o', 'out/report.json', 'a.sql'], { cwd: root, fs: full }), {
      code: 2,
      stdout: '',
      stderr: 'pipelint: cannot write out/report.json: ENOSPC: no space left on device\n',
    });
    assert.deepEqual(await run(['-o', 'a.sql/report.json', 'a.sql'], { cwd: root }), {
      code: 2,
      stdout: '',
      stderr: 'pipelint: cannot write a.sql/report.json: ENOTDIR: not a directory\n',
    });
  });

  it('says in one line that the --write-baseline file cannot be written and exits 2', async () => {
    const denied = faultyFs((call, file) => (call === 'writeFileSync' && file.endsWith('baseline.json') ? 'EACCES' : null));
    assert.deepEqual(await run(['--write-baseline', 'baseline.json', 'a.sql'], { cwd: root, fs: denied }), {
      code: 2,
      stdout: '',
      stderr: 'pipelint: cannot write baseline.json: EACCES: permission denied\n',
    });
    const missing = await run(['--write-baseline', 'no/such/dir/baseline.json', 'a.sql'], { cwd: root });
    assert.deepEqual(missing, { code: 2, stdout: '', stderr: 'pipelint: cannot write no/such/dir/baseline.json: ENOENT: no such file or directory\n' });
  });

  it('fails at once, not in an endless loop, when -o names a folder that cannot be created (/proc/nope)', function () {
    if (!fs.existsSync('/proc/self')) this.skip();
    const result = spawnSync(process.execPath, [BIN, '-o', '/proc/nope/x.json', 'a.sql'], { cwd: root, encoding: 'utf8', timeout: 15000 });
    assert.equal(result.signal, null, 'pipelint had to be killed: it spun');
    assert.deepEqual([result.status, result.stderr], [2, 'pipelint: cannot write /proc/nope/x.json: ENOENT: no such file or directory\n']);
  });

  it('ends quietly when the reader of its output goes away (| head -1)', () => {
    const big = path.join(root, 'big.sql');
    fs.writeFileSync(big, Array.from({ length: 3000 }, (_, i) => `DROP TABLE t${i};`).join('\n'));
    try {
      const result = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" big.sql | head -1`], { cwd: root, encoding: 'utf8', timeout: 30000 });
      assert.deepEqual([result.status, result.stdout, result.stderr], [0, 'big.sql\n', '']);
    } finally {
      fs.rmSync(big);
    }
  });
});
