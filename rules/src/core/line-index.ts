import type { Position, Range } from './types.js';

/** Maps offsets to 1-based line/column positions in O(log lines). Line starts are found once, lazily. */
export class LineIndex {
  private starts: number[] | null = null;

  constructor(readonly text: string) {}

  get lineCount(): number {
    return this.lineStarts().length;
  }

  position(offset: number): Position {
    // A NaN offset would make every position NaN (invalid SARIF, broken editors): take the start.
    const clamped = Number.isNaN(offset) ? 0 : Math.max(0, Math.min(Math.trunc(offset), this.text.length));
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - starts[lo] + 1, offset: clamped };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    const starts = this.lineStarts();
    return starts[Math.max(0, Math.min(line - 1, starts.length - 1))];
  }

  /** Offset just after the last character of a 1-based line, before its line break. */
  lineEnd(line: number): number {
    const starts = this.lineStarts();
    const next = line < starts.length ? starts[line] : this.text.length + 1;
    let end = next - 1;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13 && end <= this.text.length) end--;
    return Math.min(end, this.text.length);
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = starts;
    return starts;
  }
}
