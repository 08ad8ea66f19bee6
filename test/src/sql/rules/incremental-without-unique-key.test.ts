import rule from '@pipelint/engine/internal/sql/rules/incremental-without-unique-key/index.js';
import { testRule } from './tester.js';

const MODEL = 'models/marts/fct_orders.sql';

testRule(rule, {
  valid: [
    {
      name: 'an append that leaves out the keys already in the target',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_orders') }}
        {% if is_incremental() %}
        where order_date >= current_date - 3
          and order_id not in (select order_id from {{ this }})
        {% endif %}
      `,
    },
    {
      name: 'an append of the new rows minus the target',
      filename: MODEL,
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental') }}
        select order_id, status from {{ ref('stg_orders') }}
        {% if is_incremental() %}
        minus select order_id, status from {{ this }}
        {% endif %}
      `,
    },
    {
      name: 'a disabled model',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental', enabled=false) }}
        select * from {{ ref('stg_orders') }}
      `,
    },
    {
      name: 'a unique_key after a nested dict argument (a `}}` inside the config does not end it)',
      filename: MODEL,
      code: `
        {{
          config(
            materialized='incremental',
            meta={'owner': {'team': {'name': 'growth'}}},
            unique_key=['order_id', 'line_no']
          )
        }}
        select * from {{ ref('stg_order_lines') }}
      `,
    },
    {
      name: 'a strict watermark after a multi-line pre_hook string',
      filename: MODEL,
      dialect: 'snowflake',
      code: `
        {{
          config(
            materialized='incremental',
            pre_hook=["
              insert into {{ source('audit', 'order_log') }}
              select * from {{ ref('stg_orders') }}
            "]
          )
        }}
        select * from {{ ref('stg_orders') }}
        {% if is_incremental() %}
        where loaded_at > (select max(loaded_at) from {{ this }})
        {% endif %}
      `,
    },
    {
      name: 'a unique_key string',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental', unique_key='order_id') }}
        select * from {{ ref('stg_orders') }}
      `,
    },
    {
      name: 'a unique_key list',
      filename: MODEL,
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental', unique_key=['order_id', 'line_no'], incremental_strategy='merge') }}
        select * from {{ ref('stg_order_lines') }}
      `,
    },
    {
      name: 'insert_overwrite replaces whole partitions',
      filename: MODEL,
      dialect: 'bigquery',
      code: `
        {{ config(materialized='incremental', incremental_strategy='insert_overwrite', partition_by={'field': 'order_date', 'data_type': 'date'}) }}
        select * from {{ ref('stg_orders') }}
      `,
    },
    {
      name: 'microbatch replaces whole batches',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental', incremental_strategy='microbatch', event_time='order_ts', begin='2024-01-01', batch_size='day') }}
        select * from {{ ref('stg_orders') }}
      `,
    },
    {
      name: 'a table materialization',
      filename: MODEL,
      code: `
        {{ config(materialized='table') }}
        select * from {{ ref('stg_orders') }}
      `,
    },
    {
      name: 'a strict watermark reads each row once',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_events') }}
        {% if is_incremental() %}
        where event_ts > (select max(event_ts) from {{ this }})
        {% endif %}
      `,
    },
    {
      name: 'a unique_key from a variable',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental', unique_key=var('order_key')) }}
        select * from {{ ref('stg_orders') }}
      `,
    },
  ],
  invalid: [
    {
      name: 'a NOT IN against another table is no anti-join on the target',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_orders') }}
        {% if is_incremental() %}
        where order_date >= current_date - 3 and order_id not in (select order_id from {{ ref('cancelled') }})
        and order_id in (select order_id from {{ this }})
        {% endif %}
      `,
      errors: [{ messageId: 'appends', line: 1, column: 24, endColumn: 37 }],
    },
    {
      name: 'a nested dict argument before an empty unique_key does not hide it',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental', meta={'owner': {'team': {'name': 'growth'}}}, unique_key=none) }}
        select * from {{ ref('stg_orders') }}
      `,
      errors: [{ messageId: 'appends', line: 1, column: 24, endLine: 1, endColumn: 37 }],
    },
    {
      filename: MODEL,
      code: `
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_orders') }}
      `,
      errors: [
        {
          messageId: 'appends',
          line: 1,
          column: 24,
          endLine: 1,
          endColumn: 37,
          message: "materialized='incremental' with no `unique_key` only appends: a re-run over the same period inserts its rows a second time.",
        },
      ],
    },
    {
      name: 'an explicit append strategy',
      filename: MODEL,
      code: `
        {{
          config(
            materialized='incremental',
            incremental_strategy='append'
          )
        }}
        select * from {{ ref('stg_orders') }}
        {% if is_incremental() %}
        where order_date >= {{ var('start_date') }}
        {% endif %}
      `,
      errors: [
        {
          messageId: 'appends',
          line: 4,
          column: 26,
          endColumn: 34,
          message: "incremental_strategy='append' with no `unique_key` only appends: a re-run over the same period inserts its rows a second time.",
        },
      ],
    },
    {
      name: 'merge without a key falls back to appending',
      filename: MODEL,
      dialect: 'snowflake',
      code: `
        {{ config(materialized="incremental", incremental_strategy="merge") }}
        select * from {{ ref('stg_orders') }}
      `,
      errors: [{ messageId: 'appends', line: 1, column: 60, endColumn: 67 }],
    },
    {
      name: 'an empty unique_key',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental', unique_key=[]) }}
        select * from {{ ref('stg_orders') }}
      `,
      errors: [{ messageId: 'appends', line: 1, column: 24, endColumn: 37 }],
    },
    {
      name: 'a lookback window re-reads rows it already appended',
      filename: MODEL,
      code: `
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_events') }}
        {% if is_incremental() %}
        where event_ts > (select max(event_ts) - interval '3 hours' from {{ this }})
        {% endif %}
      `,
      errors: [{ messageId: 'appends', line: 1, column: 24, endColumn: 37 }],
    },
  ],
});
