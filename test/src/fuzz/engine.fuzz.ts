import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { LineIndex } from '@pipelint/engine/internal/core/line-index.js';
import type { Finding, Fix, Position } from '@pipelint/engine/internal/core/types.js';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { DIALECTS, type Dialect } from '@pipelint/engine/internal/sql/model.js';
import { prng } from '../sql/prng.js';
import { NOISE, seedInputs, TS_NOISE } from './inputs.js';

/** One engine input: what the fuzzer lints, enough to lint it again. */
export interface EngineCase {
  filename: string;
  dialect: Dialect;
  text: string;
}

/** An input that takes longer than this to lint counts as a hang (generous: the machine may be loaded). */
export const TIME_LIMIT_MS = 10_000;

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function randomText(random: Random): string {
  const length = Math.floor(random() * 300);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(random() * (random() < 0.9 ? 128 : 0x10000)));
  return text;
}

/** Inserts noise, deletes, duplicates or cuts pieces of `text`. */
function mutate(random: Random, text: string, noise: readonly string[]): string {
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (text.length + 1));
    const kind = random();
    if (kind < 0.5) text = text.slice(0, at) + pick(random, noise) + text.slice(at);
    else if (kind < 0.7) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 20)));
    else if (kind < 0.85) {
      const to = Math.min(text.length, at + Math.floor(random() * 80));
      text = text.slice(0, to) + text.slice(at, to) + text.slice(to);
    } else text = text.slice(0, at);
  }
  return text;
}

/** Case `index` of the run seeded with `seed`: the same pair always gives the same input. */
export function engineCase(seed: number, index: number): EngineCase {
  const random = prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const { sql, ts } = seedInputs();
  const dialect = pick(random, DIALECTS);
  const roll = random();
  if (roll < 0.1) return { filename: random() < 0.5 ? 'fuzz.sql' : 'fuzz.ts', dialect, text: randomText(random) };
  if (roll < 0.3) return { filename: pick(random, ['fuzz.ts', 'fuzz.js', 'fuzz.tsx']), dialect, text: mutate(random, pick(random, ts), TS_NOISE) };
  if (roll < 0.4) {
    // Two inputs spliced: statements of one file cut into the middle of another.
    const a = pick(random, sql);
    const b = pick(random, sql);
    return { filename: 'fuzz.sql', dialect, text: a.slice(0, Math.floor(random() * a.length)) + b.slice(Math.floor(random() * b.length)) };
  }
  return { filename: random() < 0.15 ? 'models/fuzz.sql.j2' : 'fuzz.sql', dialect, text: mutate(random, pick(random, sql), NOISE) };
}

function positionProblem(lines: LineIndex, position: Position, what: string): string | null {
  const { line, column, offset } = position;
  if (![line, column, offset].every(Number.isInteger)) return `${what}: non-integer position ${JSON.stringify(position)}`;
  if (offset < 0 || offset > lines.text.length) return `${what}: offset ${offset} outside 0-${lines.text.length}`;
  const expected = lines.position(offset);
  if (expected.line !== line || expected.column !== column) return `${what}: ${line}:${column} is not offset ${offset} (${expected.line}:${expected.column})`;
  return null;
}

function fixProblem(text: string, fix: Fix, what: string): string | null {
  const spans = fix.edits.map((e) => e.span).sort((a, b) => a.start - b.start || a.end - b.end);
  for (const [i, span] of spans.entries()) {
    if (!Number.isInteger(span.start) || !Number.isInteger(span.end)) return `${what}: non-integer edit span ${JSON.stringify(span)}`;
    if (span.start < 0 || span.start > span.end || span.end > text.length) return `${what}: edit ${span.start}-${span.end} outside 0-${text.length}`;
    if (i > 0 && span.start < spans[i - 1].end) return `${what}: edits ${spans[i - 1].start}-${spans[i - 1].end} and ${span.start}-${span.end} overlap`;
  }
  return null;
}

/** What is wrong with the findings of `text`: positions integers inside the text and consistent, fixes in range, edits apart. */
export function findingProblems(text: string, findings: readonly Finding[]): string[] {
  const lines = new LineIndex(text);
  const problems: string[] = [];
  for (const [i, finding] of findings.entries()) {
    const what = `finding ${i} (${finding.ruleId})`;
    const start = positionProblem(lines, finding.range.start, `${what} start`);
    const end = positionProblem(lines, finding.range.end, `${what} end`);
    for (const p of [start, end]) if (p !== null) problems.push(p);
    if (start === null && end === null && finding.range.start.offset > finding.range.end.offset) problems.push(`${what}: range ends before it starts`);
    if (typeof finding.message !== 'string' || finding.message === '') problems.push(`${what}: no message`);
    const fixes = [...(finding.fix ? [finding.fix] : []), ...(finding.suggestions ?? [])];
    for (const fix of fixes) {
      const p = fixProblem(text, fix, `${what} fix "${fix.title}"`);
      if (p !== null) problems.push(p);
    }
  }
  return problems;
}

/** Lints one input; the problems found, each with the input as JSON on its second line so it can be saved and replayed. */
export function checkCase(input: EngineCase): string[] {
  const started = process.hrtime.bigint();
  let problems: string[];
  try {
    const result = lintText(input.text, { filename: input.filename, config: { ...DEFAULT_CONFIG, dialect: input.dialect } });
    problems = findingProblems(input.text, result.findings);
  } catch (error) {
    problems = [`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (ms > TIME_LIMIT_MS) problems.push(`hang: took ${Math.round(ms)} ms (limit ${TIME_LIMIT_MS} ms)`);
  return problems.map((p) => `${p.split('\n')[0]}\n${JSON.stringify(input)}`);
}

/** Replays a saved failing input (the JSON of an {@link EngineCase}). */
export function replay(input: unknown): string[] {
  return checkCase(input as EngineCase);
}

/** `cases` random and mutated SQL, dbt/Jinja and TypeScript inputs through the engine. */
export function run(cases: number, seed: number): { cases: number; failures: string[] } {
  const failures: string[] = [];
  for (let i = 0; i < cases; i++) for (const failure of checkCase(engineCase(seed, i))) failures.push(failure);
  return { cases, failures };
}
