import * as assert from 'node:assert/strict';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import { DIALECTS, type Dialect, type SqlDocument } from '@pipelint/engine/internal/sql/model.js';
import { prng } from './prng.js';
import { CORPUS, NOISE } from '../fuzz/inputs.js';

function checkSpan(text: string, span: { start: number; end: number }, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: non-integer span`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: span ${span.start}-${span.end} outside 0-${text.length}`);
}

/** Statement tokens are checked once per statement; Expr tokens are slices of them. */
const SKIP = new Set(['parent', 'transaction', 'children', 'lines', 'tokens']);

/** Every `{ start, end }` reachable from a statement (through fields, Exprs, calls and their arguments) lies in the text. */
function checkSpans(text: string, value: unknown, path: string, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 6) return;
  if (Array.isArray(value)) {
    for (const item of value) checkSpans(text, item, path, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.start === 'number' && typeof record.end === 'number') checkSpan(text, record as { start: number; end: number }, path);
  for (const key of Object.keys(record)) if (!SKIP.has(key)) checkSpans(text, record[key], path, depth + 1);
  for (const key of ['span', 'args']) {
    if (key in record && !Object.prototype.hasOwnProperty.call(record, key)) checkSpans(text, record[key], path, depth + 1);
  }
}

function checkDocument(text: string, doc: SqlDocument): void {
  let previousEnd = 0;
  for (const t of doc.tokens) {
    checkSpan(text, t, 'token');
    assert.ok(t.start >= previousEnd && t.end > t.start, `tokens out of order or overlapping at ${t.start}`);
    assert.equal(t.text, text.slice(t.start, t.end));
    previousEnd = t.end;
  }
  doc.statements.forEach((s, i) => {
    assert.equal(s.index, i);
    checkSpans(text, s, `statement ${i}`, 0);
    for (const t of s.tokens) checkSpan(text, t, `statement ${i} token`);
    if (s.parent) assert.ok(s.parent.index < i && s.parent.kind === 'block');
  });
  for (const c of doc.comments) checkSpan(text, c, 'comment');
  for (const p of doc.problems) checkSpan(text, p.span, 'problem');
  checkSpans(text, doc.dbt, 'dbt', 0);
}

function parseAll(text: string, seedNote: string, dialects: readonly Dialect[] = DIALECTS): void {
  for (const dialect of dialects) {
    let doc: SqlDocument;
    try {
      doc = parseSql(text, { dialect });
    } catch (error) {
      assert.fail(`parseSql threw on ${seedNote} (${dialect}): ${String(error)}\n${JSON.stringify(text)}`);
    }
    assert.equal(doc.problems.some((p) => p.message.startsWith('Internal parser error')), false, `${seedNote} (${dialect}): ${JSON.stringify(doc.problems)}\n${JSON.stringify(text)}`);
    try {
      checkDocument(text, doc);
    } catch (error) {
      assert.fail(`${seedNote} (${dialect}): ${String(error)}\n${JSON.stringify(text)}`);
    }
  }
}

describe('SQL front end on arbitrary input', function () {
  this.timeout(60000);

  it('survives every truncation of real statements with spans inside the text', () => {
    const all = CORPUS.join('\n');
    // Each offset is cut once, in one dialect in turn: every dialect still meets every kind of construct cut short.
    for (let end = 0; end <= all.length; end++) parseAll(all.slice(0, end), `truncation at ${end}`, [DIALECTS[end % DIALECTS.length]]);
  });

  it('survives random bytes', () => {
    const random = prng(20240601);
    for (let n = 0; n < 300; n++) {
      const length = Math.floor(random() * 200);
      let text = '';
      for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(random() * (random() < 0.9 ? 128 : 0x10000)));
      parseAll(text, `random bytes #${n}`);
    }
  });

  it('survives quotes, brackets, comments and Jinja delimiters inserted into real statements', () => {
    const random = prng(7);
    for (let n = 0; n < 400; n++) {
      let text = CORPUS[n % CORPUS.length];
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1));
        text = text.slice(0, at) + NOISE[Math.floor(random() * NOISE.length)] + text.slice(at);
      }
      parseAll(text, `mutation #${n}`);
    }
  });

  it('survives deep nesting and long runs of openers', () => {
    const inputs = [
      'select ' + 'f('.repeat(3000) + 'x' + ')'.repeat(10),
      'BEGIN '.repeat(2000) + 'select 1;',
      'select ' + 'case when a then '.repeat(1000),
      '{{ '.repeat(1000) + '{% if is_incremental() %}'.repeat(500),
      "'".repeat(999) + '$$'.repeat(999),
      'do $$ '.repeat(300),
      '/*'.repeat(2000),
      '[' .repeat(3000),
      'create procedure p() begin ' + 'begin '.repeat(500) + 'insert into t values (1); ' + 'end; '.repeat(500) + 'end;',
    ];
    inputs.forEach((text, i) => parseAll(text, `nesting input ${i}`));
  });
});
