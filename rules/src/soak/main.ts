import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../cli/files.js';
import { flagValue, parseArgs, renderHelp, stringValue, UsageError, type OptionSpec } from '../cli/args.js';
import { allRuleMetas } from '../registry.js';
import { catalogueOf, compareFindings, formatPercent, PRECISION_BAR, type Comparison, type SoakFinding, type Tally } from './compare.js';
import {
  compareText,
  defaultSoakDir,
  entryKey,
  formatResultsJson,
  formatSoakJson,
  parseManifest,
  parseResults,
  parseTriage,
  readJsonOr,
  SoakFormatError,
  triageReposOutsideManifest,
  type FindingCoordinates,
  type Manifest,
  type Results,
  type ResultsRepo,
} from './format.js';
import { mergeParts } from './merge.js';
import { MirrorError, mirrorsRoot } from './mirror.js';
import { describeBuild, lintRepository, type PipelintBuild, type RepoOutcome } from './run.js';

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

export const SOAK_OPTIONS: OptionSpec[] = [
  { name: 'repo', type: 'string', valueName: '<owner/name,...>', description: 'Only these manifest repositories (comma-separated)' },
  { name: 'rule', type: 'string', valueName: '<id,...>', description: 'Only these rules (comma-separated)' },
  { name: 'pipelint', type: 'string', valueName: '<bin/pipelint.js>', description: "Measure another build's CLI against the same triage (default: this checkout's)" },
  { name: 'json', type: 'string', valueName: '<file>', description: 'Also write a machine-readable summary' },
  { name: 'untriaged', type: 'string', valueName: '<file>', description: 'Write the untriaged findings as triage-entry stubs to judge' },
  { name: 'write-results', type: 'flag', description: 'Write the findings (coordinates only) of the linted repositories to soak/results.json' },
  { name: 'require-all', type: 'flag', description: 'A missing mirror is an error, not a skip' },
  { name: 'merge-parts', type: 'flag', description: 'Merge soak/parts/*.manifest.json and *.triage.json into the corpus, then delete the parts' },
  { name: 'soak-dir', type: 'string', valueName: '<dir>', description: 'The soak folder (default: soak/ of this checkout)' },
  { name: 'help', alias: 'h', type: 'flag', description: 'Show this help' },
];

export interface SoakIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function helpText(): string {
  return renderHelp({
    usage: ['npm run soak -- [options]'],
    commands: [],
    options: SOAK_OPTIONS,
    footer: [
      {
        title: 'Exit codes',
        lines: [
          '0  every finding triaged and every recommended rule at or above the precision bar',
          `1  an untriaged finding, or a recommended rule under ${formatPercent(PRECISION_BAR)} precision`,
          '2  usage error, unreadable soak files, a failed repository, or a missing mirror with --require-all',
        ],
      },
      { title: 'Mirrors', lines: ['$PIPELINT_SOAK_MIRRORS/<owner>+<name>[/repo], else the nearest .mirror folder above the checkout'] },
    ],
  });
}

function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  if (items.length === 0) throw new UsageError('an empty list');
  return items;
}

export function main(argv: string[], io: SoakIO = processSoakIO()): number {
  try {
    const args = parseArgs(argv, SOAK_OPTIONS, []);
    if (flagValue(args, 'help') === true) {
      io.stdout.write(helpText());
      return EXIT_OK;
    }
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const soakDir = path.resolve(io.cwd, stringValue(args, 'soak-dir') ?? defaultSoakDir());
    if (flagValue(args, 'merge-parts') === true) {
      const merged = mergeParts(soakDir);
      io.stdout.write(`merged ${merged.parts.length} part files: ${merged.repositories} repositories, ${merged.entries} triage entries; parts deleted\n`);
      return EXIT_OK;
    }
    return soak(args, soakDir, io);
  } catch (error) {
    if (error instanceof UsageError) io.stderr.write(`soak: ${error.message}\nRun 'npm run soak -- --help' for usage.\n`);
    else if (error instanceof SoakFormatError || error instanceof MirrorError) io.stderr.write(`soak: ${error.message}\n`);
    else io.stderr.write(`soak: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_USAGE;
  }
}

function soak(args: ReturnType<typeof parseArgs>, soakDir: string, io: SoakIO): number {
  const manifest = parseManifest(readJsonOr(path.join(soakDir, 'manifest.json'), { repositories: [] }), 'soak/manifest.json');
  const triage = parseTriage(readJsonOr(path.join(soakDir, 'triage.json'), { entries: [] }), 'soak/triage.json');
  const repoFilter = listOption(stringValue(args, 'repo'));
  const ruleFilter = listOption(stringValue(args, 'rule'));
  const writeResults = flagValue(args, 'write-results') === true;
  if (writeResults && ruleFilter !== undefined) throw new UsageError("'--write-results' records every rule's findings; do not combine it with '--rule'");
  const listed = new Set(manifest.repositories.map((r) => r.repo));
  for (const r of repoFilter ?? []) if (!listed.has(r)) throw new UsageError(`'${r}' is not in soak/manifest.json`);
  const selected = manifest.repositories.filter((r) => repoFilter === undefined || repoFilter.includes(r.repo));

  const checkout = path.resolve(__dirname, '..', '..', '..');
  const build = describeBuild(path.resolve(io.cwd, stringValue(args, 'pipelint') ?? path.join(checkout, 'bin', 'pipelint.js')));
  const mirrors = mirrorsRoot(io.env, checkout);

  for (const stray of triageReposOutsideManifest(manifest, triage)) io.stderr.write(`soak: warning: the triage judges ${stray}, which the manifest does not list\n`);

  const outcomes: RepoOutcome[] = [];
  for (const repo of selected) {
    io.stderr.write(`soak: ${repo.repo} ...\n`);
    outcomes.push(lintRepository(repo, mirrors, soakDir, build));
  }
  const linted = new Set(outcomes.filter((o) => o.status === 'linted').map((o) => o.repo));
  const inRule = (rule: string): boolean => ruleFilter === undefined || ruleFilter.includes(rule);
  const findings = outcomes.flatMap((o) => (o.status === 'linted' ? o.findings : [])).filter((f) => inRule(f.rule));
  const entries = triage.entries.filter((e) => linted.has(e.repo) && inRule(e.rule));
  const comparison = compareFindings(findings, entries, catalogueOf(allRuleMetas()));

  const missing = outcomes.filter((o) => o.status === 'missing');
  const failed = outcomes.filter((o) => o.status === 'failed');
  const requireAll = flagValue(args, 'require-all') === true;
  let exit: number = comparison.untriaged.length > 0 || comparison.belowBar.length > 0 ? EXIT_FAIL : EXIT_OK;
  if (failed.length > 0 || (requireAll && missing.length > 0)) exit = EXIT_USAGE;

  io.stdout.write(renderReport(build, outcomes, comparison, { mirrors, requireAll, exit }));

  const untriagedFile = stringValue(args, 'untriaged');
  if (untriagedFile !== undefined) writeFile(path.resolve(io.cwd, untriagedFile), formatSoakJson('entries', untriagedStubs(comparison.untriaged)));
  const jsonFile = stringValue(args, 'json');
  if (jsonFile !== undefined) writeFile(path.resolve(io.cwd, jsonFile), `${JSON.stringify(jsonSummary(build, outcomes, comparison, exit), null, 2)}\n`);
  if (writeResults) {
    const resultsFile = path.join(soakDir, 'results.json');
    const previous = parseResults(readJsonOr(resultsFile, { repositories: [] }), 'soak/results.json');
    writeFile(resultsFile, formatResultsJson(updatedResults(previous, manifest, outcomes, build)));
    io.stdout.write(`wrote ${displayPath(io.cwd, resultsFile)}: ${linted.size} repositories updated\n`);
  }
  return exit;
}

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** One stub per (repo, path, line, rule), sorted, ready to be judged: verdict and reason left empty. */
export function untriagedStubs(findings: readonly SoakFinding[]): object[] {
  const byKey = new Map<string, SoakFinding>();
  for (const f of findings) if (!byKey.has(entryKey(f))) byKey.set(entryKey(f), f);
  return [...byKey.values()]
    .sort((a, b) => compareText(a.repo, b.repo) || compareText(a.path, b.path) || a.line - b.line || compareText(a.rule, b.rule))
    .map((f) => ({ repo: f.repo, path: f.path, line: f.line, rule: f.rule, verdict: '', reason: '', message: f.message }));
}

/**
 * The results after this run: linted repositories replaced by their current findings, repositories not
 * linted now kept as they were (when still listed at the same commit), repositories gone from the manifest dropped.
 */
export function updatedResults(previous: Results, manifest: Manifest, outcomes: readonly RepoOutcome[], build: PipelintBuild): Results {
  const current = new Map<string, ResultsRepo>();
  for (const o of outcomes) {
    if (o.status !== 'linted') continue;
    const coordinates: FindingCoordinates[] = o.findings
      .map((f) => ({ path: f.path, line: f.line, column: f.column, rule: f.rule }))
      .sort((a, b) => compareText(a.path, b.path) || a.line - b.line || a.column - b.column || compareText(a.rule, b.rule));
    current.set(o.repo, { repo: o.repo, commit: o.commit, pipelint: { version: build.version, commit: build.commit }, findings: coordinates });
  }
  const kept = previous.repositories.filter((r) => !current.has(r.repo) && manifest.repositories.some((m) => m.repo === r.repo && m.commit === r.commit));
  return { repositories: [...kept, ...current.values()].sort((a, b) => compareText(a.repo, b.repo)) };
}

// ---- the text report ----

/** Names (the first column, and text columns) left-aligned, numbers right-aligned. */
function pad(cells: readonly string[], widths: readonly number[], leftColumns: readonly number[]): string {
  return cells.map((c, i) => (leftColumns.includes(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
}

function table(header: readonly string[], rows: readonly string[][], leftColumns: readonly number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [pad(header, widths, leftColumns), ...rows.map((r) => pad(r, widths, leftColumns))].map((l) => `  ${l}`).join('\n');
}

const TALLY_HEADER = ['findings', 'repos', 'tp', 'fp', 'debatable', 'untriaged', 'precision', 'fn', 'fn found', 'recall'];

function tallyCells(t: Tally): string[] {
  return [t.findings, t.repos, t.tp, t.fp, t.debatable, t.untriaged].map(String).concat([
    formatPercent(t.precision),
    String(t.fnEntries),
    String(t.fnFound),
    formatPercent(t.recall),
  ]);
}

function renderReport(build: PipelintBuild, outcomes: readonly RepoOutcome[], c: Comparison, opts: { mirrors: string | null; requireAll: boolean; exit: number }): string {
  const out: string[] = [];
  const lintedCount = outcomes.filter((o) => o.status === 'linted').length;
  out.push(`pipelint soak: pipelint ${build.version} (${build.commit.slice(0, 12)}), ${lintedCount} of ${outcomes.length} repositories linted, mirrors ${opts.mirrors ?? '(none found)'}`);
  out.push('');
  out.push('Repositories');
  out.push(
    outcomes.length === 0
      ? '  (the manifest lists none)'
      : table(
          ['repository', 'status', 'files', 'findings', 'detail'],
          outcomes.map((o) =>
            o.status === 'linted'
              ? [o.repo, 'linted', String(o.files), String(o.findings.length), o.reused ? 'cached tree' : 'extracted']
              : [o.repo, o.status, '-', '-', o.reason],
          ),
          [0, 1, 4],
        ),
  );
  out.push('');
  out.push('Per rule (precision = tp / (tp + fp + debatable), by finding; recall by problem, shown where misses are triaged)');
  out.push(
    c.rules.length === 0
      ? '  (no findings and no triage entries in scope)'
      : table(['rule', 'concept', 'severity', ...TALLY_HEADER], c.rules.map((r) => [r.rule, r.concept, r.severity, ...tallyCells(r)]), [0, 1, 2]),
  );
  out.push('');
  out.push('Per concept');
  out.push(c.concepts.length === 0 ? '  (none)' : table(['concept', ...TALLY_HEADER], c.concepts.map((k) => [k.concept, ...tallyCells(k)])));
  out.push('');
  out.push(table(['total', ...TALLY_HEADER], [['all', ...tallyCells(c.total)]]));
  out.push('');
  const vanishedCount = c.vanished.tp.length + c.vanished.fp.length + c.vanished.debatable.length;
  out.push(`Vanished findings (triaged, no longer reported): ${vanishedCount}`);
  const groups: [keyof Comparison['vanished'], string][] = [
    ['tp', 'tp: a true finding lost'],
    ['fp', 'fp: a false alarm fixed'],
    ['debatable', 'debatable: no longer reported'],
  ];
  for (const [verdict, title] of groups) {
    const list = c.vanished[verdict];
    if (list.length === 0) continue;
    out.push(`  ${title} (${list.length})`);
    for (const e of list) out.push(`    ${e.repo} ${e.path}:${e.line} ${e.rule}`);
  }
  out.push('');
  const shown = c.untriaged.slice(0, 50);
  out.push(`Untriaged findings: ${c.untriaged.length}${c.untriaged.length > shown.length ? ` (first ${shown.length}; --untriaged <file> writes them all)` : ''}`);
  for (const f of shown) out.push(`  ${f.repo} ${f.path}:${f.line}:${f.column} ${f.rule} ${f.message}`);
  out.push('');
  const reasons: string[] = [];
  if (c.untriaged.length > 0) reasons.push(`${c.untriaged.length} untriaged finding${c.untriaged.length === 1 ? '' : 's'}`);
  for (const b of c.belowBar) reasons.push(`${b.rule}: ${b.reason}`);
  for (const o of outcomes) {
    if (o.status === 'failed') reasons.push(`${o.repo} failed: ${o.reason}`);
    if (o.status === 'missing') reasons.push(`${o.repo} skipped: ${o.reason}${opts.requireAll ? ' (an error with --require-all)' : ''}`);
  }
  out.push(`Result: ${opts.exit === EXIT_OK ? 'pass' : 'FAIL'} (exit ${opts.exit})`);
  for (const r of reasons) out.push(`  ${r}`);
  return `${out.join('\n')}\n`;
}

function jsonSummary(build: PipelintBuild, outcomes: readonly RepoOutcome[], c: Comparison, exit: number): object {
  return {
    pipelint: { version: build.version, commit: build.commit, bin: build.bin },
    exitCode: exit,
    repositories: outcomes.map((o) =>
      o.status === 'linted' ? { repo: o.repo, status: o.status, commit: o.commit, files: o.files, findings: o.findings.length } : { repo: o.repo, status: o.status, reason: o.reason },
    ),
    rules: c.rules,
    concepts: c.concepts,
    total: c.total,
    belowBar: c.belowBar,
    vanished: c.vanished,
    untriaged: c.untriaged.map((f) => ({ repo: f.repo, path: f.path, line: f.line, column: f.column, rule: f.rule })),
  };
}

function processSoakIO(): SoakIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
