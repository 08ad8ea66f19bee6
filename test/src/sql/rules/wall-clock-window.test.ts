import rule from '@pipelint/engine/internal/sql/rules/wall-clock-window/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    {
      name: 'the run date passed in by Airflow',
      code: `
        INSERT INTO analytics.daily_orders
        SELECT order_date, sum(amount) FROM raw.orders
        WHERE order_date = DATE '{{ ds }}'
        GROUP BY order_date;
      `,
    },
    {
      name: 'a dbt var for the run date',
      filename: 'models/fct_orders.sql',
      code: `
        {{ config(materialized='incremental', unique_key='order_id') }}
        select * from {{ ref('stg_orders') }}
        where order_date >= '{{ var("run_date") }}'
      `,
    },
    { name: 'an ad-hoc SELECT that writes nothing', filename: 'analysis/recent.sql', code: `SELECT * FROM orders WHERE created_at > now() - interval '1 day';` },
    { name: 'a retention DELETE', dialect: 'postgres', code: `DELETE FROM sessions WHERE expires_at < now();` },
    { name: 'the clock in an UPDATE SET', code: `UPDATE orders SET shipped_at = now() WHERE order_id = 42;` },
    { name: 'the clock in the select list', code: `INSERT INTO snapshots SELECT current_date, account_id, balance FROM accounts;` },
    {
      name: 'a dbt singular test with a config() that checks freshness against the clock',
      filename: 'tests/assert_orders_fresh.sql',
      dialect: 'snowflake',
      code: `
        {{ config(severity = 'warn') }}
        select max(updated_at) from {{ ref('fct_orders') }}
        having max(updated_at) < dateadd(hour, -6, current_timestamp())
      `,
    },
    {
      name: 'a dbt analysis with a config()',
      filename: 'analyses/revenue_last_30_days.sql',
      code: `
        {{ config(tags = ['finance']) }}
        select * from {{ ref('fct_daily_revenue') }} where revenue_date >= current_date - 30
      `,
    },
    {
      name: 'a view of the last seven days, evaluated when it is read',
      dialect: 'postgres',
      code: `
        CREATE OR REPLACE VIEW staging.v_recent_events AS
        SELECT event_id, occurred_at FROM staging.web_events
        WHERE occurred_at > now() - interval '7 days';
      `,
    },
    { name: 'the clock in VALUES', code: `INSERT INTO run_log (run_id, started_at) VALUES ('r-1', now());` },
  ],
  invalid: [
    {
      code: `
        INSERT INTO analytics.daily_orders
        SELECT order_date, sum(amount)
        FROM raw.orders
        WHERE order_date = current_date - 1
        GROUP BY order_date;
      `,
      errors: [
        {
          messageId: 'window',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 32,
          message:
            'The rows loaded here are picked by current_date, the moment the job runs: a rerun, a backfill or a late run reads a different window than the run it stands in for.',
        },
      ],
    },
    {
      name: 'a dbt incremental filter on the clock',
      filename: 'models/fct_orders.sql',
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental', unique_key='order_id') }}
        select * from {{ ref('stg_orders') }}
        {% if is_incremental() %}
        where order_date >= dateadd(day, -3, current_date())
        {% endif %}
      `,
      errors: [{ messageId: 'window', line: 4, column: 38, endColumn: 52 }],
    },
    {
      name: 'a MERGE source windowed on sysdate()',
      dialect: 'snowflake',
      code: `
        MERGE INTO analytics.orders t
        USING (SELECT * FROM raw.orders WHERE updated_at >= dateadd(hour, -2, sysdate())) s
        ON t.order_id = s.order_id
        WHEN MATCHED THEN UPDATE SET status = s.status;
      `,
      errors: [{ messageId: 'window', line: 2, column: 71, endColumn: 80 }],
    },
    {
      name: 'a CREATE TABLE AS with a clock window',
      dialect: 'postgres',
      code: `CREATE TABLE IF NOT EXISTS recent_orders AS SELECT * FROM orders WHERE created_at > now() - interval '7 days';`,
      errors: [{ messageId: 'window', line: 1, column: 85, endColumn: 90, message: 'The rows loaded here are picked by now(), the moment the job runs: a rerun, a backfill or a late run reads a different window than the run it stands in for.' }],
    },
    {
      name: 'a dbt model in a project kept under a tests folder',
      filename: 'integration_tests/tests/project/models/fct_orders.sql',
      code: `
        {{ config(materialized='table') }}
        select * from {{ ref('stg_orders') }} where order_date = current_date - 1
      `,
      errors: [{ messageId: 'window', line: 2, column: 58 }],
    },
    {
      name: 'a dbt model without config, found by its path',
      filename: 'models/staging/stg_events.sql',
      dialect: 'bigquery',
      code: `
        select * from {{ source('app', 'events') }}
        where event_date >= date_sub(current_date(), interval 7 day)
      `,
      errors: [{ messageId: 'window', line: 2, column: 30, endColumn: 44 }],
    },
  ],
});
