import assert from 'node:assert/strict';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import type { TableRef } from '@pipelint/engine/internal/sql/model.js';
import { countBefore, readersOf, tableHistory, temporaryDeclarations } from '@pipelint/engine/internal/sql/rules/util/doc-index.js';

function ref(name: string, templated = false): TableRef {
  return { name, baseName: name.slice(name.lastIndexOf('.') + 1), span: { start: 0, end: 0 }, templated };
}

const SCRIPT = `
CREATE TABLE analytics.orders (id int);
TRUNCATE orders;
DELETE FROM staging.orders WHERE id = 1;
INSERT INTO analytics.orders SELECT * FROM staging.orders;
DROP TABLE IF EXISTS analytics.customers, orders;
DELETE FROM {{ this }} WHERE ds = '{{ ds }}';
CREATE TEMPORARY TABLE tmp_orders AS SELECT * FROM analytics.orders;
UPDATE analytics.totals SET n = 1 FROM orders o WHERE o.id = totals.id;
`;

describe('SQL document index', () => {
  const doc = parseSql(SCRIPT, { dialect: 'postgres' });
  const indexes = (statements: readonly { index: number }[]): number[] => statements.map((s) => s.index);

  it('files a qualified name with the statements that name it bare or qualified the same way, in source order', () => {
    assert.deepEqual(indexes(tableHistory(doc, ref('analytics.orders'))), [0, 1, 4]);
  });

  it('keeps two different schemas apart while a bare name matches both', () => {
    assert.deepEqual(indexes(tableHistory(doc, ref('staging.orders'))), [1, 2, 4]);
    assert.deepEqual(indexes(tableHistory(doc, ref('orders'))), [0, 1, 2, 4]);
  });

  it('lists a DROP of several tables once under each of them', () => {
    assert.deepEqual(indexes(tableHistory(doc, ref('customers'))), [4]);
  });

  it('matches a templated name only with the same template', () => {
    assert.deepEqual(indexes(tableHistory(doc, ref('{{ this }}', true))), [5]);
    assert.deepEqual(indexes(tableHistory(doc, ref('this'))), []);
  });

  it('leaves INSERTs out of the history and lists the statements that read a table while writing another', () => {
    assert.deepEqual(indexes(readersOf(doc, ref('staging.orders'))), [3, 7]);
    assert.deepEqual(indexes(temporaryDeclarations(doc, ref('tmp_orders'))), [6]);
  });

  it('counts the statements before a position by binary search', () => {
    const history = tableHistory(doc, ref('orders'));
    assert.deepEqual([0, 1, 2, 3, 5].map((i) => countBefore(history, i)), [0, 1, 2, 3, 4]);
  });
});
