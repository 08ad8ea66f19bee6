import { LineIndex } from '../../core/line-index.js';
import { LESSON_TITLES } from '../../lessons/markdown.js';
import type { Finding, LessonId, Severity } from '../../core/types.js';
import { escapeControlCharacters } from '../../core/untrusted-text.js';
import { painter, type Painter } from './ansi.js';
import { countSeverities, type FileReport, type FormatContext } from './types.js';

/** Lines longer than this are cropped around the finding in code frames. */
const MAX_FRAME_WIDTH = 160;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SEVERITY_LABEL: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'info', hint: 'hint' };

/** Human output: findings grouped by file, each with its source line, then totals and the lessons to read. */
export function formatStylish(files: readonly FileReport[], context: FormatContext): string {
  const paint = painter(context.color);
  const blocks = files.filter((f) => f.findings.length > 0).map((file) => fileBlock(file, paint));
  if (blocks.length === 0) return '';
  return [...blocks, summary(files, paint)].join('\n\n') + '\n';
}

function fileBlock(file: FileReport, paint: Painter): string {
  const lines = new LineIndex(file.text);
  // A loop, not Math.max(...widths): spreading 125k+ arguments overflows the stack.
  let positionWidth = 0;
  let severityWidth = 0;
  for (const f of file.findings) {
    positionWidth = Math.max(positionWidth, position(f).length);
    severityWidth = Math.max(severityWidth, SEVERITY_LABEL[f.severity].length);
  }
  const out = [paint.underline(escapeControlCharacters(file.path))];
  for (const finding of file.findings) {
    const severity = colourSeverity(finding.severity, SEVERITY_LABEL[finding.severity].padEnd(severityWidth), paint);
    out.push(`  ${paint.dim(position(finding).padEnd(positionWidth))}  ${severity}  ${escapeControlCharacters(finding.message)}  ${paint.dim(finding.ruleId)}`);
    for (const l of codeFrame(lines, finding, paint)) out.push(`    ${l}`);
  }
  return out.join('\n');
}

function position(finding: Finding): string {
  return `${finding.range.start.line}:${finding.range.start.column}`;
}

function colourSeverity(severity: Severity, text: string, paint: Painter): string {
  if (severity === 'error') return paint.red(text);
  if (severity === 'warn') return paint.yellow(text);
  return paint.cyan(text);
}

/** The finding's first line with a caret underline below the columns it covers. */
export function codeFrame(lines: LineIndex, finding: Finding, paint: Painter): string[] {
  const { start, end } = finding.range;
  const lineText = lines.text.slice(lines.lineStart(start.line), lines.lineEnd(start.line));
  if (lineText.includes('\u0000') || (lineText.trim() === '' && start.offset >= lines.text.length)) return [];
  const from = start.column - 1;
  const to = Math.max(from + 1, end.line === start.line ? end.column - 1 : lineText.length);
  const { shown, shift, prefix, suffix } = crop(lineText, from);
  const caretStart = from - shift;
  const caretLength = Math.max(1, Math.min(to - from, shown.length - caretStart));
  const lead = (prefix === '' ? '' : ' ') + shown.slice(0, caretStart).replace(/[^\t]/g, ' ');
  const gutter = String(start.line);
  const marker = colourSeverity(finding.severity, '^'.repeat(caretLength), paint);
  const source = `${prefix}${shown.replace(CONTROL_CHARACTERS, ' ')}${suffix}`;
  return [`${paint.dim(`${gutter} |`)} ${source}`, `${' '.repeat(gutter.length)} ${paint.dim('|')} ${lead}${marker}`];
}

function crop(lineText: string, from: number): { shown: string; shift: number; prefix: string; suffix: string } {
  if (lineText.length <= MAX_FRAME_WIDTH) return { shown: lineText, shift: 0, prefix: '', suffix: '' };
  const shift = Math.max(0, Math.min(from - 40, lineText.length - MAX_FRAME_WIDTH));
  const shown = lineText.slice(shift, shift + MAX_FRAME_WIDTH);
  return { shown, shift, prefix: shift > 0 ? '…' : '', suffix: shift + MAX_FRAME_WIDTH < lineText.length ? '…' : '' };
}

function summary(files: readonly FileReport[], paint: Painter): string {
  const counts = countSeverities(files);
  const total = counts.error + counts.warn + counts.info + counts.hint;
  const parts = [plural(counts.error, 'error'), plural(counts.warn, 'warning')];
  if (counts.info > 0) parts.push(`${counts.info} info`);
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  const headline = `✖ ${plural(total, 'problem')} (${parts.join(', ')})`;
  const out = [counts.error > 0 ? paint.red(paint.bold(headline)) : paint.yellow(paint.bold(headline))];
  const fixable = files.reduce((n, f) => n + f.findings.filter((finding) => finding.fix !== undefined).length, 0);
  if (fixable > 0) out.push(`  ${fixable} of them can be fixed safely with \`pipelint --fix\``);
  const suppressed = files.reduce((n, f) => n + f.suppressedCount, 0);
  if (suppressed > 0) out.push(paint.dim(`  ${plural(suppressed, 'finding')} suppressed by pipelint-disable comments`));
  out.push(...conceptSummary(files, paint));
  return out.join('\n');
}

function conceptSummary(files: readonly FileReport[], paint: Painter): string[] {
  const perConcept = new Map<LessonId, number>();
  for (const file of files) {
    for (const finding of file.findings) {
      if (finding.concept !== null) perConcept.set(finding.concept, (perConcept.get(finding.concept) ?? 0) + 1);
    }
  }
  if (perConcept.size === 0) return [];
  const rows = [...perConcept].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const labels = rows.map(([concept, count]) => `${String(count).padStart(4)}  ${lessonLabel(concept)}`);
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  return ['', 'Findings by concept (each has a short lesson):', ...labels.map((label, i) => `${label.padEnd(width)}${paint.cyan(`pipelint explain ${rows[i][0]}`)}`)];
}

function lessonLabel(concept: LessonId): string {
  // The generated titles, not the parsed lessons: a report does not load the Markdown parser.
  const title = (LESSON_TITLES as Partial<Record<string, string>>)[concept];
  return title === undefined ? concept : `${concept} (${title})`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
