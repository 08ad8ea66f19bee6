import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { BINARY_SQL, makeTree, removeTree, REPO_ROOT } from './helpers.js';

const BIN = path.join(REPO_ROOT, 'bin', 'pipelint.js');

function pipelint(args: string[], cwd: string, input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the pipelint executable', () => {
  let root: string;
  before(() => {
    root = makeTree({ 'clean.sql': 'SELECT 1;\n', 'binary.sql': BINARY_SQL });
  });
  after(() => removeTree(root));

  it('sets the process exit code: 0 clean, 1 errors, 2 missing file', () => {
    assert.equal(pipelint(['clean.sql'], root).status, 0);
    const failing = pipelint(['binary.sql', 'clean.sql'], root);
    assert.equal(failing.status, 1);
    assert.match(failing.stdout, /^binary\.sql\n {2}1:1 {2}error/);
    const missing = pipelint(['nope.sql'], root);
    assert.deepEqual([missing.status, missing.stderr], [2, 'pipelint: No such file or directory: nope.sql\n']);
  });

  it('reads standard input with --stdin', () => {
    const result = pipelint(['--stdin', '--stdin-filename', 'models/x.sql', '--format', 'json'], root, BINARY_SQL);
    assert.equal(result.status, 1);
    const [file] = JSON.parse(result.stdout) as { filePath: string; findings: { ruleId: string }[] }[];
    assert.deepEqual([file.filePath, file.findings.map((f) => f.ruleId)], ['models/x.sql', ['parse-error']]);
  });
});
