import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A git failure or a broken mirror: reported for that repository, never a crash of the run. */
export class MirrorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MirrorError';
  }
}

/** The folder that holds the mirrors: $PIPELINT_SOAK_MIRRORS, else the nearest `.mirror` above the checkout. */
export function mirrorsRoot(env: NodeJS.ProcessEnv, checkout: string): string | null {
  const configured = env.PIPELINT_SOAK_MIRRORS;
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  let current = path.resolve(checkout);
  for (;;) {
    const candidate = path.join(current, '.mirror');
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isDirectory()) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** The bare git dir of `owner/name` below the mirrors root (`owner+name/repo` or `owner+name`), or null. */
export function findMirror(root: string | null, repo: string): string | null {
  if (root === null) return null;
  const base = path.join(root, repo.replace('/', '+'));
  // A bare clone at owner+name/repo or owner+name, or the .git of an ordinary clone there.
  for (const candidate of [path.join(base, 'repo'), base, path.join(base, 'repo', '.git'), path.join(base, '.git')]) {
    if (isGitDir(candidate)) return candidate;
  }
  return null;
}

function isGitDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'HEAD')) && fs.statSync(path.join(dir, 'objects'), { throwIfNoEntry: false })?.isDirectory() === true;
}

function git(gitDir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new MirrorError(`cannot run git: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** True when the mirror holds the commit (as a commit object). */
export function hasCommit(gitDir: string, commit: string): boolean {
  return git(gitDir, ['cat-file', '-e', `${commit}^{commit}`]).status === 0;
}

/** The HEAD commit of a git checkout or dir, or null when it is not one. */
export function headCommit(dir: string): string | null {
  const result = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/**
 * Extracts the tree at `commit` into `target` (as `git archive | tar -x`) unless a finished extraction is
 * already there. A marker file written last tells a finished extraction from an interrupted one.
 */
export function extractTree(gitDir: string, commit: string, target: string): { reused: boolean } {
  const marker = path.join(path.dirname(target), `.${path.basename(target)}.done`);
  if (fs.existsSync(marker) && fs.existsSync(target)) return { reused: true };
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  // Through a tar file rather than memory: a large repository's archive can be gigabytes.
  const tarFile = `${target}.tar`;
  try {
    let archive = spawnSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', '-o', tarFile, commit], { encoding: 'utf8' });
    if (archive.status !== 0 && !archive.error) {
      // A mirror may lack some blobs (snapshots leave out very large files): archive the tree without them.
      const missing = missingBlobs(gitDir, commit);
      if (missing.length > 0) {
        const excludes = missing.map((file) => `:(exclude,literal)${file}`);
        archive = spawnSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', '-o', tarFile, commit, '--', '.', ...excludes], {
          encoding: 'utf8',
        });
      }
    }
    if (archive.error || archive.status !== 0) throw new MirrorError(`git archive ${commit} failed: ${archive.error?.message ?? archive.stderr.trim()}`);
    const tar = spawnSync('tar', ['-x', '-f', tarFile, '-C', target], { encoding: 'utf8' });
    if (tar.error || tar.status !== 0) throw new MirrorError(`tar -x failed: ${tar.error?.message ?? tar.stderr.trim()}`);
  } finally {
    fs.rmSync(tarFile, { force: true });
  }
  fs.writeFileSync(marker, `${commit}\n`);
  return { reused: false };
}

/** The paths of the tree whose blobs the mirror does not hold. */
export function missingBlobs(gitDir: string, commit: string): string[] {
  const tree = git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (tree.status !== 0) throw new MirrorError(`git ls-tree ${commit} failed: ${tree.stderr.trim()}`);
  const entries: { object: string; file: string }[] = [];
  for (const record of tree.stdout.split('\u0000')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [, type, object] = record.slice(0, tab).split(' ');
    if (type === 'blob') entries.push({ object, file: record.slice(tab + 1) });
  }
  const check = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch-check=%(objectname)'], {
    input: entries.map((e) => e.object).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (check.error) throw new MirrorError(`cannot run git: ${check.error.message}`);
  const lines = check.stdout.split('\n');
  return entries.filter((_, i) => lines[i]?.endsWith(' missing')).map((e) => e.file);
}

/** Every regular file of the tree (no symbolic links or submodules), repo-relative with forward slashes. */
export function listTree(gitDir: string, commit: string): string[] {
  const result = git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (result.status !== 0) throw new MirrorError(`git ls-tree ${commit} failed: ${result.stderr.trim()}`);
  const files: string[] = [];
  for (const record of result.stdout.split('\u0000')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type] = record.slice(0, tab).split(' ');
    if (type === 'blob' && (mode === '100644' || mode === '100755')) files.push(record.slice(tab + 1));
  }
  return files;
}
