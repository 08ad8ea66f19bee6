import * as assert from 'node:assert/strict';
import { fingerprintFindings, normalisedSnippet } from '@pipelint/engine/internal/cli/fingerprint.js';
import { LineIndex } from '@pipelint/engine/internal/core/line-index.js';
import { findingAt, findingsOf } from './helpers.js';

const LOAD = `
CREATE TABLE IF NOT EXISTS orders (id int);
INSERT INTO orders VALUES (1);
`;

function printOf(text: string, needle: string, rule = 'blind-insert'): string {
  return fingerprintFindings(text, [findingAt(text, rule, needle)])[0];
}

describe('finding fingerprints', () => {
  it('keep their value when lines are added above the finding', () => {
    const moved = `-- loads yesterday's orders\n\n${LOAD}`;
    assert.equal(printOf(moved, 'INSERT'), printOf(LOAD, 'INSERT'));
  });

  it('keep their value when the flagged line is re-indented', () => {
    const indented = LOAD.replace('INSERT INTO orders VALUES (1);', '    INSERT  INTO orders\tVALUES (1);');
    assert.equal(printOf(indented, 'INSERT'), printOf(LOAD, 'INSERT'));
  });

  it('keep their value when line endings change from LF to CRLF', () => {
    assert.equal(printOf(LOAD.replace(/\n/g, '\r\n'), 'INSERT'), printOf(LOAD, 'INSERT'));
  });

  it('change when the flagged code changes', () => {
    const edited = LOAD.replace('VALUES (1)', 'VALUES (2)');
    assert.notEqual(printOf(edited, 'INSERT'), printOf(LOAD, 'INSERT'));
  });

  it('differ between rules flagging the same line', () => {
    assert.notEqual(printOf(LOAD, 'INSERT', 'blind-insert'), printOf(LOAD, 'INSERT', 'other-rule'));
  });

  it('tell identical snippets in one file apart by their order', () => {
    const text = 'INSERT INTO t VALUES (1);\nSELECT 1;\nINSERT INTO t VALUES (1);\n';
    const prints = fingerprintFindings(text, findingsOf(text, 'blind-insert', 'INSERT'));
    assert.equal(prints.length, 2);
    assert.notEqual(prints[0], prints[1]);
    assert.deepEqual(fingerprintFindings(text, findingsOf(text, 'blind-insert', 'INSERT').reverse()), [prints[1], prints[0]]);
  });

  it('are 32 lowercase hex digits', () => {
    assert.match(printOf(LOAD, 'INSERT'), /^[0-9a-f]{32}$/);
  });
});

describe('normalised snippets', () => {
  it('hold every line the finding covers, trimmed and with single spaces', () => {
    const text = 'SELECT 1;\n  INSERT INTO t\n     VALUES   (1);\n';
    const lines = new LineIndex(text);
    const finding = findingAt(text, 'blind-insert', 'INSERT');
    finding.range = lines.range(text.indexOf('INSERT'), text.indexOf(';\n', 20) + 1);
    assert.equal(normalisedSnippet(text, finding), 'INSERT INTO t\nVALUES (1);');
  });

  it('leave out the line a range ends on at column 1', () => {
    const text = 'INSERT INTO t VALUES (1);\nSELECT 2;\n';
    const finding = findingAt(text, 'blind-insert', 'INSERT INTO t VALUES (1);\n');
    assert.equal(finding.range.end.column, 1);
    assert.equal(normalisedSnippet(text, finding), 'INSERT INTO t VALUES (1);');
  });
});
