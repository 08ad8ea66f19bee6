import type { Writer } from './io.js';

/** Runs shorter than this never show a progress line. */
const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;
const CLEAR_LINE = '\r\u001b[K';

/** A single self-overwriting status line on a terminal's stderr, erased when the run ends. */
export class ProgressLine {
  private readonly startedAt: number;
  private lastDrawnAt = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: Writer,
    private readonly enabled: boolean,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  update(done: number, total: number, current: string): void {
    if (!this.enabled) return;
    const time = this.now();
    if (time - this.startedAt < SHOW_AFTER_MS || time - this.lastDrawnAt < REDRAW_EVERY_MS) return;
    this.lastDrawnAt = time;
    this.drawn = true;
    this.stream.write(`${CLEAR_LINE}pipelint: ${done}/${total} files  ${shorten(current, 60)}`);
  }

  clear(): void {
    if (!this.drawn) return;
    this.stream.write(CLEAR_LINE);
    this.drawn = false;
  }
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}
