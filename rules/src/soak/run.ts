import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findConfigFile } from '../core/config-load.js';
import type { SoakFinding } from './compare.js';
import type { ManifestRepo } from './format.js';
import { extractTree, findMirror, hasCommit, headCommit, listTree, MirrorError } from './mirror.js';

/** The pipelint build a soak run measures: its CLI entry, version and commit. */
export interface PipelintBuild {
  bin: string;
  version: string;
  commit: string;
}

export function describeBuild(bin: string): PipelintBuild {
  const absolute = path.resolve(bin);
  if (!fs.existsSync(absolute)) throw new MirrorError(`no pipelint CLI at ${bin}`);
  const checkout = path.dirname(path.dirname(absolute));
  let version = 'unknown';
  try {
    version = (JSON.parse(fs.readFileSync(path.join(checkout, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // An odd layout: the version stays unknown, the run still measures the build.
  }
  return { bin: absolute, version, commit: headCommit(checkout) ?? 'unknown' };
}

export type RepoOutcome =
  | { repo: string; status: 'linted'; commit: string; files: number; findings: SoakFinding[]; reused: boolean }
  | { repo: string; status: 'missing'; reason: string }
  | { repo: string; status: 'failed'; reason: string };

/** The cache folder of a repository at its commit: soak/.work/<owner>+<name>@<12 hex>. */
export function workDirOf(soakDir: string, repo: ManifestRepo): string {
  return path.join(soakDir, '.work', `${repo.repo.replace('/', '+')}@${repo.commit.slice(0, 12)}`);
}

/** The repo-relative files of the tree that the manifest's `paths` globs select, sorted. */
export function selectFiles(allFiles: readonly string[], globs: readonly string[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const picomatch = require('picomatch') as typeof import('picomatch');
  const matches = picomatch([...globs]);
  return allFiles.filter((f) => matches(f)).sort();
}

interface CliJsonFile {
  filePath: string;
  findings: { ruleId: string; severity: string; message: string; line: number; column: number; concept?: string | null }[];
}

/**
 * Lints one manifest repository the reference way: the tree at the pinned commit extracted, then the CLI
 * run once in it with `--format json --no-color --dialect <dialect>` and every selected file.
 */
export function lintRepository(repo: ManifestRepo, mirrors: string | null, soakDir: string, build: PipelintBuild): RepoOutcome {
  const gitDir = findMirror(mirrors, repo.repo);
  if (gitDir === null) {
    const where = mirrors === null ? 'no mirrors folder (set PIPELINT_SOAK_MIRRORS)' : `not under ${mirrors}`;
    return { repo: repo.repo, status: 'missing', reason: `no mirror: ${where}` };
  }
  try {
    if (!hasCommit(gitDir, repo.commit)) return { repo: repo.repo, status: 'failed', reason: `the mirror ${gitDir} lacks commit ${repo.commit}` };
    const target = workDirOf(soakDir, repo);
    const { reused } = extractTree(gitDir, repo.commit, target);
    const outsideConfig = findConfigFile(path.dirname(target));
    if (outsideConfig !== null) {
      return { repo: repo.repo, status: 'failed', reason: `${outsideConfig} above the work folder would change the default configuration` };
    }
    // What git archive wrote: a path marked export-ignore in .gitattributes is not there to lint.
    const files = selectFiles(listTree(gitDir, repo.commit), repo.paths).filter((f) => fs.existsSync(path.join(target, f)));
    const findings = files.length === 0 ? [] : runCli(build, target, repo, files);
    return { repo: repo.repo, status: 'linted', commit: repo.commit, files: files.length, findings, reused };
  } catch (error) {
    return { repo: repo.repo, status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Keeps a command line well under the kernel's limit; a larger file list is linted in several runs. */
const MAX_ARGUMENT_BYTES = 1024 * 1024;
/** A CLI run that takes longer than this is stuck: the repository fails, the others still run. */
const CLI_TIMEOUT_MS = 30 * 60 * 1000;

/** The file list in runs that fit a command line. pipelint lints each named file on its own, so the findings are the same. */
export function chunkFiles(files: readonly string[], maxBytes = MAX_ARGUMENT_BYTES): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const file of files) {
    const bytes = Buffer.byteLength(file) + 1;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function runCli(build: PipelintBuild, cwd: string, repo: ManifestRepo, files: readonly string[]): SoakFinding[] {
  return chunkFiles(files).flatMap((chunk) => runCliOnce(build, cwd, repo, chunk));
}

function runCliOnce(build: PipelintBuild, cwd: string, repo: ManifestRepo, files: readonly string[]): SoakFinding[] {
  const args = [build.bin, '--format', 'json', '--no-color', '--dialect', repo.dialect, ...files];
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: cliEnv(), timeout: CLI_TIMEOUT_MS });
  if (result.error) throw new MirrorError(`cannot run ${build.bin}: ${result.error.message}`);
  if (result.signal !== null) throw new MirrorError(`pipelint was stopped by ${result.signal} (over ${CLI_TIMEOUT_MS / 60000} minutes?)`);
  if (result.status !== 0 && result.status !== 1) {
    throw new MirrorError(`pipelint exited ${String(result.status)}: ${result.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
  }
  let parsed: CliJsonFile[];
  try {
    parsed = JSON.parse(result.stdout) as CliJsonFile[];
  } catch {
    const lines = (result.stderr.trim() || result.stdout.trim()).split('\n');
    const detail = (lines.find((l) => /^\s*\w*Error\b/.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines.slice(0, 3).join(' | ')).trim();
    throw new MirrorError(`pipelint (exit ${String(result.status)}) printed no JSON report: ${detail.slice(0, 400)}`);
  }
  return parsed.flatMap((file) =>
    file.findings.map((f) => ({
      repo: repo.repo,
      path: file.filePath.split(path.sep).join('/'),
      line: f.line,
      column: f.column,
      rule: f.ruleId,
      severity: f.severity,
      concept: f.concept ?? null,
      message: f.message,
    })),
  );
}

/** The CLI's environment: the caller's, without colour switches that could reach the report. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  return env;
}
