import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { clearConfigCache } from '@pipelint/engine/internal/core/config-load.js';
import { main } from '@pipelint/engine/internal/cli/main.js';
import type { CliFs, CliIO } from '@pipelint/engine/internal/cli/io.js';

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
  fs?: CliFs;
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
    fs: options.fs,
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

/** Whether this process ignores file permissions (root in CI): chmod 000 then stops nothing. */
export const IGNORES_PERMISSIONS = process.getuid?.() === 0;

/**
 * node:fs with faults: `fault(call, path)` returns the error code a call on that path must fail with
 * (or null), or may act first (delete a file, say). Lets tests provoke what root would never see.
 */
export function faultyFs(fault: (call: string, file: string) => string | null): CliFs {
  return new Proxy(fs, {
    get(target, name: string) {
      const real = (target as unknown as Record<string, unknown>)[name];
      if (typeof real !== 'function') return real;
      return (...args: unknown[]) => {
        const file = typeof args[0] === 'string' ? args[0] : '';
        const code = fault(name, file);
        if (code !== null) {
          throw Object.assign(new Error(`${code}: ${ERRNO_TEXT[code] ?? 'injected fault'}, ${name} '${file}'`), { code, syscall: name, path: file });
        }
        return (real as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as CliFs;
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  ENOENT: 'no such file or directory',
  ELOOP: 'too many symbolic links encountered',
  EIO: 'i/o error',
  ENOSPC: 'no space left on device',
};

/** Makes `files` unreadable for real (chmod 000) and, where permissions do not apply, through `fs`. */
export function denyRead(root: string, names: readonly string[]): CliFs | undefined {
  const denied = new Set(names.map((n) => path.join(root, n)));
  for (const file of denied) fs.chmodSync(file, 0);
  if (!IGNORES_PERMISSIONS) return undefined;
  return faultyFs((call, file) => ((call === 'readFileSync' || call === 'readdirSync' || call === 'openSync') && denied.has(file) ? 'EACCES' : null));
}

/** The default link to a docs page: a file: URI into this checkout's docs/ (core/docs-url.ts). */
export function docsFileUrl(kind: 'rules' | 'lessons', id: string): string {
  return pathToFileURL(path.join(REPO_ROOT, 'docs', kind, `${id}.md`)).href;
}
