import { createHash } from 'node:crypto';
import type { Finding } from '../core/types.js';

/** The key under which SARIF `partialFingerprints` carry {@link fingerprintFindings} values. */
export const FINGERPRINT_KEY = 'pipelint/v1';

/**
 * The text of the whole lines a finding covers, each trimmed and with whitespace runs collapsed,
 * so re-indenting or moving the code keeps the value while editing it changes it.
 */
export function normalisedSnippet(text: string, finding: Finding): string {
  return snippetOf(splitLines(text), finding);
}

/** {@link normalisedSnippet} of each finding, splitting the text into lines once rather than once per finding. */
export function normalisedSnippets(text: string, findings: readonly Finding[]): string[] {
  const lines = splitLines(text);
  return findings.map((finding) => snippetOf(lines, finding));
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function snippetOf(lines: readonly string[], finding: Finding): string {
  const { start, end } = finding.range;
  // A range ending at column 1 stops before that line: it does not cover any of it.
  const lastLine = end.line > start.line && end.column === 1 ? end.line - 1 : end.line;
  return lines
    .slice(start.line - 1, Math.max(start.line, lastLine))
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * One fingerprint per finding, in the order given: a hash of the rule id, the normalised snippet and
 * the occurrence index among findings of that rule with the same snippet in the file. The line
 * number is left out on purpose, so a finding keeps its fingerprint when code above it moves.
 */
export function fingerprintFindings(text: string, findings: readonly Finding[]): string[] {
  const order = findings.map((_, i) => i).sort((a, b) => compareByPosition(findings[a], findings[b]) || a - b);
  const lines = splitLines(text);
  const seen = new Map<string, number>();
  const out: string[] = new Array<string>(findings.length);
  for (const i of order) {
    const finding = findings[i];
    const key = `${finding.ruleId}\u0000${snippetOf(lines, finding)}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    out[i] = hash(`${key}\u0000${occurrence}`);
  }
  return out;
}

/** The fingerprints of the first complete set of findings they were computed over. */
const remembered = new WeakMap<Finding, string>();

/**
 * Like {@link fingerprintFindings}, but a finding fingerprinted before keeps its value. The CLI
 * fingerprints a file's complete findings for the baseline; SARIF, which sees only what the
 * baseline and --quiet let through, must report the same values, not occurrence indices
 * recounted over a subset.
 */
export function stableFingerprints(text: string, findings: readonly Finding[]): string[] {
  if (findings.every((f) => remembered.has(f))) return findings.map((f) => remembered.get(f) as string);
  const fresh = fingerprintFindings(text, findings);
  findings.forEach((finding, i) => {
    if (!remembered.has(finding)) remembered.set(finding, fresh[i]);
  });
  return findings.map((f) => remembered.get(f) as string);
}

function compareByPosition(a: Finding, b: Finding): number {
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset;
}

function hash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32);
}
