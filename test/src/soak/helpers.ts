import * as fs from 'node:fs';
import * as path from 'node:path';
import { main, type SoakIO } from '@pipelint/engine/internal/soak/main.js';
import { git, initRepo } from '../ci/helpers.js';

/** Writes files (path -> text) below a folder, creating the folders on the way. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/**
 * A fake mirror: a bare git clone at <mirrors>/<owner>+<name>/repo of a one-commit repository with the
 * given files. Returns the commit.
 */
export function makeMirror(tmp: string, mirrors: string, repo: string, files: Record<string, string>): string {
  const work = path.join(tmp, `work-${repo.replace('/', '+')}`);
  fs.mkdirSync(work, { recursive: true });
  initRepo(work);
  writeTree(work, files);
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'fixture');
  const bare = path.join(mirrors, repo.replace('/', '+'), 'repo');
  fs.mkdirSync(path.dirname(bare), { recursive: true });
  git(tmp, 'clone', '-q', '--mirror', work, bare);
  return git(work, 'rev-parse', 'HEAD').trim();
}

export interface SoakRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the soak command in-process with the given mirrors folder; output captured. */
export function runSoak(args: string[], mirrors: string, cwd: string): SoakRun {
  let stdout = '';
  let stderr = '';
  const io: SoakIO = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ...process.env, PIPELINT_SOAK_MIRRORS: mirrors },
    cwd,
  };
  const code = main(args, io);
  return { code, stdout, stderr };
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
