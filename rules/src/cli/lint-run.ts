import * as fs from 'node:fs';
import * as path from 'node:path';
import { isIgnoredByConfig, loadConfigForFile, type ConfigOverrides } from '../core/config-load.js';
import { languageOf, lintText } from '../engine.js';
import { decodeSource } from './encoding.js';
import { collectFiles, displayPath, FileArgumentError } from './files.js';
import type { FormatName } from './formats/index.js';
import type { FileReport } from './formats/types.js';
import type { CliIO } from './io.js';
import { ProgressLine } from './progress.js';

export interface LintSettings {
  format: FormatName;
  quiet: boolean;
  maxWarnings: number | undefined;
  stdin: boolean;
  stdinFilename: string | undefined;
  overrides: ConfigOverrides;
  color: boolean;
}

/** A file to lint: its absolute path, its display path, and its text when it does not come from disk. */
export interface LintTarget {
  absolutePath: string;
  path: string;
  text?: string;
}

export const STDIN_DISPLAY_NAME = '<stdin>';

/** The files (or the standard input) this run lints, with config `ignore` globs applied. */
export async function resolveTargets(positionals: readonly string[], settings: LintSettings, io: CliIO): Promise<LintTarget[]> {
  if (settings.stdin) return stdinTargets(settings, io);
  const files = collectFiles(positionals.length === 0 ? ['.'] : positionals, io.cwd);
  return files
    .filter((file) => !isIgnoredByConfig(file, loadConfigForFile(file, settings.overrides)))
    .map((file) => ({ absolutePath: file, path: displayPath(io.cwd, file) }));
}

async function stdinTargets(settings: LintSettings, io: CliIO): Promise<LintTarget[]> {
  const text = await io.stdin();
  const name = settings.stdinFilename;
  if (name === undefined) return [{ absolutePath: path.join(io.cwd, STDIN_DISPLAY_NAME), path: STDIN_DISPLAY_NAME, text }];
  const absolutePath = path.resolve(io.cwd, name);
  if (languageOf(absolutePath) === null) return [];
  if (isIgnoredByConfig(absolutePath, loadConfigForFile(absolutePath, settings.overrides))) return [];
  return [{ absolutePath, path: displayPath(io.cwd, absolutePath), text }];
}

/** Lints every target with the configuration nearest to it. */
export function lintTargets(targets: readonly LintTarget[], settings: LintSettings, io: CliIO): FileReport[] {
  const progress = new ProgressLine(io.stderr, io.stderrIsTTY ?? io.isTTY, io.now ?? Date.now);
  const reports: FileReport[] = [];
  try {
    for (const [index, target] of targets.entries()) {
      progress.update(index, targets.length, target.path);
      reports.push(lintTarget(target, settings));
    }
  } finally {
    progress.clear();
  }
  return reports;
}

function lintTarget(target: LintTarget, settings: LintSettings): FileReport {
  const { config } = loadConfigForFile(target.absolutePath, settings.overrides);
  const text = target.text ?? readSource(target);
  const result = lintText(text, { filename: target.absolutePath, config });
  return {
    absolutePath: target.absolutePath,
    path: target.path,
    text,
    language: result.language,
    findings: result.findings,
    suppressedCount: result.suppressedCount,
  };
}

function readSource(target: LintTarget): string {
  try {
    return decodeSource(fs.readFileSync(target.absolutePath)).text;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FileArgumentError(`Cannot read ${target.path}: ${reason}`);
  }
}
