import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const ESLINT = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');

interface EslintFileResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; severity: number }[];
}

/** Runs the real ESLint CLI with a user-style flat config that imports the plugin by its package name. */
function runEslint(configDir: string, target: string): { status: number | null; results: EslintFileResult[] } {
  const out = spawnSync(process.execPath, [ESLINT, '--config', path.join(configDir, 'eslint.config.mjs'), '--format', 'json', target], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(out.stderr, '', 'eslint wrote to stderr');
  return { status: out.status, results: JSON.parse(out.stdout) as EslintFileResult[] };
}

function findingsOf(results: EslintFileResult[], file: string): string[] {
  const result = results.find((r) => path.basename(r.filePath) === file);
  assert.ok(result, `${file} was not linted`);
  return result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`);
}

describe('the ESLint plugin in a user eslint.config.mjs', () => {
  let configDir = '';

  before(() => {
    // Inside the repository, so `pipelint/eslint-plugin` resolves through the package's own "exports".
    mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
    configDir = mkdtempSync(path.join(ROOT, 'test-artifacts', 'eslint-'));
    writeFileSync(
      path.join(configDir, 'eslint.config.mjs'),
      "import pipelint from 'pipelint/eslint-plugin';\n\nexport default [pipelint.configs.recommended];\n",
    );
  });

  after(() => rmSync(configDir, { recursive: true, force: true }));

  it('reports each broken example at its line and column and exits 1', () => {
    const { status, results } = runEslint(configDir, 'examples/node/broken');
    assert.equal(status, 1);
    assert.deepEqual(findingsOf(results, 'receipt-worker.ts'), ['17:11 pipelint/retry-side-effect']);
    assert.deepEqual(findingsOf(results, 'send-invoice.ts'), ['9:13 pipelint/retry-side-effect']);
    assert.deepEqual(findingsOf(results, 'order-consumer.ts'), ['12:21 pipelint/poison-message']);
    assert.deepEqual(findingsOf(results, 'payment-consumer.ts'), ['14:9 pipelint/swallowed-consumer-error']);
    assert.deepEqual(findingsOf(results, 'dead-letter.ts'), ['13:13 pipelint/dlq-missing-context']);
    assert.deepEqual(findingsOf(results, 'rabbit-consumer.ts'), ['15:7 pipelint/nack-without-dead-letter']);
    assert.deepEqual(findingsOf(results, 'refresh-dashboard.ts'), ['15:33 pipelint/tight-polling-interval']);
    assert.deepEqual(findingsOf(results, 'queues-stack.ts'), ['11:30 pipelint/queue-without-dlq', '19:28 pipelint/dlq-unmonitored']);
    assert.deepEqual(findingsOf(results, 'price-ticks.ts'), ['11:40 pipelint/silent-drop']);
  });

  it('finds nothing in the fixed examples and exits 0', () => {
    const { status, results } = runEslint(configDir, 'examples/node/fixed');
    assert.deepEqual(results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)} ${m.line}:${m.column} ${m.ruleId}`)), []);
    assert.equal(status, 0);
  });
});
