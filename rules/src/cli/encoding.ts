import { isUtf8 } from 'node:buffer';
/**
 * The text encodings pipelint reads, and the exact mapping between a decoded text's offsets (UTF-16
 * code units, as the engine reports them) and the file's bytes, so a fix can splice its edits into the
 * original bytes and leave every other byte as it was.
 */

/** The encodings whose bytes pipelint can decode and write back exactly. */
export type SourceEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

export type DecodedSource =
  | { ok: true; encoding: SourceEncoding; text: string }
  /** Not decodable losslessly: `text` is a best-effort decoding to lint, `reason` says why it cannot be written back. */
  | { ok: false; text: string; reason: string };

export const ENCODING_NAMES: Record<SourceEncoding, string> = {
  utf8: 'UTF-8',
  'utf8-bom': 'UTF-8 with BOM',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
};

/**
 * Decodes a file's bytes. A BOM selects UTF-8 or UTF-16 (LE/BE); without one the bytes must be valid
 * UTF-8. The BOM is not part of the text (editors do not count it either, so columns agree with
 * theirs); spliceBytes puts text offset 0 just after it.
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length >= 4 && ((buffer[0] === 0xff && buffer[1] === 0xfe && buffer[2] === 0 && buffer[3] === 0) || (buffer[0] === 0 && buffer[1] === 0 && buffer[2] === 0xfe && buffer[3] === 0xff))) {
    return { ok: false, text: buffer.toString('utf8'), reason: 'it is UTF-32, which pipelint does not read' };
  }
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return decodeUtf16(buffer, 'utf16le');
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) return decodeUtf16(buffer, 'utf16be');
  // Node's native check first (simdutf, the same strict UTF-8); the offset is looked for only when it fails.
  const invalidAt = isUtf8(buffer) ? -1 : firstInvalidUtf8(buffer);
  const bom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  const text = buffer.toString('utf8', bom ? 3 : 0);
  if (invalidAt >= 0) {
    const byte = buffer[invalidAt].toString(16).toUpperCase().padStart(2, '0');
    return { ok: false, text, reason: `it is not valid UTF-8 (byte 0x${byte} at offset ${invalidAt}; Latin-1 or another legacy encoding?)` };
  }
  return { ok: true, encoding: bom ? 'utf8-bom' : 'utf8', text };
}

function decodeUtf16(buffer: Buffer, encoding: 'utf16le' | 'utf16be'): DecodedSource {
  const little = encoding === 'utf16le' ? buffer : swapPairs(buffer.subarray(0, buffer.length - (buffer.length % 2)));
  const text = little.toString('utf16le', 2, little.length - (little.length % 2));
  if (buffer.length % 2 !== 0) return { ok: false, text, reason: `it starts with a ${ENCODING_NAMES[encoding]} BOM but has an odd number of bytes` };
  return { ok: true, encoding, text };
}

function swapPairs(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer);
  copy.swap16();
  return copy;
}

/** The offset of the first byte that breaks UTF-8 (overlong forms and surrogates included); -1 when valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    min = 0x80;
    if (b === 0xe0) min = 0xa0;
    else if (b === 0xed) max = 0x9f;
    else if (b === 0xf0) min = 0x90;
    else if (b === 0xf4) max = 0x8f;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes the BOM of a file in this encoding takes. */
export function bomLength(encoding: SourceEncoding): number {
  return encoding === 'utf8-bom' ? 3 : encoding === 'utf8' ? 0 : 2;
}

/** Encodes text (without its BOM) in one of the supported encodings. */
export function encodeText(text: string, encoding: SourceEncoding): Buffer {
  if (encoding === 'utf16le') return Buffer.from(text, 'utf16le');
  if (encoding === 'utf16be') return Buffer.from(text, 'utf16le').swap16();
  return Buffer.from(text, 'utf8');
}

/** The bytes `text` takes in `encoding`. */
function byteLength(text: string, encoding: SourceEncoding): number {
  return encoding === 'utf16le' || encoding === 'utf16be' ? text.length * 2 : Buffer.byteLength(text, 'utf8');
}

export type LineEnding = '\n' | '\r\n' | '\r';

/** The line ending most lines of the text use; LF when it has none (or on a tie with LF). */
export function dominantLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}

/** Writes every line break of inserted text in the file's style. */
export function withLineEnding(text: string, eol: LineEnding): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

export interface ByteEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Splices text edits (offsets into `text`, the exact decoding of `bytes`) into the bytes. Every byte
 * outside the edited ranges is copied unchanged. The edits must not overlap and must not split a
 * surrogate pair (chooseFixes rejects those).
 */
export function spliceBytes(bytes: Buffer, text: string, encoding: SourceEncoding, edits: readonly ByteEdit[]): Buffer {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const chunks: Buffer[] = [];
  let textPos = 0;
  let bytePos = bomLength(encoding);
  let copiedTo = 0;
  const byteAt = (offset: number): number => {
    bytePos += byteLength(text.slice(textPos, offset), encoding);
    textPos = offset;
    return bytePos;
  };
  for (const edit of sorted) {
    const start = byteAt(edit.start);
    const end = byteAt(edit.end);
    chunks.push(bytes.subarray(copiedTo, start), encodeText(edit.text, encoding));
    copiedTo = end;
  }
  chunks.push(bytes.subarray(copiedTo));
  return Buffer.concat(chunks);
}
