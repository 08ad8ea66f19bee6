import * as fs from 'node:fs';
import type { LintResult } from '../engine.js';
import type { Finding, Fix, TextEdit } from '../core/types.js';
import { decodeSource, dominantLineEnding, spliceBytes, withLineEnding, type SourceEncoding } from './encoding.js';
import { NODE_FS, type CliFs } from './io.js';
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
  /** The file's bytes are not in an encoding pipelint can write back exactly: it is left alone. */
  | 'unsupported-encoding'
  /** The file is read-only, or the user may not write it: it is left alone. */
  | 'read-only'
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
  /** The fixed bytes, when fixes were applied (or would be, in a dry run). */
  bytes?: Buffer;
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
  /** The file system; node:fs by default. */
  fs?: CliFs;
}

export interface FixedText {
  text: string;
  applied: number;
  /** How many fixes of each rule were applied to findings of the original text. */
  appliedFirstPass: Map<string, number>;
  result: LintResult;
}

/**
 * Applies the safe fixes of one file on disk. The file's bytes are decoded (UTF-8, or UTF-8/UTF-16
 * with a BOM; anything else is left alone), each edit is spliced into the exact bytes it covers, so
 * every other byte stays as it was, and inserted line breaks follow the file's line endings. The file
 * is overwritten in place (its inode, mode, owner, hard links and symbolic links stay), and only if
 * re-linting proves every applied fix removed its finding without adding others, and only if the file
 * still holds the bytes that were read. A dry run goes through the same steps without the write.
 */
export function fixFile(file: string, lint: LintFn, options: FixFileOptions): FixOutcome {
  const io = options.fs ?? NODE_FS;
  let target: string;
  let original: Buffer;
  let stat: fs.Stats;
  try {
    target = io.realpathSync(file);
    stat = io.statSync(target);
    original = io.readFileSync(target);
  } catch (error) {
    const result = options.initial?.result ?? lint('');
    return { file, status: 'changed-on-disk', applied: 0, result, detail: `cannot read the file to fix it: ${(error as Error).message}` };
  }
  const decoded = decodeSource(original);
  const before = options.initial?.text === decoded.text ? options.initial.result : lint(decoded.text);
  if (!before.findings.some((f) => f.fix !== undefined)) return { file, status: 'unchanged', applied: 0, result: before };
  if (!decoded.ok) {
    return { file, status: 'unsupported-encoding', applied: 0, result: before, detail: `not fixed: ${decoded.reason}; pipelint fixes only UTF-8 and UTF-16 files, so that no byte changes by accident` };
  }
  const notWritable = writeProblem(io, target, stat);
  if (notWritable !== null) return { file, status: 'read-only', applied: 0, result: before, detail: `not fixed: ${notWritable}` };
  const fixed = fixBytes(original, decoded.text, decoded.encoding, before, lint);
  if (fixed.applied === 0) return { file, status: 'unchanged', applied: 0, result: before };
  const problem = verifyFixes(before.findings, fixed);
  if (problem !== null) return { file, status: 'reverted', applied: 0, result: before, detail: problem };
  const done = { file, status: 'fixed' as const, applied: fixed.applied, result: fixed.result, text: fixed.text, bytes: fixed.bytes };
  if (options.dryRun) return { ...done, diff: unifiedDiff(decoded.text, fixed.text, `a/${options.displayPath}`, `b/${options.displayPath}`) };
  try {
    if (!overwriteIfUnchanged(io, target, original, stat, fixed.bytes)) {
      return { file, status: 'changed-on-disk', applied: 0, result: before, detail: 'the file changed on disk while it was being fixed; it was left alone' };
    }
  } catch (error) {
    return { file, status: 'write-failed', applied: 0, result: before, detail: `not fixed: ${(error as Error).message}` };
  }
  return done;
}

/** Why the file must not be written (read-only, or not writable by this user); null when it may be. */
function writeProblem(io: CliFs, target: string, stat: fs.Stats): string | null {
  if ((stat.mode & 0o222) === 0) return 'the file is read-only (make it writable to let --fix change it)';
  try {
    io.accessSync(target, fs.constants.W_OK);
  } catch (error) {
    return `you may not write to the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return null;
}

export interface FixedBytes extends FixedText {
  bytes: Buffer;
}

/**
 * Fixes a file's bytes: each pass's edits go into the exact bytes they cover (inserted line breaks in
 * the file's style), and the next pass lints the decoding of the new bytes, which is the text written.
 */
export function fixBytes(bytes: Buffer, text: string, encoding: SourceEncoding, initial: LintResult, lint: LintFn): FixedBytes {
  const eol = dominantLineEnding(text);
  let current = bytes;
  const fixed = runPasses(text, initial, lint, (before, edits) => {
    const next = spliceBytes(current, before, encoding, edits.map((e) => ({ start: e.span.start, end: e.span.end, text: withLineEnding(e.text, eol) })));
    const decoded = decodeSource(next);
    // An edit that cannot be encoded back (a lone surrogate in UTF-8) ends the fixing here.
    if (!decoded.ok || decoded.encoding !== encoding) return null;
    current = next;
    return decoded.text;
  });
  return { ...fixed, bytes: current };
}

/** Applies fixes pass after pass until none is left or the pass limit is reached. */
export function fixText(text: string, initial: LintResult, lint: LintFn): FixedText {
  return runPasses(text, initial, lint, applyEdits);
}

/** The pass loop shared by text and byte fixing; `apply` returns the new text, or null to stop. */
function runPasses(text: string, initial: LintResult, lint: LintFn, apply: (text: string, edits: TextEdit[]) => string | null): FixedText {
  let current = text;
  let result = initial;
  let applied = 0;
  let appliedFirstPass = new Map<string, number>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen = chooseFixes(current, result.findings);
    if (chosen.length === 0) break;
    const next = apply(current, chosen.flatMap((f) => (f.fix as Fix).edits));
    if (next === null) break;
    if (pass === 0) appliedFirstPass = countByRule(chosen);
    current = next;
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
    .filter((f) => f.fix !== undefined && isValidFix(f.fix, text))
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

function isValidFix(fix: Fix, text: string): boolean {
  if (fix.edits.length === 0) return false;
  const inBounds = fix.edits.every(
    (e) => e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= text.length && isBoundary(text, e.span.start) && isBoundary(text, e.span.end),
  );
  const selfConsistent = fix.edits.every((e, i) => fix.edits.every((o, j) => i === j || !conflicts(e, o)));
  return inBounds && selfConsistent;
}

/** Whether an edit may start or end at `offset`: not inside a surrogate pair, and not before a BOM. */
function isBoundary(text: string, offset: number): boolean {
  if (offset === 0) return text.charCodeAt(0) !== 0xfeff;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return !(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
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

/**
 * Overwrites the file in place with `bytes` unless it no longer holds `original`; false when it changed.
 * Writing through the existing inode (not a new file renamed over it) keeps its mode, owner, hard
 * links and the symbolic links that point at it.
 */
function overwriteIfUnchanged(io: CliFs, target: string, original: Buffer, stat: fs.Stats, bytes: Buffer): boolean {
  const fd = io.openSync(target, 'r+');
  try {
    const now = io.fstatSync(fd);
    if (now.ino !== stat.ino || now.size !== stat.size || now.mtimeMs !== stat.mtimeMs) return false;
    const current = Buffer.alloc(original.length + 1);
    let read = 0;
    for (let n = 1; n > 0 && read < current.length; read += n) n = io.readSync(fd, current, read, current.length - read, read);
    if (read !== original.length || !current.subarray(0, read).equals(original)) return false;
    for (let written = 0; written < bytes.length; ) written += io.writeSync(fd, bytes, written, bytes.length - written, written);
    io.ftruncateSync(fd, bytes.length);
    return true;
  } finally {
    io.closeSync(fd);
  }
}
