import * as assert from 'node:assert/strict';
import { columnRefs, findTopLevelWord, isWord, referencesTable, sameTable, splitTopLevel, tableRefsIn, tokensOf } from '@pipelint/engine/internal/sql/expr.js';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import type { DeleteStatement, TableRef } from '@pipelint/engine/internal/sql/model.js';

function ref(name: string, templated = false): TableRef {
  return { name, baseName: name.slice(name.lastIndexOf('.') + 1), span: { start: 0, end: 0 }, templated };
}

function where(text: string): { where: NonNullable<DeleteStatement['where']>; text: string } {
  const doc = parseSql(text, { dialect: 'postgres' });
  const where = (doc.statements[0] as DeleteStatement).where;
  assert.ok(where);
  return { where, text };
}

describe('SQL expression helpers', () => {
  it('splits a predicate into its top-level conjuncts, keeping BETWEEN ... AND together', () => {
    const { where: w, text } = where('delete from t where a = 1 and (b = 2 or c = 3) and d between 1 and 5 and e');
    assert.deepEqual(splitTopLevel(w, 'AND').map((e) => text.slice(e.span.start, e.span.end)), ['a = 1', '(b = 2 or c = 3)', 'd between 1 and 5', 'e']);
  });

  it('splits on commas outside parentheses and CASE', () => {
    const { where: w, text } = where("delete from t where f(a, b) in (1, 2)");
    assert.deepEqual(splitTopLevel(tokensOf(w), ',').map((e) => text.slice(e.span.start, e.span.end)), ['f(a, b) in (1, 2)']);
  });

  it('finds a word at depth zero only', () => {
    const { where: w } = where('delete from t where a in (select 1 from u) or b');
    assert.equal(findTopLevelWord(w.tokens, 'OR'), 8);
    assert.equal(findTopLevelWord(w.tokens, 'FROM'), -1);
    assert.equal(isWord(w.tokens[8], 'OR', 'AND'), true);
  });

  it('matches an unqualified table to a qualified one by its last part, and templates only to themselves', () => {
    assert.equal(sameTable(ref('orders'), ref('sales.orders')), true);
    assert.equal(sameTable(ref('a.orders'), ref('b.orders')), false);
    assert.equal(sameTable(ref('{{ this }}', true), ref('{{ this }}', true)), true);
    assert.equal(sameTable(ref('{{ this }}', true), ref('this')), false);
  });

  it('lists the tables an expression reads and tells whether it references one', () => {
    const { where: w } = where('delete from t where id in (select id from s.a join b using (id)) and exists (select 1 from c, d)');
    assert.deepEqual(tableRefsIn(w).map((r) => r.name), ['s.a', 'b', 'c', 'd']);
    assert.equal(referencesTable(w, ref('a')), true);
    assert.equal(referencesTable(w, ref('t')), false);
  });

  it('lists column references with their qualifiers, skipping keywords, calls and tables', () => {
    const { where: w } = where('delete from t where x.ds < now() - 1 and "Flag" is null and lower(name) = \'a\'');
    assert.deepEqual(columnRefs(w).map((c) => [c.qualifier, c.name]), [['x', 'ds'], [null, 'Flag'], [null, 'name']]);
  });

  it('does not list cast types or interval units as columns', () => {
    const { where: w } = where("delete from t where a::date < now() - interval '1' day");
    assert.deepEqual(columnRefs(w).map((c) => c.name), ['a']);
  });
});
