/**
 * Random SQL files whose --fix result is known in advance, shared by the byte-exact fix property test
 * and the CLI fault fuzzer. Each statement is either left alone or has a fix whose result the generator
 * writes itself, so the expected bytes never come from the code under test.
 */
import { encodeText, type SourceEncoding } from '@pipelint/engine/internal/cli/encoding.js';

export const BOMS: Record<SourceEncoding, number[]> = { utf8: [], 'utf8-bom': [0xef, 0xbb, 0xbf], utf16le: [0xff, 0xfe], utf16be: [0xfe, 0xff] };
export const ENCODINGS = Object.keys(BOMS) as SourceEncoding[];

/** The bytes of `text` in `encoding`, with its BOM. */
export function encodeFile(text: string, encoding: SourceEncoding): Buffer {
  return Buffer.concat([Buffer.from(BOMS[encoding]), encodeText(text, encoding)]);
}

export type LineEndingStyle = 'lf' | 'crlf' | 'cr' | 'mixed';
export const LINE_ENDING_STYLES: readonly LineEndingStyle[] = ['lf', 'crlf', 'cr', 'mixed'];

export interface FixableSql {
  /** The original text and the expected text after --fix. */
  before: string;
  after: string;
  /** The file's dominant line ending, which lines a fix inserts must use. */
  eol: string;
}

export interface FixableSqlOptions {
  style: LineEndingStyle;
  /** Table names get this prefix, so several files in one tree differ. */
  prefix: string;
  /** At most this many statements after the first (at least one is written). */
  maxStatements: number;
  /** Characters comments are drawn from. */
  commentChars: readonly string[];
  /** Comments hold fewer than this many characters. */
  maxCommentLength: number;
  /** How often a statement gets a trailing comment. */
  noteChance: number;
  /** Also write materialized views, whose fix inserts a whole line. */
  insertedLines: boolean;
}

export function fixableSql(random: () => number, options: FixableSqlOptions): FixableSql {
  const { style, prefix } = options;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const main = style === 'lf' ? '\n' : style === 'crlf' ? '\r\n' : style === 'cr' ? '\r' : pick(['\n', '\r\n']);
  const other = main === '\n' ? '\r\n' : '\n';
  // In a mixed file, at most a quarter of the breaks use the other style, so the dominant one is known.
  const breaks: string[] = [];
  const lineBreak = (): string => {
    const useOther = style === 'mixed' && breaks.filter((b) => b !== main).length * 4 < breaks.length && random() < 0.3;
    const b = useOther ? other : main;
    breaks.push(b);
    return b;
  };
  const comment = (): string => {
    let body = '';
    for (let i = Math.floor(random() * options.maxCommentLength); i > 0; i--) body += random() < 0.1 ? lineBreak() : pick(options.commentChars);
    return `/*${body}*/`;
  };
  let before = `${comment()}${lineBreak()}`;
  let after = before;
  const kinds = options.insertedLines ? 5 : 4;
  for (let k = Math.floor(random() * options.maxStatements); k >= 0; k--) {
    const end = `${random() < options.noteChance ? ` ${comment()}` : ''}${lineBreak()}`;
    const kind = Math.floor(random() * kinds);
    if (kind === 0) {
      before += `DROP TABLE ${prefix}_d${k};${end}`;
      after += `DROP TABLE IF EXISTS ${prefix}_d${k};${end}`;
    } else if (kind === 1) {
      before += `CREATE TABLE ${prefix}_c${k} (id int);${end}`;
      after += `CREATE TABLE IF NOT EXISTS ${prefix}_c${k} (id int);${end}`;
    } else if (kind === 4) {
      // The fix inserts a line: it must use the file's line ending (filled in below).
      before += `CREATE MATERIALIZED VIEW ${prefix}_mv${k} AS SELECT 1;${end}`;
      after += `DROP MATERIALIZED VIEW IF EXISTS ${prefix}_mv${k};\u0000CREATE MATERIALIZED VIEW ${prefix}_mv${k} AS SELECT 1;${end}`;
    } else {
      before += `SELECT ${k};${end}`;
      after += `SELECT ${k};${end}`;
    }
  }
  const count = (b: string): number => breaks.filter((x) => x === b).length;
  const crlf = count('\r\n');
  const lf = count('\n');
  const cr = count('\r');
  const eol = crlf > lf && crlf >= cr ? '\r\n' : cr > lf && cr > crlf ? '\r' : '\n';
  return { before, after: after.replace(/\u0000/g, eol), eol };
}
