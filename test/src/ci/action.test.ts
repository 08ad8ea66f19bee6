import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTree, removeTree, REPO_ROOT } from '../cli/helpers.js';
import { readYaml, sarifSchemaErrors } from './helpers.js';

interface ActionStep {
  name: string;
  id?: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface Action {
  name: string;
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

function loadAction(): Action {
  return readYaml(path.join(REPO_ROOT, 'action.yml')) as Action;
}

interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: string;
}

/**
 * Runs the action's lint step the way a GitHub runner does (bash -e -o pipefail, inputs in the
 * environment), with the action's own checkout being this repository.
 */
function runLintStep(step: ActionStep, cwd: string, inputs: Record<string, string>): StepRun {
  const outputs = path.join(cwd, '.github-output');
  fs.writeFileSync(outputs, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_OUTPUT: outputs, NO_COLOR: '1' };
  for (const [name, template] of Object.entries(step.env ?? {})) {
    env[name] = template.replace(/\$\{\{\s*(github\.action_path|inputs\.([\w-]+))\s*\}\}/g, (_, what: string, input?: string) =>
      input === undefined ? REPO_ROOT : (inputs[input] ?? ''),
    );
  }
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd, env, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, outputs: fs.readFileSync(outputs, 'utf8') };
}

describe('the GitHub Action', () => {
  const action = loadAction();
  const lint = action.runs.steps.find((s) => s.id === 'lint');
  let root: string;
  const defaults = (): Record<string, string> => Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));

  beforeEach(() => (root = makeTree({
  // blind-insert is a hint by default; a project that opts in makes it a warning, which fails the job.
  'pipelint.config.json': '{ "rules": { "blind-insert": "warn" } }\n',
  'jobs/a,b:c.sql': 'INSERT INTO orders VALUES (1);\n',
  'jobs/setup.sql': 'DROP TABLE IF EXISTS t;\n',
})));
  afterEach(() => removeTree(root));

  it('is a composite action whose inputs are all described and all used', () => {
    assert.equal(action.runs.using, 'composite');
    assert.ok(lint);
    assert.deepEqual(Object.keys(action.inputs), ['paths', 'format', 'baseline', 'sarif-file', 'max-warnings', 'changed-since', 'config', 'working-directory']);
    const text = fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
    for (const [name, input] of Object.entries(action.inputs)) {
      assert.ok(input.description.length > 20, name);
      assert.ok(text.includes(`\${{ inputs.${name} }}`), `input ${name} is never used`);
    }
    assert.equal(action.outputs['exit-code'].value, '${{ steps.lint.outputs.exit-code }}');
  });

  it('annotates findings with escaped file names, writes valid SARIF and fails on warnings past the limit', () => {
    assert.ok(lint);
    const step = runLintStep(lint, root, { ...defaults(), paths: 'jobs', 'sarif-file': 'pipelint.sarif', 'max-warnings': '0' });
    assert.equal(step.status, 1, step.stderr);
    assert.equal(step.outputs, 'exit-code=1\n');
    assert.match(step.stdout, /^::warning file=jobs\/a%2Cb%3Ac\.sql,line=1,col=1,.*title=pipelint\(blind-insert\)::A re-run inserts every row into orders again/m);
    const log = JSON.parse(fs.readFileSync(path.join(root, 'pipelint.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; partialFingerprints: object }> }> };
    assert.equal(sarifSchemaErrors(log, REPO_ROOT), null);
    assert.deepEqual(log.runs[0].results.map((r) => r.ruleId), ['blind-insert']);
  });

  it('passes when the baseline records the findings', () => {
    assert.ok(lint);
    const write = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/pipelint.js'), '--write-baseline', 'baseline.json'], { cwd: root, encoding: 'utf8' });
    assert.equal(write.status, 0, write.stderr);
    const step = runLintStep(lint, root, { ...defaults(), baseline: 'baseline.json', 'max-warnings': '0' });
    assert.deepEqual([step.status, step.stdout, step.outputs], [0, '', 'exit-code=0\n']);
  });

  it('never runs an input as shell code', () => {
    assert.ok(lint);
    const step = runLintStep(lint, root, { ...defaults(), paths: '$(touch pwned)', baseline: '"; touch pwned2; "' });
    assert.equal(step.status, 2);
    assert.ok(!fs.existsSync(path.join(root, 'pwned')) && !fs.existsSync(path.join(root, 'pwned2')));
  });
});
