import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';
import { MappedText } from '@pipelint/engine/internal/ts/embedded/mapped-text.js';

/** Builds the mapped text of one single-quoted literal found in `file`, as the reader does. */
function quoted(file: string): MappedText {
  const open = file.indexOf("'");
  const close = file.lastIndexOf("'");
  const text = new MappedText();
  text.appendQuoted(file.slice(open + 1, close), open + 1, "'");
  return text;
}

describe('MappedText', () => {
  it('decodes escapes and maps each decoded character back to its escape sequence', () => {
    const file = "q('a\\nb\\u0041c')";
    const text = quoted(file);
    assert.equal(text.text, 'a\nbAc');
    const newline = text.mapSpan({ start: 1, end: 2 });
    assert.deepEqual(newline, { start: 4, end: 6 });
    assert.equal(file.slice(newline!.start, newline!.end), '\\n');
    const unicode = text.mapSpan({ start: 3, end: 4 });
    assert.equal(file.slice(unicode!.start, unicode!.end), '\\u0041');
  });

  it('maps a span that starts after an escape to the exact characters in the file', () => {
    const file = "q('x\\ty FROM t')";
    const text = quoted(file);
    const from = text.text.indexOf('FROM');
    const span = text.mapSpan({ start: from, end: from + 4 });
    assert.equal(file.slice(span!.start, span!.end), 'FROM');
  });

  it('maps a stand-in to the whole placeholder it replaces', () => {
    const file = 'sql`DELETE FROM t WHERE d = ${day} AND x = 1`';
    const text = new MappedText();
    text.appendQuoted('DELETE FROM t WHERE d = ', 4, '`');
    text.appendStandIn('$1', { start: 28, end: 34 });
    text.appendQuoted(' AND x = 1', 34, '`');
    assert.equal(text.text, 'DELETE FROM t WHERE d = $1 AND x = 1');
    const param = text.mapSpan({ start: 24, end: 26 });
    assert.equal(file.slice(param!.start, param!.end), '${day}');
    const tail = text.mapSpan({ start: 27, end: 36 });
    assert.equal(file.slice(tail!.start, tail!.end), 'AND x = 1');
  });

  it('joins mapped texts with synthetic separators that map nowhere', () => {
    const first = quoted("a('BEGIN')");
    const script = new MappedText();
    script.appendMapped(first);
    script.appendSynthetic(';\n');
    assert.equal(script.text, 'BEGIN;\n');
    assert.deepEqual(script.mapSpan({ start: 5, end: 7 }), { start: 8, end: 8 });
  });

  it('maps an insertion between verbatim characters of one literal', () => {
    const file = "q('CREATE TABLE t (id int)')";
    const text = quoted(file);
    const edit = text.mapEdit({ span: { start: 13, end: 13 }, text: 'IF NOT EXISTS ' });
    assert.ok(edit);
    const fixed = file.slice(0, edit.span.start) + edit.text + file.slice(edit.span.end);
    assert.equal(fixed, "q('CREATE TABLE IF NOT EXISTS t (id int)')");
  });

  it('refuses an edit that replaces an escape sequence', () => {
    const text = quoted("q('a\\nb')");
    assert.equal(text.mapEdit({ span: { start: 0, end: 3 }, text: 'x' }), null);
  });

  it('refuses an edit whose text would need escaping in the quote it lands in', () => {
    const text = quoted("q('SELECT 1')");
    assert.equal(text.mapEdit({ span: { start: 6, end: 6 }, text: " 'x'" }), null);
    assert.equal(text.mapEdit({ span: { start: 6, end: 6 }, text: '\n-- note' }), null);
  });

  it('refuses an edit that spans a stand-in', () => {
    const text = new MappedText();
    text.appendQuoted('a = ', 1, '`');
    text.appendStandIn('$1', { start: 5, end: 11 });
    assert.equal(text.mapEdit({ span: { start: 2, end: 6 }, text: '' }), null);
  });

  it('drops characters back to a mark when a read is undone', () => {
    const text = quoted("q('abc')");
    text.truncate(1);
    assert.equal(text.text, 'a');
    assert.equal(text.length, 1);
  });
});
