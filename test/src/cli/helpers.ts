import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearConfigCache } from '@pipelint/engine/internal/core/config-load.js';
import { main } from '@pipelint/engine/internal/cli/main.js';
import type { CliIO } from '@pipelint/engine/internal/cli/io.js';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  stdin?: string;
  env?: Record<string, string | undefined>;
  isTTY?: boolean;
  stderrIsTTY?: boolean;
  now?: () => number;
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: string[], options: RunOptions): Promise<RunResult> {
  clearConfigCache();
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: async () => options.stdin ?? '',
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
    stderrIsTTY: options.stderrIsTTY,
    env: options.env ?? {},
    now: options.now,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Creates a temporary directory holding the given files (path -> content) and returns its path. */
export function makeTree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-cli-')));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** A file the engine always reports: NUL bytes make it binary (`parse-error`, an error by default). */
export const BINARY_SQL = 'SELECT 1;\u0000\u0001';
