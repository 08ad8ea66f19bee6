import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfigForFile, type ConfigOverrides } from '../core/config-load.js';
import { languageOf } from '../core/language.js';
import type { LintResult } from '../engine.js';
import { flagValue, stringValue, UsageError, type OptionSpec, type ParsedArgs } from './args.js';
import { applyBaseline, BaselineError, buildBaseline, readBaseline, serializeBaseline, staleMessage } from './baseline.js';
import { displayPath, FileArgumentError, toPosixRelative } from './files.js';
import { fixFile, type FixOutcome } from './fix.js';
import type { FileReport } from './formats/types.js';
import type { LintCache } from './cache.js';
import { changedFiles, GitError } from './git.js';
import type { CliIO } from './io.js';
import { writeOutput } from './output.js';
import { isFileError, lintWithEngine, type LintTarget } from './lint-run.js';

export const CI_OPTIONS: OptionSpec[] = [
  { name: 'fix', type: 'flag', description: 'Apply the safe fixes to the files (verified by a re-lint), then report what is left' },
  { name: 'fix-dry-run', type: 'flag', description: 'Print the safe fixes as a unified diff and change nothing; exit 1 when there is something to fix' },
  {
    name: 'changed',
    type: 'flag',
    inlineValue: true,
    valueName: '<ref>',
    description: 'Lint only files changed against HEAD (staged, unstaged, untracked); with =<ref>, also those changed on this branch since <ref>',
  },
  { name: 'changed-since', type: 'string', valueName: '<ref>', description: 'The same as --changed=<ref>' },
  { name: 'baseline', type: 'string', valueName: '<path>', description: 'Report only findings that this baseline file does not record' },
  { name: 'write-baseline', type: 'string', valueName: '<path>', description: 'Record every current finding in this baseline file (keeping reasons), then exit 0' },
];

export interface CiSettings {
  fix: 'off' | 'write' | 'dry-run';
  /** Set when only changed files are linted; the ref is undefined for changes against HEAD. */
  changed: { ref: string | undefined } | null;
  baseline: string | undefined;
  writeBaseline: string | undefined;
  /** Where --fix-dry-run writes its diff instead of stdout (--output-file). */
  outputFile: string | undefined;
}

/** What the CI steps leave to the report: the files to format, or an exit code that ends the run. */
export type CiOutcome = { files: FileReport[] } | { exitCode: number };

export function ciSettings(args: ParsedArgs, cwd: string): CiSettings {
  const fix = flagValue(args, 'fix') === true;
  const dryRun = flagValue(args, 'fix-dry-run') === true;
  const since = stringValue(args, 'changed-since') ?? stringValue(args, 'changed');
  const settings: CiSettings = {
    fix: dryRun ? 'dry-run' : fix ? 'write' : 'off',
    changed: since !== undefined || flagValue(args, 'changed') === true ? { ref: since } : null,
    baseline: resolvePath(cwd, stringValue(args, 'baseline')),
    writeBaseline: resolvePath(cwd, stringValue(args, 'write-baseline')),
    outputFile: resolvePath(cwd, stringValue(args, 'output-file')),
  };
  checkCombinations(settings, fix && dryRun, flagValue(args, 'stdin') === true);
  return settings;
}

function checkCombinations(settings: CiSettings, fixAndDryRun: boolean, stdin: boolean): void {
  if (fixAndDryRun) throw new UsageError("use either '--fix' or '--fix-dry-run'");
  if (settings.baseline !== undefined && settings.writeBaseline !== undefined) {
    throw new UsageError("use '--write-baseline' alone: it keeps the reasons of the file it rewrites");
  }
  if (settings.fix === 'dry-run' && settings.writeBaseline !== undefined) throw new UsageError("'--fix-dry-run' writes nothing; drop '--write-baseline'");
  if (stdin && settings.fix !== 'off') throw new UsageError("'--fix' changes files on disk; it cannot fix standard input");
  if (stdin && settings.changed !== null) throw new UsageError("'--changed' picks files from git; it cannot be used with '--stdin'");
}

function resolvePath(cwd: string, file: string | undefined): string | undefined {
  return file === undefined ? undefined : path.resolve(cwd, file);
}

/**
 * With --changed, the targets are the changed files below the given paths (by default the working
 * directory, like a plain run); otherwise `resolve` picks them as usual. Paths are compared after
 * resolving symbolic links, since git reports the real path of the repository.
 */
export function resolveChangedTargets(
  positionals: readonly string[],
  ci: CiSettings,
  cwd: string,
  resolve: (positionals: readonly string[]) => LintTarget[],
): LintTarget[] {
  if (ci.changed === null) return resolve(positionals);
  const changed = gitChanges(cwd, ci.changed.ref).filter((file) => languageOf(file) !== null);
  const inScope = positionals.length > 0 ? changed : changed.filter((file) => !toPosixRelative(realPath(cwd), file).startsWith('../'));
  if (inScope.length === 0) return [];
  const wanted = new Set(inScope.map(realPath));
  const targets = resolve(positionals.length > 0 ? positionals : inScope.map((file) => toPosixRelative(realPath(cwd), file)));
  return targets.filter((target) => wanted.has(realPath(target.absolutePath)));
}

function gitChanges(cwd: string, ref: string | undefined): string[] {
  try {
    return changedFiles(cwd, ref);
  } catch (error) {
    if (error instanceof GitError) throw new FileArgumentError(error.message);
    throw error;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** Runs --fix or --fix-dry-run, then --write-baseline or --baseline, over the linted files. */
export function runCiSteps(files: FileReport[], ci: CiSettings, overrides: ConfigOverrides, io: CliIO, cache?: LintCache): CiOutcome {
  let reports = files;
  if (ci.fix === 'dry-run') return { exitCode: printFixDiff(reports, overrides, io, ci.outputFile) };
  if (ci.fix === 'write') reports = fixReports(reports, overrides, io, cache);
  try {
    if (ci.writeBaseline !== undefined) return { exitCode: recordBaseline(reports, ci.writeBaseline, io) };
    if (ci.baseline !== undefined) reports = filterByBaseline(reports, ci.baseline, io);
  } catch (error) {
    if (error instanceof BaselineError) throw new FileArgumentError(error.message);
    throw error;
  }
  return { files: reports };
}

function fixOutcomes(files: readonly FileReport[], overrides: ConfigOverrides, dryRun: boolean, io: CliIO): Map<FileReport, FixOutcome> {
  const outcomes = new Map<FileReport, FixOutcome>();
  for (const report of files) {
    if (!report.findings.some((f) => f.fix !== undefined)) continue;
    const { config } = loadConfigForFile(report.absolutePath, overrides);
    const lint = (text: string): LintResult => lintWithEngine(text, report.absolutePath, config);
    const initial = { text: report.text, result: { filename: report.absolutePath, language: report.language, findings: report.findings, suppressedCount: report.suppressedCount } };
    const outcome = fixFile(report.absolutePath, lint, { dryRun, displayPath: report.path, initial, fs: io.fs });
    if (outcome.detail !== undefined) io.stderr.write(`pipelint: ${report.path}: ${outcome.detail}\n`);
    outcomes.set(report, outcome);
  }
  return outcomes;
}

/** Applies the fixes; the cache learns the result of each fixed text, which is now the file's. */
function fixReports(files: readonly FileReport[], overrides: ConfigOverrides, io: CliIO, cache: LintCache | undefined): FileReport[] {
  const outcomes = fixOutcomes(files, overrides, false, io);
  const fixed = [...outcomes.values()].filter((o) => o.status === 'fixed');
  if (fixed.length > 0) io.stderr.write(`pipelint: fixed ${plural(fixCount(fixed), 'problem')} in ${plural(fixed.length, 'file')}\n`);
  return files.map((report) => {
    const outcome = outcomes.get(report);
    if (outcome?.status !== 'fixed' || outcome.text === undefined) return report;
    if (cache !== undefined) {
      const key = cache.keyOf(report.absolutePath, loadConfigForFile(report.absolutePath, overrides).config, outcome.text);
      cache.record(report.absolutePath, key, outcome.result);
    }
    return { ...report, text: outcome.text, findings: outcome.result.findings, suppressedCount: outcome.result.suppressedCount };
  });
}

/** Prints the diff of every file the fixes would change; 1 when there is one, 0 when nothing would change. */
function printFixDiff(files: readonly FileReport[], overrides: ConfigOverrides, io: CliIO, outputFile: string | undefined): number {
  const fixed = [...fixOutcomes(files, overrides, true, io).values()].filter((o) => o.status === 'fixed');
  const diff = fixed.map((o) => o.diff ?? '').join('');
  if (outputFile === undefined) io.stdout.write(diff);
  else writeOutput(outputFile, diff, displayPath(io.cwd, outputFile), { createDirs: true, fs: io.fs });
  const unreadable = files.filter(isFileError);
  for (const file of unreadable) io.stderr.write(`pipelint: ${file.path}: ${file.findings[0].message}\n`);
  if (fixed.length === 0) io.stderr.write('pipelint: no safe fixes to apply\n');
  else io.stderr.write(`pipelint: --fix would fix ${plural(fixCount(fixed), 'problem')} in ${plural(fixed.length, 'file')}\n`);
  return unreadable.length > 0 ? 2 : fixed.length === 0 ? 0 : 1;
}

function fixCount(outcomes: readonly FixOutcome[]): number {
  return outcomes.reduce((n, o) => n + o.applied, 0);
}

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/**
 * Unreadable paths are left out of the baseline: their findings are unknown, so the entries already
 * recorded for them are kept, and the run exits 2 after writing the rest.
 */
function recordBaseline(files: readonly FileReport[], target: string, io: CliIO): number {
  const previous = fs.existsSync(target) ? readBaseline(target, toPosixRelative(io.cwd, target)) : null;
  const unreadable = files.filter(isFileError);
  const baseline = buildBaseline(files.filter((f) => !isFileError(f)), path.dirname(target), previous);
  writeOutput(target, serializeBaseline(baseline), displayPath(io.cwd, target), { createDirs: false, fs: io.fs });
  io.stderr.write(`pipelint: wrote ${plural(baseline.entries.length, 'entry', 'entries')} to ${toPosixRelative(io.cwd, target)}\n`);
  for (const file of unreadable) io.stderr.write(`pipelint: ${file.path}: ${file.findings[0].message}\n`);
  return unreadable.length > 0 ? 2 : 0;
}

function filterByBaseline(files: readonly FileReport[], source: string, io: CliIO): FileReport[] {
  // A file-error is never hidden by a baseline, and an unreadable file's entries are not stale.
  const readable = files.filter((f) => !isFileError(f));
  const outcome = applyBaseline(readBaseline(source, toPosixRelative(io.cwd, source)), readable, path.dirname(source));
  const kept = new Map(readable.map((f, i) => [f, outcome.files[i]]));
  if (outcome.matched > 0) io.stderr.write(`pipelint: ${plural(outcome.matched, 'finding')} recorded in ${toPosixRelative(io.cwd, source)} not shown\n`);
  const stale = staleMessage(outcome.stale.length);
  if (stale !== null) io.stderr.write(`pipelint: ${stale}\n`);
  return files.map((f) => kept.get(f) ?? f);
}
