import type { Span, TextEdit } from '../../core/types.js';

/** How the source text around a run of characters is quoted, which decides what an edit may insert there. */
export type QuoteKind = "'" | '"' | '`';

interface Piece {
  quote: QuoteKind;
}

/**
 * Text assembled from pieces of a TypeScript file (string literal contents, template quasis, parameter
 * placeholders, separators), remembering for every character where its source lies, so that spans found in
 * the assembled text can be put back into the file.
 */
export class MappedText {
  private chars: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  /** Piece index of a character copied verbatim (its source is exactly that one character), else -1. */
  private verbatimPiece: number[] = [];
  private pieces: Piece[] = [];
  private joined: string | null = null;

  get text(): string {
    this.joined ??= this.chars.join('');
    return this.joined;
  }

  get length(): number {
    return this.chars.length;
  }

  /** Appends the contents of a string literal or template quasi, decoding escapes. `raw` starts at `tsStart`. */
  appendQuoted(raw: string, tsStart: number, quote: QuoteKind): void {
    const piece = this.pieces.push({ quote }) - 1;
    let i = 0;
    while (i < raw.length) {
      if (raw[i] !== '\\') {
        this.push(raw[i], tsStart + i, tsStart + i + 1, piece);
        i += 1;
        continue;
      }
      const escape = decodeEscape(raw, i);
      for (let k = 0; k < escape.value.length; k++) this.push(escape.value[k], tsStart + i, tsStart + escape.next, -1);
      i = escape.next;
    }
  }

  /**
   * Appends source text exactly as written (a Python string's content between escapes): every character maps to
   * itself, so fixes may edit it. `start` is the file offset of `raw[0]`.
   */
  appendVerbatim(raw: string, start: number, quote: QuoteKind): void {
    const piece = this.pieces.push({ quote }) - 1;
    for (let i = 0; i < raw.length; i++) this.push(raw[i], start + i, start + i + 1, piece);
  }

  /** Appends text standing for a whole source span (a `${...}` placeholder): it maps to that span only. */
  appendStandIn(text: string, span: Span): void {
    for (let i = 0; i < text.length; i++) {
      this.push(text[i], i === 0 ? span.start : span.end, span.end, -1);
    }
  }

  /** Appends text with no source, such as the statement separator between two calls. */
  appendSynthetic(text: string): void {
    for (let i = 0; i < text.length; i++) this.push(text[i], -1, -1, -1);
  }

  /** Drops every character from `length` on: undoes appends that turned out not to be SQL. */
  truncate(length: number): void {
    for (const list of [this.chars, this.starts, this.ends, this.verbatimPiece]) list.length = Math.min(list.length, length);
    this.joined = null;
  }

  /** Appends another mapped text, keeping its mapping. */
  appendMapped(other: MappedText): void {
    const pieceBase = this.pieces.length;
    for (const piece of other.pieces) this.pieces.push(piece);
    for (let i = 0; i < other.length; i++) {
      const piece = other.verbatimPiece[i];
      this.push(other.chars[i], other.starts[i], other.ends[i], piece < 0 ? -1 : piece + pieceBase);
    }
  }

  /** The file span of an assembled-text span, or null when it lies wholly in synthetic text. */
  mapSpan(span: Span): Span | null {
    if (span.end <= span.start) return this.mapPoint(span.start);
    const first = this.firstSourced(span.start, span.end);
    if (first === null) return this.mapPoint(span.start);
    return { start: this.starts[first], end: this.ends[this.lastSourced(first, span.end)] };
  }

  /**
   * The file edit equivalent to an edit of the assembled text, or null when none is safe: the edited range
   * must be verbatim characters of one piece, and the inserted text must need no escaping in that quote.
   */
  mapEdit(edit: TextEdit): TextEdit | null {
    const { start, end } = edit.span;
    if (start < 0 || end > this.length || start > end) return null;
    const target = end > start ? this.replaced(start, end) : this.insertionPoint(start);
    if (target === null || !insertable(edit.text, this.pieces[target.piece].quote)) return null;
    return { span: target.span, text: edit.text };
  }

  private push(ch: string, start: number, end: number, piece: number): void {
    this.joined = null;
    this.chars.push(ch);
    this.starts.push(start);
    this.ends.push(end);
    this.verbatimPiece.push(piece);
  }

  private mapPoint(offset: number): Span | null {
    if (offset < this.length && this.starts[offset] >= 0) return { start: this.starts[offset], end: this.starts[offset] };
    for (let i = Math.min(offset, this.length) - 1; i >= 0; i--) {
      if (this.ends[i] >= 0) return { start: this.ends[i], end: this.ends[i] };
    }
    return null;
  }

  private firstSourced(from: number, to: number): number | null {
    for (let i = from; i < Math.min(to, this.length); i++) if (this.starts[i] >= 0) return i;
    return null;
  }

  private lastSourced(from: number, to: number): number {
    for (let i = Math.min(to, this.length) - 1; i > from; i--) if (this.starts[i] >= 0) return i;
    return from;
  }

  private replaced(start: number, end: number): { piece: number; span: Span } | null {
    const piece = this.verbatimPiece[start];
    if (piece < 0) return null;
    for (let i = start + 1; i < end; i++) {
      if (this.verbatimPiece[i] !== piece || this.starts[i] !== this.ends[i - 1]) return null;
    }
    return { piece, span: { start: this.starts[start], end: this.ends[end - 1] } };
  }

  /** An insertion goes after the previous verbatim character, else before the next one. */
  private insertionPoint(at: number): { piece: number; span: Span } | null {
    if (at > 0 && this.verbatimPiece[at - 1] >= 0) {
      return { piece: this.verbatimPiece[at - 1], span: { start: this.ends[at - 1], end: this.ends[at - 1] } };
    }
    if (at < this.length && this.verbatimPiece[at] >= 0) {
      return { piece: this.verbatimPiece[at], span: { start: this.starts[at], end: this.starts[at] } };
    }
    return null;
  }
}

function insertable(text: string, quote: QuoteKind): boolean {
  if (text.includes('\\') || text.includes(quote)) return false;
  if (quote === '`') return !text.includes('${');
  return !/[\r\n\u2028\u2029]/.test(text);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Decodes the escape sequence starting at `raw[at]` (a backslash). */
function decodeEscape(raw: string, at: number): { value: string; next: number } {
  const ch = raw[at + 1] ?? '';
  if (ch in SIMPLE_ESCAPES && !(ch === '0' && /[0-9]/.test(raw[at + 2] ?? ''))) return { value: SIMPLE_ESCAPES[ch], next: at + 2 };
  if (ch === '\r') return { value: '', next: raw[at + 2] === '\n' ? at + 3 : at + 2 };
  if (ch === '\n' || ch === '\u2028' || ch === '\u2029') return { value: '', next: at + 2 };
  if (ch === 'x') return codePoint(raw.slice(at + 2, at + 4), at + 4);
  if (ch === 'u' && raw[at + 2] === '{') {
    const close = raw.indexOf('}', at + 3);
    return codePoint(raw.slice(at + 3, close), close + 1);
  }
  if (ch === 'u') return codePoint(raw.slice(at + 2, at + 6), at + 6);
  return { value: ch, next: at + 2 };
}

function codePoint(hex: string, next: number): { value: string; next: number } {
  const code = Number.parseInt(hex, 16);
  return { value: Number.isNaN(code) ? '' : String.fromCodePoint(code), next };
}
