import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, formatConfigError, loadConfigForFile, type ConfigOverrides } from '../core/config-load.js';
import { DIALECTS, type Dialect } from '../sql/model.js';
import { flagValue, integerValue, parseArgs, renderHelp, stringValue, UsageError, type CommandSpec, type OptionSpec, type ParsedArgs } from './args.js';
import { FileArgumentError } from './files.js';
import { FORMAT_NAMES, loadFormatter, type FormatName } from './formats/index.js';
import { countSeverities, type FileReport } from './formats/types.js';
import { cacheFilePath, DEFAULT_CACHE_DIRECTORY, engineIdentity, LintCache } from './cache.js';
import { NODE_FS, processIO, type CliIO } from './io.js';
import { OutputError, writeOutput } from './output.js';
import { ensureLanguages, languageOf, languageReady } from '../core/language.js';
import { isFileError, lintTargets, resolveTargets, type LintSettings, type LintTarget } from './lint-run.js';
import { defaultJobs, PARALLEL_THRESHOLD } from './parallel.js';
import { CI_OPTIONS, ciSettings, resolveChangedTargets, runCiSteps, type CiSettings } from './ci-steps.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** The single source of the option parser and of --help. */
export const OPTIONS: OptionSpec[] = [
  { name: 'format', alias: 'f', type: 'string', valueName: '<format>', choices: FORMAT_NAMES, description: 'Output format; default stylish' },
  { name: 'output-file', alias: 'o', type: 'string', valueName: '<path>', description: 'Write the report to a file instead of stdout' },
  { name: 'quiet', type: 'flag', description: 'Report errors only (warnings are neither shown nor counted)' },
  { name: 'max-warnings', type: 'integer', valueName: '<n>', description: 'Exit 1 when there are more than n warnings' },
  { name: 'config', alias: 'c', type: 'string', valueName: '<path>', description: 'Use this config file for every file instead of the nearest one' },
  { name: 'dialect', type: 'string', valueName: '<dialect>', choices: DIALECTS, description: 'SQL dialect, overriding the config' },
  { name: 'stdin', type: 'flag', description: 'Lint text from standard input' },
  { name: 'stdin-filename', type: 'string', valueName: '<path>', description: 'The file name of the --stdin text (language and config lookup)' },
  { name: 'color', type: 'flag', negatable: true, description: 'Force colours on or off (default: on for a terminal; NO_COLOR, FORCE_COLOR)' },
  ...CI_OPTIONS,
  { name: 'cache', type: 'flag', description: 'Reuse the results of files that did not change since the last run (not for --stdin)' },
  {
    name: 'cache-location',
    type: 'string',
    valueName: '<path>',
    description: `The cache file, or a directory to hold it; default ${DEFAULT_CACHE_DIRECTORY}/`,
  },
  {
    name: 'jobs',
    alias: 'j',
    type: 'integer',
    valueName: '<n>',
    description: `Lint in n threads when there are at least ${PARALLEL_THRESHOLD} files and 1 MB to lint; default the processor count (1: one thread). The output is the same`,
  },
  { name: 'help', alias: 'h', type: 'flag', description: 'Show this help' },
  { name: 'version', alias: 'v', type: 'flag', description: 'Show the version' },
];

/** Subcommands, selected by the first argument; without one, pipelint lints. */
export const COMMANDS: CommandSpec[] = [
  { name: 'rules', usage: 'rules', description: 'List the rules with their concept, default severity and whether they are fixable' },
  { name: 'explain', usage: 'explain <concept|rule>', description: 'Show the lesson behind a concept or a rule' },
];

const LINT_HELP: CommandSpec = { name: 'lint', usage: '[paths or globs...]', description: 'Lint .sql, TypeScript/JavaScript and Python files (default: .); .gitignore applies' };

const EXIT_CODE_HELP = [
  '0  no errors (warnings allowed, up to --max-warnings)',
  '1  at least one error, or more warnings than --max-warnings',
  '2  usage error, invalid configuration, missing file, a path that could not be read (file-error), or internal error',
];

export function helpText(): string {
  return renderHelp({
    usage: ['pipelint [options] [paths or globs...]', 'pipelint rules', 'pipelint explain <concept|rule>'],
    commands: [...COMMANDS, LINT_HELP],
    options: OPTIONS,
    footer: [
      { title: 'Exit codes', lines: EXIT_CODE_HELP },
      { title: 'Configuration', lines: ['pipelint.config.json or .pipelintrc.json, the nearest one above each file (schema: pipelint.schema.json)'] },
    ],
  });
}

export function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** Runs the pipelint command line; resolves to the process exit code. Never rejects. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    const args = parseArgs(argv, OPTIONS, COMMANDS);
    const other = otherCommand(args, io);
    if (other !== null) return other;
    const { settings, ci } = lintPlan(args, io);
    const stdinText = settings.stdin ? await io.stdin() : undefined;
    const jobs = jobsOf(args);
    const { targets, cache } = lintStart(args, settings, ci, io, stdinText);
    // The Python parser is WebAssembly, loaded (asynchronously, once) only when a Python file is among the targets.
    await ensureLanguages(targets.map((t) => languageOf(t.absolutePath)));
    let files: FileReport[];
    if (jobs > 1 && targets.length >= parallelThreshold(io)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const parallel = require('./parallel.js') as typeof import('./parallel.js');
      const threshold = parallelThreshold(io);
      // The variable lowers both bounds: a test or bench tree is small.
      files = await parallel.lintTargetsInParallel(targets, settings, io, jobs, cache, threshold, threshold === PARALLEL_THRESHOLD ? undefined : 0);
    } else {
      files = lintTargets(targets, settings, io, cache);
    }
    return lintFinish(args, settings, ci, io, files, cache);
  } catch (error) {
    return reportFailure(error, io);
  }
}

/**
 * The same run, synchronously, for runs that do not read standard input (`--stdin` is a usage error
 * here): fuzzers and tests drive thousands of runs in-process with it. Never throws.
 */
export function mainSync(argv: string[], io: CliIO): number {
  try {
    const args = parseArgs(argv, OPTIONS, COMMANDS);
    const other = otherCommand(args, io);
    if (other !== null) return other;
    const { settings, ci } = lintPlan(args, io);
    if (settings.stdin) throw new UsageError("'--stdin' is read by main(), not mainSync()");
    // One thread: a worker pool needs the event loop, which a synchronous run does not give back.
    jobsOf(args);
    const { targets, cache } = lintStart(args, settings, ci, io, undefined);
    const python = targets.find((t) => languageOf(t.absolutePath) === 'py' && !languageReady('py'));
    if (python) throw new UsageError(`${python.path} is Python: lint it with main(), or await ensureLanguages(['py']) before mainSync()`);
    return lintFinish(args, settings, ci, io, lintTargets(targets, settings, io, cache), cache);
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** --help, --version and the subcommands; null for a lint run. */
function otherCommand(args: ParsedArgs, io: CliIO): number | null {
  if (flagValue(args, 'help') === true) return write(io, helpText());
  if (flagValue(args, 'version') === true) return write(io, `${packageVersion()}\n`);
  if (args.command === 'rules') return rulesCommand(args, io);
  if (args.command === 'explain') return explainCommand(args, io);
  return null;
}

function write(io: CliIO, text: string): number {
  io.stdout.write(text);
  return EXIT_OK;
}

function reportFailure(error: unknown, io: CliIO): number {
  if (error instanceof UsageError) {
    io.stderr.write(`pipelint: ${error.message}\nRun 'pipelint --help' for usage.\n`);
  } else if (error instanceof ConfigError) {
    io.stderr.write(`pipelint: invalid configuration\n  ${formatConfigError(error)}\n`);
  } else if (error instanceof FileArgumentError || error instanceof OutputError) {
    io.stderr.write(`pipelint: ${error.message}\n`);
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`pipelint: internal error, please report it with the command and file that caused it:\n${detail}\n`);
  }
  return EXIT_USAGE;
}

/** The settings of a lint run; every usage error shows up here, before standard input is read. */
function lintPlan(args: ParsedArgs, io: CliIO): { settings: LintSettings; ci: CiSettings } {
  return { settings: lintSettings(args, io), ci: ciSettings(args, io.cwd) };
}

/**
 * The fewest files a run shares out between threads. PIPELINT_JOBS_THRESHOLD lowers it, so that tests
 * and benches can compare threaded and unthreaded runs on small trees.
 */
function parallelThreshold(io: CliIO): number {
  const given = io.env.PIPELINT_JOBS_THRESHOLD;
  return given !== undefined && /^\d+$/.test(given) ? Number(given) : PARALLEL_THRESHOLD;
}

/** `--jobs`, or the processor count; 0 is a usage error. */
function jobsOf(args: ParsedArgs): number {
  const jobs = integerValue(args, 'jobs');
  if (jobs === 0) throw new UsageError("option '--jobs' needs at least 1");
  return jobs ?? defaultJobs();
}

function lintStart(args: ParsedArgs, settings: LintSettings, ci: CiSettings, io: CliIO, stdinText: string | undefined): { targets: LintTarget[]; cache: LintCache | undefined } {
  const targets = resolveChangedTargets(args.positionals, ci, io.cwd, (paths) => resolveTargets(paths, settings, io, stdinText));
  return { targets, cache: openCache(settings, io) };
}

function lintFinish(args: ParsedArgs, settings: LintSettings, ci: CiSettings, io: CliIO, linted: FileReport[], cache: LintCache | undefined): number {
  const ciOutcome = runCiSteps(linted, ci, settings.overrides, io, cache);
  cache?.save();
  if ('exitCode' in ciOutcome) return ciOutcome.exitCode;
  const files = ciOutcome.files;
  const reported = settings.quiet ? files.map(onlyErrors) : files;
  const context = { cwd: io.cwd, color: settings.color, version: packageVersion(), docsBaseUrl: runDocsBaseUrl(io.cwd, settings.overrides) };
  const report = loadFormatter(settings.format)(reported, context);
  const outputFile = stringValue(args, 'output-file');
  if (outputFile !== undefined) writeOutput(path.resolve(io.cwd, outputFile), report, outputFile, { createDirs: true, fs: io.fs });
  else io.stdout.write(report);
  return exitCode(reported, settings, io);
}

/**
 * The `docsBaseUrl` links in the report point to: that of `--config`, or of the configuration that applies to
 * the working directory. A broken one is reported with the files it governs; links then work offline.
 */
function runDocsBaseUrl(cwd: string, overrides: ConfigOverrides): string | null {
  try {
    return loadConfigForFile(path.join(cwd, 'pipelint-report'), overrides).config.docsBaseUrl ?? null;
  } catch (error) {
    if (error instanceof ConfigError) return null;
    throw error;
  }
}

/** The cache of `--cache`; standard input is linted without it. */
function openCache(settings: LintSettings, io: CliIO): LintCache | undefined {
  if (settings.cacheFile === undefined || settings.stdin) return undefined;
  return LintCache.open(settings.cacheFile, { identity: engineIdentity(packageVersion()), cwd: io.cwd, fs: io.fs ?? NODE_FS, notices: io.stderr });
}

function lintSettings(args: ParsedArgs, io: CliIO): LintSettings {
  const stdin = flagValue(args, 'stdin') === true;
  const stdinFilename = stringValue(args, 'stdin-filename');
  if (stdinFilename !== undefined && !stdin) throw new UsageError("'--stdin-filename' needs '--stdin'");
  if (stdin && args.positionals.length > 0) throw new UsageError("'--stdin' lints standard input; do not name files with it");
  const cache = flagValue(args, 'cache') === true;
  const cacheLocation = stringValue(args, 'cache-location');
  if (cacheLocation !== undefined && !cache) throw new UsageError("'--cache-location' needs '--cache'");
  return {
    format: (stringValue(args, 'format') ?? 'stylish') as FormatName,
    quiet: flagValue(args, 'quiet') === true,
    maxWarnings: integerValue(args, 'max-warnings'),
    stdin,
    stdinFilename,
    overrides: { configFile: resolveIn(io.cwd, stringValue(args, 'config')), dialect: stringValue(args, 'dialect') as Dialect | undefined },
    color: useColor(args, io),
    cacheFile: cache ? cacheFilePath(io.cwd, cacheLocation, io.fs ?? NODE_FS) : undefined,
  };
}

function resolveIn(cwd: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const absolute = path.resolve(cwd, file);
  if (!fs.existsSync(absolute)) throw new FileArgumentError(`Config file not found: ${file}`);
  return absolute;
}

/** --color/--no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
function useColor(args: ParsedArgs, io: CliIO): boolean {
  const flag = flagValue(args, 'color');
  if (flag !== undefined) return flag;
  if (stringValue(args, 'output-file') !== undefined) return false;
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.isTTY;
}

function onlyErrors(file: FileReport): FileReport {
  return { ...file, findings: file.findings.filter((f) => f.severity === 'error') };
}

function exitCode(files: readonly FileReport[], settings: LintSettings, io: CliIO): number {
  const errors = files.filter(isFileError);
  if (errors.length > 0) {
    let unreadable = 0;
    for (const { configError: e, absolutePath } of errors) {
      if (e === undefined) unreadable++;
      else io.stderr.write(`pipelint: invalid configuration\n  ${absolutePath}:${e.line}:${e.column}: ${e.message}\n  ${e.governed === 1 ? 'the file it applies to was' : `the ${e.governed} files it applies to were`} not linted; the other files were\n`);
    }
    if (unreadable > 0) io.stderr.write(`pipelint: ${unreadable === 1 ? '1 path' : `${unreadable} paths`} could not be read (file-error); the other files were linted\n`);
    return EXIT_USAGE;
  }
  const counts = countSeverities(files);
  if (counts.error > 0) return EXIT_FINDINGS;
  if (settings.maxWarnings !== undefined && counts.warn > settings.maxWarnings) {
    io.stderr.write(`pipelint: ${counts.warn} warning${counts.warn === 1 ? '' : 's'}, more than --max-warnings ${settings.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function rulesCommand(args: ParsedArgs, io: CliIO): number {
  if (args.positionals.length > 0) throw new UsageError(`'pipelint rules' takes no arguments`);
  const format = stringValue(args, 'format') ?? 'stylish';
  if (format !== 'stylish' && format !== 'json') throw new UsageError(`'pipelint rules' prints --format stylish or json`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const listing = require('./rules-command.js') as typeof import('./rules-command.js');
  const rules = listing.ruleListing();
  return write(io, format === 'json' ? JSON.stringify(rules, null, 2) + '\n' : listing.formatRuleTable(rules));
}

function explainCommand(args: ParsedArgs, io: CliIO): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const explain = require('./explain.js') as typeof import('./explain.js');
  return explain.explainCommand(args.positionals, {
    stdout: (s) => io.stdout.write(s),
    stderr: (s) => io.stderr.write(s),
    color: useColor(args, io),
    width: io.columns,
  });
}
