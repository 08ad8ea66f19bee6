import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { LineIndex } from '@pipelint/engine/internal/core/line-index.js';
import type { Finding, Fix } from '@pipelint/engine/internal/core/types.js';

/** A finding of `ruleId` over the first occurrence of `needle` at or after `from`. */
export function findingAt(text: string, ruleId: string, needle: string, from = 0, fix?: Fix): Finding {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`"${needle}" is not in the text`);
  const lines = new LineIndex(text);
  const finding: Finding = {
    ruleId,
    concept: 'idempotency',
    severity: 'warn',
    message: `${ruleId} here`,
    messageId: 'here',
    data: {},
    range: lines.range(start, start + needle.length),
    origin: 'sql',
  };
  if (fix) finding.fix = fix;
  return finding;
}

/** Every occurrence of `needle`, each as a finding of `ruleId`. */
export function findingsOf(text: string, ruleId: string, needle: string): Finding[] {
  const out: Finding[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) out.push(findingAt(text, ruleId, needle, at));
  return out;
}

/** A fresh temporary directory, removed after the current mocha suite. */
export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `pipelint-${prefix}-`)));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Isolated from the user's and the machine's git configuration. */
export const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function initRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
}

/** Parses a YAML file with PyYAML: Debian's python3, which pre-commit runs on, always has it. */
export function readYaml(file: string): unknown {
  const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))';
  const out = spawnSync(python, ['-c', script, file], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`cannot read ${file} as YAML: ${out.stderr}`);
  return JSON.parse(out.stdout) as unknown;
}

/** Validates a SARIF log against the SARIF 2.1.0 schema; returns the errors as text, or null. */
export function sarifSchemaErrors(log: unknown, repoRoot: string): string | null {
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.validate(schema, log) ? null : ajv.errorsText();
}
