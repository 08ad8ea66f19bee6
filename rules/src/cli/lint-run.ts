import { beginProjectRun } from '../project/dbt-project.js';
import * as path from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import { ConfigError, isIgnoredByConfig, loadConfigForFile, type ConfigOverrides, type LoadedConfig } from '../core/config-load.js';
import { FILE_ERROR } from '../core/engine-rules.js';
import { LineIndex } from '../core/line-index.js';
import { engineFinding } from '../core/engine-finding.js';
import { languageOf } from '../core/language.js';
import type { LintResult } from '../engine.js';
import { decodeSource } from './encoding.js';
import type { CachedResult, LintCache } from './cache.js';
import { collectFiles, displayPath, osReason, type PathProblem } from './files.js';
import type { FormatName } from './formats/index.js';
import type { FileReport } from './formats/types.js';
import { NODE_FS, type CliFs, type CliIO } from './io.js';
import { setLintedFiles } from '../py/linted-files.js';
import { ProgressLine } from './progress.js';

export interface LintSettings {
  format: FormatName;
  quiet: boolean;
  maxWarnings: number | undefined;
  stdin: boolean;
  stdinFilename: string | undefined;
  overrides: ConfigOverrides;
  color: boolean;
  /** The cache file of `--cache`, or undefined when results are not cached. */
  cacheFile: string | undefined;
}

/** A file to lint: its absolute path, its display path, and its text when it does not come from disk. */
export interface LintTarget {
  absolutePath: string;
  path: string;
  text?: string;
  /** Set when the path could not be read while collecting the files: it is reported as `file-error`. */
  problem?: TargetProblem;
}

/**
 * Why a target is reported instead of linted. `config`: the target is a configuration file that cannot be used
 * (`line`/`column` of the problem), and the `governed` files it applies to were not linted.
 */
export type TargetProblem = Pick<PathProblem, 'kind' | 'reason'> | { kind: 'config'; reason: string; line: number; column: number; governed: number };

export const STDIN_DISPLAY_NAME = '<stdin>';

/** The files (or the standard input, already read) this run lints, with config `ignore` globs applied. */
export function resolveTargets(positionals: readonly string[], settings: LintSettings, io: CliIO, stdinText?: string): LintTarget[] {
  if (settings.stdin) return stdinTargets(settings, io, stdinText ?? '');
  const problems: PathProblem[] = [];
  const files = collectFiles(positionals.length === 0 ? ['.'] : positionals, io.cwd, { fs: io.fs, problems });
  // A configuration file that cannot be used is one report of its own; the files it governs are not linted
  // (defaults could report what the team turned off), and every other file is.
  const broken = new Map<string, { error: ConfigError; governed: number }>();
  const configOf = (file: string): LoadedConfig | null => {
    try {
      return loadConfigForFile(file, settings.overrides);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const entry = broken.get(error.path) ?? { error, governed: 0 };
      entry.governed++;
      broken.set(error.path, entry);
      return null;
    }
  };
  const targets: LintTarget[] = [];
  for (const file of files) {
    const loaded = configOf(file);
    if (loaded !== null && !isIgnoredByConfig(file, loaded)) targets.push({ absolutePath: file, path: displayPath(io.cwd, file) });
  }
  for (const problem of problems) {
    const loaded = configOf(problem.path);
    if (loaded !== null && isIgnoredByConfig(problem.path, loaded)) continue;
    targets.push({ absolutePath: problem.path, path: displayPath(io.cwd, problem.path), problem });
  }
  for (const { error, governed } of broken.values()) {
    const problem: TargetProblem = { kind: 'config', reason: error.message, line: error.line, column: error.column, governed };
    targets.push({ absolutePath: error.path, path: displayPath(io.cwd, error.path), problem });
  }
  return targets.sort((a, b) => (a.absolutePath < b.absolutePath ? -1 : a.absolutePath > b.absolutePath ? 1 : 0));
}

function stdinTargets(settings: LintSettings, io: CliIO, text: string): LintTarget[] {
  const name = settings.stdinFilename;
  if (name === undefined) return [{ absolutePath: path.join(io.cwd, STDIN_DISPLAY_NAME), path: STDIN_DISPLAY_NAME, text }];
  const absolutePath = path.resolve(io.cwd, name);
  if (languageOf(absolutePath) === null) return [];
  if (isIgnoredByConfig(absolutePath, loadConfigForFile(absolutePath, settings.overrides))) return [];
  return [{ absolutePath, path: displayPath(io.cwd, absolutePath), text }];
}

/** Lints every target with the configuration nearest to it; a file whose result is in `cache` is not linted again. */
export function lintTargets(targets: readonly LintTarget[], settings: LintSettings, io: CliIO, cache?: LintCache): FileReport[] {
  const progress = new ProgressLine(io.stderr, io.stderrIsTTY ?? io.isTTY, io.now ?? Date.now);
  const reports: FileReport[] = [];
  if (targets.some((t) => languageOf(t.absolutePath) === 'py')) {
    // A .sql file an Airflow operator names is reported in that file when this run lints it, else on the operator.
    const linted = new Set(targets.filter((t) => t.problem === undefined && t.text === undefined).map((t) => t.absolutePath));
    setLintedFiles((file) => linted.has(file));
  }
  // The dbt project around the files is read once for the whole run, not once per model.
  const endRun = beginProjectRun();
  try {
    for (const [index, target] of targets.entries()) {
      progress.update(index, targets.length, target.path);
      const step = prepareTarget(target, settings, io.fs ?? NODE_FS, cache);
      reports.push('report' in step ? step.report : finishTarget(step, lintWithEngine(step.text, target.absolutePath, step.config), cache));
    }
  } finally {
    endRun();
    progress.clear();
  }
  return reports;
}

/** A target read and looked up in the cache: either its report, or the text and config still to lint. */
export type PreparedTarget = { report: FileReport } | PendingLint;

export interface PendingLint {
  target: LintTarget;
  text: string;
  config: ResolvedConfig;
  /** The cache key, when the result is to be recorded. */
  key: string | undefined;
}

/** Reads a target and looks it up in the cache; what is left to do is linting its text. */
export function prepareTarget(target: LintTarget, settings: LintSettings, fs: CliFs, cache: LintCache | undefined): PreparedTarget {
  if (target.problem?.kind === 'config') return { report: configErrorReport(target, target.problem, fs) };
  if (target.problem !== undefined) return { report: fileErrorReport(target, target.problem.kind, target.problem.reason) };
  const { config } = loadConfigForFile(target.absolutePath, settings.overrides);
  let text = target.text;
  if (text === undefined) {
    try {
      text = decodeSource(fs.readFileSync(target.absolutePath)).text;
    } catch (error) {
      // Unreadable, or deleted since the walk found it: reported for itself, the run goes on.
      return { report: fileErrorReport(target, (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'directory' : 'file', osReason(error)) };
    }
  }
  // Standard input is never cached: its text is not the file's, and its entry would replace the file's.
  const useCache = cache !== undefined && target.text === undefined;
  const key = useCache ? cache.keyOf(target.absolutePath, config, text) : undefined;
  const cached = useCache && key !== undefined ? cache.lookup(target.absolutePath, key) : undefined;
  if (cached !== undefined) return { report: reportOf(target, text, cached) };
  return { target, text, config, key };
}

/** The report of a linted target; its result is recorded in the cache. */
export function finishTarget(pending: PendingLint, result: CachedResult, cache: LintCache | undefined): FileReport {
  if (cache !== undefined && pending.key !== undefined) cache.record(pending.target.absolutePath, pending.key, result);
  return reportOf(pending.target, pending.text, result);
}

function reportOf(target: LintTarget, text: string, result: CachedResult): FileReport {
  return {
    absolutePath: target.absolutePath,
    path: target.path,
    text,
    language: result.language,
    findings: result.findings,
    suppressedCount: result.suppressedCount,
  };
}

/**
 * Lints with the engine, loaded on the first file that needs it: a run whose every file is in the cache
 * never loads the parser or a rule.
 */
export function lintWithEngine(text: string, filename: string, config: ResolvedConfig): LintResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require('../engine.js') as typeof import('../engine.js');
  return engine.lintText(text, { filename, config });
}

/** The report of a path that could not be read: one `file-error` finding at its start. */
export function fileErrorReport(target: LintTarget, kind: PathProblem['kind'], reason: string): FileReport {
  const messageId = kind === '.gitignore' ? 'gitignore' : kind;
  const finding = engineFinding(FILE_ERROR.id, messageId, FILE_ERROR.messages[messageId], { reason }, new LineIndex(''), { start: 0, end: 0 }, 'error');
  return { absolutePath: target.absolutePath, path: target.path, text: '', language: languageOf(target.absolutePath) ?? 'sql', findings: [finding], suppressedCount: 0 };
}

/** The report of a configuration file that cannot be used: one `file-error` finding where the problem is. */
function configErrorReport(target: LintTarget, problem: Extract<TargetProblem, { kind: 'config' }>, fs: CliFs): FileReport {
  let text = '';
  try {
    text = decodeSource(fs.readFileSync(target.absolutePath)).text;
  } catch {
    // Unreadable: the problem is at line 1, column 1, and the report shows no source.
  }
  const lines = new LineIndex(text);
  const line = Math.min(Math.max(problem.line, 1), lines.lineCount);
  const offset = Math.min(lines.lineStart(line) + Math.max(problem.column - 1, 0), lines.lineEnd(line));
  const governed = problem.governed === 1 ? '1 file' : `${problem.governed} files`;
  const data = { reason: problem.reason, governed };
  const finding = engineFinding(FILE_ERROR.id, 'config', FILE_ERROR.messages.config, data, lines, { start: offset, end: offset }, 'error');
  const configError = { message: problem.reason, line: problem.line, column: problem.column, governed: problem.governed };
  return { absolutePath: target.absolutePath, path: target.path, text, language: 'sql', findings: [finding], suppressedCount: 0, configError };
}

/** Whether a report is a path that could not be read. */
export function isFileError(report: FileReport): boolean {
  return report.findings.some((f) => f.ruleId === FILE_ERROR.id);
}
