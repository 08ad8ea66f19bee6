import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export class GitError extends Error {}

interface GitRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Files changed in a git work tree, as sorted absolute paths of files that exist now.
 * Without a ref: staged and unstaged changes against HEAD plus untracked files that are not
 * ignored. With a ref: additionally every file changed on this branch since it forked from the
 * ref (`ref...HEAD`), which is what a pull request's CI wants to lint.
 */
export function changedFiles(cwd: string, ref?: string): string[] {
  const top = toplevel(cwd);
  const names = new Set<string>();
  if (ref !== undefined) {
    for (const name of branchChanges(top, ref)) names.add(name);
  }
  for (const name of workTreeChanges(top)) names.add(name);
  for (const name of nulList(git(top, ['ls-files', '-z', '--others', '--exclude-standard']))) names.add(name);
  return [...names]
    .map((name) => path.join(top, name))
    .filter(isFile)
    .sort();
}

function toplevel(cwd: string): string {
  const run = git(cwd, ['rev-parse', '--show-toplevel']);
  if (run.status !== 0) throw new GitError(`--changed needs a git work tree: ${firstLine(run.stderr) || `git failed in ${cwd}`}`);
  return run.stdout.replace(/\r?\n$/, '');
}

function branchChanges(top: string, ref: string): string[] {
  if (ref === '' || ref.startsWith('-')) throw new GitError(`"${ref}" is not a git ref`);
  if (git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).status !== 0) {
    throw new GitError(`unknown git ref "${ref}" (in a shallow CI checkout, fetch it first, e.g. actions/checkout with fetch-depth: 0)`);
  }
  const run = git(top, ['diff', '-z', '--name-only', '--diff-filter=ACMR', `${ref}...HEAD`]);
  if (run.status !== 0) {
    throw new GitError(`cannot compare with "${ref}": ${firstLine(run.stderr)} (a shallow clone lacks the merge base: fetch more history)`);
  }
  return nulList(run);
}

function workTreeChanges(top: string): string[] {
  const hasHead = git(top, ['rev-parse', '--verify', '--quiet', 'HEAD']).status === 0;
  // Before the first commit there is nothing to diff against: everything staged is new.
  const args = hasHead ? ['diff', '-z', '--name-only', '--diff-filter=ACMR', 'HEAD'] : ['ls-files', '-z', '--cached'];
  const run = git(top, args);
  if (run.status !== 0) throw new GitError(`git ${args[0]} failed: ${firstLine(run.stderr)}`);
  return nulList(run);
}

function git(cwd: string, args: string[]): GitRun {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new GitError(`cannot run git: ${run.error.message}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function nulList(run: GitRun): string[] {
  return run.stdout.split('\u0000').filter((name) => name !== '');
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0] ?? '';
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
