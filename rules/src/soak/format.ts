import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIALECTS } from '../sql/model.js';
import { knownRuleIds } from '../registry.js';

/**
 * The soak corpus files (soak/manifest.json, soak/triage.json, soak/results.json): their shapes, reading,
 * validation and canonical order. The formats are agreed in the soak README; change them only together.
 */

export const CATEGORIES = ['dbt', 'warehouse-sql', 'migrations', 'node', 'python'] as const;
export const WAREHOUSES = ['snowflake', 'bigquery', 'redshift', 'postgres', 'mysql', 'databricks', 'duckdb', 'other'] as const;
export const VERDICTS = ['tp', 'fp', 'debatable', 'fn'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface ManifestRepo {
  repo: string;
  commit: string;
  category: (typeof CATEGORIES)[number];
  warehouse: (typeof WAREHOUSES)[number];
  dialect: string;
  paths: string[];
  note: string;
}

export interface Manifest {
  repositories: ManifestRepo[];
}

export interface TriageEntry {
  repo: string;
  path: string;
  line: number;
  rule: string;
  verdict: Verdict;
  reason: string;
  class?: string;
}

export interface Triage {
  entries: TriageEntry[];
}

/** One finding by coordinates only: never its text. */
export interface FindingCoordinates {
  path: string;
  line: number;
  column: number;
  rule: string;
}

export interface ResultsRepo {
  repo: string;
  commit: string;
  /** The pipelint build that produced the findings. */
  pipelint: { version: string; commit: string };
  findings: FindingCoordinates[];
}

export interface Results {
  repositories: ResultsRepo[];
}

/** A soak file that is missing, not JSON, or not in the agreed shape: an infrastructure error. */
export class SoakFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoakFormatError';
  }
}

const REPO_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9._-]+$/;
const COMMIT_PATTERN = /^[0-9a-f]{40}$/;
const CLASS_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MANIFEST_KEYS = new Set(['repo', 'commit', 'category', 'warehouse', 'dialect', 'paths', 'note']);
const TRIAGE_KEYS = new Set(['repo', 'path', 'line', 'rule', 'verdict', 'reason', 'class']);

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SoakFormatError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SoakFormatError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads a JSON file, or gives `fallback` when the file does not exist (an empty corpus is valid). */
export function readJsonOr(file: string, fallback: unknown): unknown {
  return fs.existsSync(file) ? readJsonFile(file) : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown, key: string, where: string): unknown[] {
  if (!isRecord(value) || !Array.isArray(value[key])) throw new SoakFormatError(`${where}: expected an object with a list "${key}"`);
  return value[key];
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Every problem in a manifest, as readable lines; empty when it is valid. */
export function manifestProblems(value: unknown, where = 'manifest'): string[] {
  const problems: string[] = [];
  let list: unknown[];
  try {
    list = listOf(value, 'repositories', where);
  } catch (error) {
    return [(error as Error).message];
  }
  list.forEach((item, index) => {
    const at = `${where} repositories[${index}]`;
    if (!isRecord(item)) {
      problems.push(`${at}: not an object`);
      return;
    }
    const label = `${at} (${String(item.repo)})`;
    for (const key of Object.keys(item)) if (!MANIFEST_KEYS.has(key)) problems.push(`${label}: unknown key "${key}"`);
    if (typeof item.repo !== 'string' || !REPO_PATTERN.test(item.repo)) problems.push(`${label}: "repo" must be owner/name`);
    if (typeof item.commit !== 'string' || !COMMIT_PATTERN.test(item.commit)) problems.push(`${label}: "commit" must be 40 lowercase hex digits`);
    if (!(CATEGORIES as readonly unknown[]).includes(item.category)) problems.push(`${label}: "category" must be one of ${CATEGORIES.join(', ')}`);
    if (!(WAREHOUSES as readonly unknown[]).includes(item.warehouse)) problems.push(`${label}: "warehouse" must be one of ${WAREHOUSES.join(', ')}`);
    if (!(DIALECTS as readonly unknown[]).includes(item.dialect)) problems.push(`${label}: "dialect" must be one of ${DIALECTS.join(', ')}`);
    if (!Array.isArray(item.paths) || item.paths.length === 0 || !item.paths.every(nonEmptyString)) {
      problems.push(`${label}: "paths" must be a non-empty list of globs`);
    }
    if (!nonEmptyString(item.note)) problems.push(`${label}: "note" must say what the repository is`);
  });
  const repos = list.filter(isRecord).map((r) => String(r.repo));
  problems.push(...duplicates(repos).map((r) => `${where}: repository ${r} is listed more than once`));
  problems.push(...unsorted(repos, where));
  return problems;
}

/** Every problem in a triage, as readable lines; empty when it is valid. */
export function triageProblems(value: unknown, where = 'triage', ruleIds: ReadonlySet<string> = knownRuleIds()): string[] {
  const problems: string[] = [];
  let list: unknown[];
  try {
    list = listOf(value, 'entries', where);
  } catch (error) {
    return [(error as Error).message];
  }
  list.forEach((item, index) => {
    const at = `${where} entries[${index}]`;
    if (!isRecord(item)) {
      problems.push(`${at}: not an object`);
      return;
    }
    const label = `${at} (${String(item.repo)} ${String(item.path)}:${String(item.line)} ${String(item.rule)})`;
    for (const key of Object.keys(item)) if (!TRIAGE_KEYS.has(key)) problems.push(`${label}: unknown key "${key}" (the triage holds coordinates and verdicts only)`);
    if (typeof item.repo !== 'string' || !REPO_PATTERN.test(item.repo)) problems.push(`${label}: "repo" must be owner/name`);
    if (!nonEmptyString(item.path) || item.path.startsWith('/') || item.path.includes('\\') || item.path.split('/').includes('..')) {
      problems.push(`${label}: "path" must be repo-relative with forward slashes`);
    }
    if (!Number.isInteger(item.line) || (item.line as number) < 1) problems.push(`${label}: "line" must be a 1-based integer`);
    if (typeof item.rule !== 'string' || !(ruleIds.has(item.rule) || /^none:[a-z0-9]+(-[a-z0-9]+)*$/.test(item.rule))) {
      problems.push(`${label}: "rule" must be a pipelint rule id or none:<kebab-idea>`);
    }
    if (!(VERDICTS as readonly unknown[]).includes(item.verdict)) problems.push(`${label}: "verdict" must be one of ${VERDICTS.join(', ')}`);
    if (typeof item.rule === 'string' && item.rule.startsWith('none:') && item.verdict !== 'fn') problems.push(`${label}: a none: rule is only for misses (verdict fn)`);
    if (!nonEmptyString(item.reason)) problems.push(`${label}: "reason" must say why, in one sentence`);
    if (item.class !== undefined && (typeof item.class !== 'string' || !CLASS_PATTERN.test(item.class))) problems.push(`${label}: "class" must be a short kebab-case tag`);
  });
  const keys = list.filter(isRecord).map((e) => entryKey(e as unknown as TriageEntry));
  problems.push(...duplicates(keys).map((k) => `${where}: more than one entry for ${k.replaceAll('\u0000', ' ')}`));
  const sortedKeys = list.filter(isRecord).map((e) => e as unknown as TriageEntry);
  for (let i = 1; i < sortedKeys.length; i++) {
    if (compareEntries(sortedKeys[i - 1], sortedKeys[i]) > 0) {
      problems.push(`${where}: entries[${i}] is out of order (sorted by repo, path, line, rule)`);
      break;
    }
  }
  return problems;
}

/** Triage repositories that the manifest does not list. */
export function triageReposOutsideManifest(manifest: Manifest, triage: Triage): string[] {
  const listed = new Set(manifest.repositories.map((r) => r.repo));
  return [...new Set(triage.entries.map((e) => e.repo))].filter((r) => !listed.has(r)).sort();
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}

function unsorted(values: readonly string[], where: string): string[] {
  for (let i = 1; i < values.length; i++) {
    if (compareText(values[i - 1], values[i]) > 0) return [`${where}: ${values[i]} is out of order (sorted by repo)`];
  }
  return [];
}

/** Plain code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEntries(a: Pick<TriageEntry, 'repo' | 'path' | 'line' | 'rule'>, b: Pick<TriageEntry, 'repo' | 'path' | 'line' | 'rule'>): number {
  return compareText(a.repo, b.repo) || compareText(a.path, b.path) || a.line - b.line || compareText(a.rule, b.rule);
}

/** The key a finding and a triage entry match on: (repo, path, rule, line). */
export function entryKey(e: Pick<TriageEntry, 'repo' | 'path' | 'line' | 'rule'>): string {
  return [e.repo, e.path, String(e.line), e.rule].join('\u0000');
}

export function parseManifest(value: unknown, where = 'manifest'): Manifest {
  const problems = manifestProblems(value, where);
  if (problems.length > 0) throw new SoakFormatError(problems.join('\n'));
  return value as Manifest;
}

export function parseTriage(value: unknown, where = 'triage', ruleIds?: ReadonlySet<string>): Triage {
  const problems = triageProblems(value, where, ruleIds);
  if (problems.length > 0) throw new SoakFormatError(problems.join('\n'));
  return value as Triage;
}

export function parseResults(value: unknown, where = 'results'): Results {
  const list = listOf(value, 'repositories', where);
  for (const [index, item] of list.entries()) {
    const at = `${where} repositories[${index}]`;
    if (!isRecord(item) || typeof item.repo !== 'string' || typeof item.commit !== 'string' || !Array.isArray(item.findings) || !isRecord(item.pipelint)) {
      throw new SoakFormatError(`${at}: expected { repo, commit, pipelint: { version, commit }, findings: [...] }`);
    }
    for (const f of item.findings as unknown[]) {
      if (!isRecord(f) || typeof f.path !== 'string' || !Number.isInteger(f.line) || !Number.isInteger(f.column) || typeof f.rule !== 'string') {
        throw new SoakFormatError(`${at} (${item.repo}): a finding must be { path, line, column, rule }`);
      }
    }
  }
  return value as Results;
}

/** The JSON text of a soak file: two-space indent, one object per line in the lists, final newline. */
export function formatSoakJson(key: 'repositories' | 'entries', items: readonly object[]): string {
  if (items.length === 0) return `{ "${key}": [] }\n`;
  return `{ "${key}": [\n${items.map((item) => `  ${JSON.stringify(item)}`).join(',\n')}\n] }\n`;
}

export function formatResultsJson(results: Results): string {
  if (results.repositories.length === 0) return '{ "repositories": [] }\n';
  const repos = results.repositories.map((r) => {
    const head = `    "repo": ${JSON.stringify(r.repo)},\n    "commit": ${JSON.stringify(r.commit)},\n    "pipelint": ${JSON.stringify(r.pipelint)},\n`;
    const findings = r.findings.length === 0 ? '[]' : `[\n${r.findings.map((f) => `      ${JSON.stringify(f)}`).join(',\n')}\n    ]`;
    return `  {\n${head}    "findings": ${findings}\n  }`;
  });
  return `{ "repositories": [\n${repos.join(',\n')}\n] }\n`;
}

/** The soak folder of a pipelint checkout, found from this compiled file (rules/out/soak/). */
export function defaultSoakDir(): string {
  return path.resolve(__dirname, '..', '..', '..', 'soak');
}
