import * as assert from 'node:assert/strict';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';

const MODEL = `{{
  config(
    materialized='incremental',
    unique_key=['order_id', "line_no"],
    incremental_strategy = 'merge',
    partition_by={'field': 'dt', 'data_type': 'date'},
    full_refresh=false,
    batch_size=100,
    tags=var('tags')
  )
}}

select o.*, current_timestamp as loaded_at
from {{ ref('stg_orders') }} o
{%- if is_incremental() -%}
  where o.updated_at > (select max(updated_at) from {{ this }})
  {% if var('strict', false) %} and o.valid {% endif %}
{%- else -%}
  where true
{%- endif -%}
`;

describe('dbt models', () => {
  const doc = parseSql(MODEL, {});
  const at = (span: { start: number; end: number }): string => MODEL.slice(span.start, span.end);

  it('reads config arguments as literal values with the span of each value', () => {
    const args = doc.dbt.config?.args ?? {};
    assert.deepEqual(
      Object.entries(args).map(([k, a]) => [k, a.value, at(a.span)]),
      [
        ['materialized', 'incremental', "'incremental'"],
        ['unique_key', ['order_id', 'line_no'], `['order_id', "line_no"]`],
        ['incremental_strategy', 'merge', "'merge'"],
        ['partition_by', null, "{'field': 'dt', 'data_type': 'date'}"],
        ['full_refresh', false, 'false'],
        ['batch_size', 100, '100'],
        ['tags', null, "var('tags')"],
      ],
    );
    assert.equal(args.partition_by.raw, "{'field': 'dt', 'data_type': 'date'}");
    assert.equal(at(doc.dbt.config?.span ?? { start: 0, end: 0 }), MODEL.slice(0, MODEL.indexOf('}}') + 2));
  });

  it('finds the incremental body between the tags, ending at else, with nested ifs inside', () => {
    assert.equal(doc.dbt.incrementalBlocks.length, 1);
    const body = at(doc.dbt.incrementalBlocks[0]);
    assert.ok(body.startsWith('\n  where o.updated_at'), body);
    assert.ok(body.endsWith('{% endif %}\n'), body);
  });

  it('marks the model as dbt and its statement as partly incremental', () => {
    assert.equal(doc.dbt.isDbtModel, true);
    assert.deepEqual(doc.statements.map((s) => [s.kind, s.inIncrementalBlock]), [['select', true]]);
    assert.equal(at(doc.statements[0].keywordSpan), 'select');
  });

  it('reads a unique_key given as a single string', () => {
    const single = parseSql("{{ config(materialized='incremental', unique_key='id') }} select 1", {});
    assert.equal(single.dbt.config?.args.unique_key.value, 'id');
  });

  it('treats the else branch of `if not is_incremental()` as the incremental body', () => {
    const text = '{% if not is_incremental() %}\ncreate table x (a int);\n{% else %}\ninsert into x select 1;\n{% endif %}';
    const d = parseSql(text, {});
    assert.deepEqual(d.statements.map((s) => [s.kind, s.inIncrementalBlock]), [['create', false], ['insert', true]]);
  });

  it('reports an if that never closes and keeps the body to the end of the file', () => {
    const text = 'select 1 {% if is_incremental() %} where x > 1';
    const d = parseSql(text, {});
    assert.deepEqual(d.dbt.incrementalBlocks, [{ start: 34, end: text.length }]);
    assert.deepEqual(d.problems, [{ message: 'This {% if %} is never closed with {% endif %}', span: { start: 9, end: 34 } }]);
  });

  it('does not call plain SQL with an Airflow template a dbt model', () => {
    const d = parseSql("delete from t where ds = '{{ ds }}'; insert into {{ params.table }} select 1", {});
    assert.equal(d.dbt.isDbtModel, false);
    assert.equal(d.dbt.config, null);
  });
});
