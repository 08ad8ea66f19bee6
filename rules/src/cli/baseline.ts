import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../core/types.js';
import { decodeSource } from './encoding.js';
import { normalisedSnippets, stableFingerprints } from './fingerprint.js';

export const BASELINE_VERSION = 1;

const SNIPPET_MAX = 120;

export interface BaselineEntry {
  /** Relative to the baseline file's folder, with forward slashes. */
  file: string;
  rule: string;
  fingerprint: string;
  /** The start of the flagged code, for the people who read the file; matching ignores it. */
  snippet: string;
  /** Why the finding is accepted for now; kept when the baseline is rewritten. */
  reason?: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

/** One linted file: its absolute path, the text that was linted and the findings to report. */
export interface FileFindings {
  absolutePath: string;
  text: string;
  findings: Finding[];
}

export interface BaselineOutcome<T extends FileFindings> {
  /** The input files with baselined findings removed. */
  files: T[];
  /** How many findings the baseline hid. */
  matched: number;
  /** Entries for files linted in this run (or deleted since) that matched no finding. */
  stale: BaselineEntry[];
}

export class BaselineError extends Error {}

/** Reads a baseline file; `display` is the name used in error messages. */
export function readBaseline(file: string, display = file): Baseline {
  let json: string;
  try {
    // Decoded like a source file: an editor may have saved it with a BOM, or in UTF-16.
    json = decodeSource(fs.readFileSync(file)).text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new BaselineError(`baseline ${display} does not exist; create it with --write-baseline ${display}`);
    }
    throw new BaselineError(`cannot read baseline ${display}: ${(error as Error).message}`);
  }
  return parseBaseline(json, display);
}

export function parseBaseline(json: string, source: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new BaselineError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value)) throw new BaselineError(`${source} must hold a JSON object`);
  if (value.version !== BASELINE_VERSION) {
    throw new BaselineError(`${source} has baseline version ${JSON.stringify(value.version)}; this pipelint reads version ${BASELINE_VERSION}`);
  }
  if (!Array.isArray(value.entries)) throw new BaselineError(`${source} needs an "entries" array`);
  return { version: BASELINE_VERSION, entries: value.entries.map((entry, i) => parseEntry(entry, `${source}: entries[${i}]`)) };
}

function parseEntry(value: unknown, where: string): BaselineEntry {
  if (!isRecord(value)) throw new BaselineError(`${where} must be an object`);
  for (const key of ['file', 'rule', 'fingerprint'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') throw new BaselineError(`${where} needs a string "${key}"`);
  }
  if (value.reason !== undefined && typeof value.reason !== 'string') throw new BaselineError(`${where}: "reason" must be a string`);
  const entry: BaselineEntry = {
    file: toSlashes(value.file as string),
    rule: value.rule as string,
    fingerprint: value.fingerprint as string,
    snippet: typeof value.snippet === 'string' ? value.snippet : '',
  };
  if (typeof value.reason === 'string') entry.reason = value.reason;
  return entry;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stable JSON: fixed key order, entries sorted, two-space indent, final newline. */
export function serializeBaseline(baseline: Baseline): string {
  const entries = [...baseline.entries].sort(compareEntries).map((e) => {
    const out: BaselineEntry = { file: e.file, rule: e.rule, fingerprint: e.fingerprint, snippet: e.snippet };
    if (e.reason !== undefined) out.reason = e.reason;
    return out;
  });
  return `${JSON.stringify({ version: BASELINE_VERSION, entries }, null, 2)}\n`;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return compareText(a.file, b.file) || compareText(a.rule, b.rule) || compareText(a.snippet, b.snippet) || compareText(a.fingerprint, b.fingerprint);
}

/** Code-unit order, so the file sorts the same under every locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The entries describing today's findings of the given files. */
export function entriesFor(files: readonly FileFindings[], baseDir: string): BaselineEntry[] {
  const entries: BaselineEntry[] = [];
  for (const { absolutePath, text, findings } of files) {
    const rel = relativeKey(baseDir, absolutePath);
    const prints = stableFingerprints(text, findings);
    const snippets = normalisedSnippets(text, findings);
    findings.forEach((finding, i) => {
      entries.push({ file: rel, rule: finding.ruleId, fingerprint: prints[i], snippet: shorten(snippets[i]) });
    });
  }
  return entries;
}

/**
 * The baseline to write after a run: today's findings of the linted files, the reasons of entries
 * that still match, and the old entries of files this run did not lint but that still exist (a run
 * over a few files must not forget the rest of the warehouse).
 */
export function buildBaseline(
  files: readonly FileFindings[],
  baseDir: string,
  previous: Baseline | null,
  exists: (absolute: string) => boolean = fs.existsSync,
): Baseline {
  const fresh = entriesFor(files, baseDir);
  const linted = new Set(files.map((f) => relativeKey(baseDir, f.absolutePath)));
  const reasons = new Map<string, string>();
  const kept: BaselineEntry[] = [];
  for (const entry of previous?.entries ?? []) {
    if (entry.reason !== undefined) reasons.set(entryKey(entry), entry.reason);
    if (!linted.has(entry.file) && exists(path.resolve(baseDir, entry.file))) kept.push(entry);
  }
  for (const entry of fresh) {
    const reason = reasons.get(entryKey(entry));
    if (reason !== undefined) entry.reason = reason;
  }
  return { version: BASELINE_VERSION, entries: [...kept, ...fresh] };
}

/** Removes the findings the baseline already records and counts the entries that no longer occur. */
export function applyBaseline<T extends FileFindings>(
  baseline: Baseline,
  files: readonly T[],
  baseDir: string,
  exists: (absolute: string) => boolean = fs.existsSync,
): BaselineOutcome<T> {
  const remaining = new Map<string, BaselineEntry>(baseline.entries.map((e) => [entryKey(e), e]));
  let matched = 0;
  const out = files.map((f) => {
    const rel = relativeKey(baseDir, f.absolutePath);
    const prints = stableFingerprints(f.text, f.findings);
    const findings = f.findings.filter((finding, i) => {
      const key = entryKey({ file: rel, rule: finding.ruleId, fingerprint: prints[i] });
      if (!remaining.delete(key)) return true;
      matched++;
      return false;
    });
    return { ...f, findings };
  });
  const linted = new Set(files.map((f) => relativeKey(baseDir, f.absolutePath)));
  const stale = [...remaining.values()].filter((e) => linted.has(e.file) || !exists(path.resolve(baseDir, e.file)));
  return { files: out, matched, stale };
}

/** The line printed when baseline entries no longer match anything; null when all still do. */
export function staleMessage(staleCount: number): string | null {
  if (staleCount === 0) return null;
  const entries = staleCount === 1 ? '1 baseline entry no longer occurs' : `${staleCount} baseline entries no longer occur`;
  return `${entries}; run --write-baseline to prune ${staleCount === 1 ? 'it' : 'them'}`;
}

export function writeBaseline(file: string, baseline: Baseline): void {
  fs.writeFileSync(file, serializeBaseline(baseline));
}

function entryKey(entry: Pick<BaselineEntry, 'file' | 'rule' | 'fingerprint'>): string {
  return `${entry.file}\u0000${entry.rule}\u0000${entry.fingerprint}`;
}

function relativeKey(baseDir: string, file: string): string {
  return toSlashes(path.relative(baseDir, path.resolve(baseDir, file)));
}

function toSlashes(file: string): string {
  return file.replace(/\\/g, '/');
}

function shorten(snippet: string): string {
  const firstLine = snippet.split('\n')[0];
  return firstLine.length > SNIPPET_MAX ? `${firstLine.slice(0, SNIPPET_MAX - 1)}…` : firstLine;
}
