import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintResult } from '../engine.js';
import type { Finding, Fix, TextEdit } from '../core/types.js';
import { unifiedDiff } from './unified-diff.js';

/** Fixes can unlock others (an overlapping fix is retried on the next pass); ESLint stops at 10 too. */
const MAX_PASSES = 10;

export type LintFn = (text: string) => LintResult;

export type FixStatus =
  /** Fixes were applied (or, in a dry run, would be). */
  | 'fixed'
  /** No finding in the file carries a safe fix. */
  | 'unchanged'
  /** The fixed text still had the fixed findings, or new ones: the file is left as it was. */
  | 'reverted'
  /** The file changed on disk while pipelint worked on it: it is left alone. */
  | 'changed-on-disk'
  | 'write-failed';

export interface FixOutcome {
  file: string;
  status: FixStatus;
  /** How many fixes were applied, over all passes. */
  applied: number;
  /** The findings to report: those left after fixing, or the original ones when nothing was written. */
  result: LintResult;
  /** The fixed text, when fixes were applied (or would be, in a dry run). */
  text?: string;
  /** The unified diff of the change, set in dry runs when there is a change. */
  diff?: string;
  /** Why the file was reverted, left alone or not written. */
  detail?: string;
}

export interface FixFileOptions {
  dryRun: boolean;
  /** The name shown in diffs and messages. */
  displayPath: string;
  /** A lint result the caller already has, used only if the file still holds that text. */
  initial?: { text: string; result: LintResult };
}

export interface FixedText {
  text: string;
  applied: number;
  /** How many fixes of each rule were applied to findings of the original text. */
  appliedFirstPass: Map<string, number>;
  result: LintResult;
}

/**
 * Applies the safe fixes of one file on disk. The new text is written atomically (a temporary file
 * in the same folder, then a rename) and only if re-linting proves every applied fix removed its
 * finding without adding others, and only if the file still holds the text that was read.
 */
export function fixFile(file: string, lint: LintFn, options: FixFileOptions): FixOutcome {
  let target: string;
  let original: string;
  let stat: fs.Stats;
  try {
    target = fs.realpathSync(file);
    original = fs.readFileSync(target, 'utf8');
    stat = fs.statSync(target);
  } catch (error) {
    const result = options.initial?.result ?? lint('');
    return { file, status: 'changed-on-disk', applied: 0, result, detail: `cannot read the file to fix it: ${(error as Error).message}` };
  }
  const before = options.initial?.text === original ? options.initial.result : lint(original);
  const fixed = fixText(original, before, lint);
  if (fixed.applied === 0) return { file, status: 'unchanged', applied: 0, result: before };
  const problem = verifyFixes(before.findings, fixed);
  if (problem !== null) return { file, status: 'reverted', applied: 0, result: before, detail: problem };
  if (options.dryRun) {
    const diff = unifiedDiff(original, fixed.text, `a/${options.displayPath}`, `b/${options.displayPath}`);
    return { file, status: 'fixed', applied: fixed.applied, result: fixed.result, text: fixed.text, diff };
  }
  try {
    if (!replaceIfUnchanged(target, original, stat, fixed.text)) {
      return { file, status: 'changed-on-disk', applied: 0, result: before, detail: 'the file changed on disk while it was being fixed; it was left alone' };
    }
  } catch (error) {
    return { file, status: 'write-failed', applied: 0, result: before, detail: (error as Error).message };
  }
  return { file, status: 'fixed', applied: fixed.applied, result: fixed.result, text: fixed.text };
}

/** Applies fixes pass after pass until none is left or the pass limit is reached. */
export function fixText(text: string, initial: LintResult, lint: LintFn): FixedText {
  let current = text;
  let result = initial;
  let applied = 0;
  let appliedFirstPass = new Map<string, number>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen = chooseFixes(current, result.findings);
    if (chosen.length === 0) break;
    if (pass === 0) appliedFirstPass = countByRule(chosen);
    current = applyEdits(current, chosen.flatMap((f) => (f.fix as Fix).edits));
    applied += chosen.length;
    result = lint(current);
  }
  return { text: current, applied, appliedFirstPass, result };
}

/**
 * The fixes to apply in one pass: valid ones whose edits overlap no edit already chosen, earliest
 * first. Two edits at the same start conflict too, because their order would be a guess.
 */
export function chooseFixes(text: string, findings: readonly Finding[]): Finding[] {
  // Taken edits never conflict, so sorted by start they are disjoint with ends in order too: an edit conflicts with
  // one of them only if it conflicts with its neighbours in that order, found by binary search (not a scan of all).
  const taken: TextEdit[] = [];
  const chosen: Finding[] = [];
  const candidates = findings
    .filter((f) => f.fix !== undefined && isValidFix(f.fix, text.length))
    .sort((a, b) => firstStart(a) - firstStart(b));
  for (const finding of candidates) {
    const edits = (finding.fix as Fix).edits;
    if (edits.some((edit) => conflictsWithTaken(taken, edit))) continue;
    for (const edit of edits) taken.splice(firstStartingAtOrAfter(taken, edit.span.start), 0, edit);
    chosen.push(finding);
  }
  return chosen;
}

/** The index of the first taken edit starting at or after `offset`. */
function firstStartingAtOrAfter(taken: readonly TextEdit[], offset: number): number {
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (taken[mid].span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function conflictsWithTaken(taken: readonly TextEdit[], edit: TextEdit): boolean {
  const i = firstStartingAtOrAfter(taken, edit.span.start);
  return (i < taken.length && conflicts(edit, taken[i])) || (i > 0 && conflicts(edit, taken[i - 1]));
}

function isValidFix(fix: Fix, length: number): boolean {
  if (fix.edits.length === 0) return false;
  const inBounds = fix.edits.every((e) => e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= length);
  const selfConsistent = fix.edits.every((e, i) => fix.edits.every((o, j) => i === j || !conflicts(e, o)));
  return inBounds && selfConsistent;
}

function firstStart(finding: Finding): number {
  let first = Infinity;
  for (const e of (finding.fix as Fix).edits) first = Math.min(first, e.span.start);
  return first;
}

function conflicts(a: TextEdit, b: TextEdit): boolean {
  return a.span.start === b.span.start || (a.span.start < b.span.end && b.span.start < a.span.end);
}

/** Applies non-overlapping edits in one pass over the text: the pieces between them, in order, joined once. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end)) {
    pieces.push(text.slice(at, edit.span.start), edit.text);
    at = edit.span.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

/**
 * Null when the fixes took: each rule fired at most as often as before, less the fixes applied to
 * its original findings. Otherwise a sentence saying which rule betrays a fix that did not take.
 */
export function verifyFixes(before: readonly Finding[], fixed: FixedText): string | null {
  const beforeCounts = countByRule(before);
  const afterCounts = countByRule(fixed.result.findings);
  for (const [rule, after] of afterCounts) {
    const allowed = (beforeCounts.get(rule) ?? 0) - (fixed.appliedFirstPass.get(rule) ?? 0);
    if (after <= allowed) continue;
    return fixed.appliedFirstPass.has(rule)
      ? `the fix for ${rule} did not remove its finding; the file was left unchanged`
      : `the fixes would add a ${rule} finding; the file was left unchanged`;
  }
  return null;
}

/** Writes `text` over `target` unless the file no longer holds `original`; false when it changed. */
function replaceIfUnchanged(target: string, original: string, stat: fs.Stats, text: string): boolean {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.pipelint-tmp`);
  fs.writeFileSync(temp, text, { flag: 'wx' });
  try {
    fs.chmodSync(temp, stat.mode & 0o7777);
    if (!stillTheSame(target, original, stat)) {
      fs.rmSync(temp, { force: true });
      return false;
    }
    fs.renameSync(temp, target);
    return true;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function stillTheSame(target: string, original: string, stat: fs.Stats): boolean {
  const now = fs.statSync(target);
  if (now.size !== stat.size || now.mtimeMs !== stat.mtimeMs) return false;
  return fs.readFileSync(target, 'utf8') === original;
}
