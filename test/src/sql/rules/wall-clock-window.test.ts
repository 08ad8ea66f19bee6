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
    {
      name: 'a clock window re-read inside the incremental branch of a model with a unique_key (a rerun rewrites the same rows)',
      filename: 'models/fct_orders.sql',
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental', unique_key='order_id') }}
        select * from {{ ref('stg_orders') }}
        {% if is_incremental() %}
        where order_date >= dateadd(day, -3, current_date())
        {% endif %}
      `,
    },
    {
      name: 'insert_overwrite of the partitions named from the clock, inside the incremental branch',
      filename: 'models/fct_clicks.sql',
      dialect: 'bigquery',
      code: `
        {{ config(materialized='incremental', incremental_strategy='insert_overwrite', partition_by={'field': 'click_date', 'data_type': 'date'}) }}
        select * from {{ source('web', 'clicks') }}
        {% if is_incremental() %}
        where click_date >= date_sub(current_date(), interval 1 day)
        {% endif %}
      `,
    },
    {
      name: 'a CREATE TABLE AS rebuilt whole: the trailing window is what the table means',
      dialect: 'postgres',
      code: `CREATE TABLE IF NOT EXISTS recent_orders AS SELECT * FROM orders WHERE created_at > now() - interval '7 days';`,
    },
    {
      name: 'a table model with a trailing window, rebuilt on every run',
      filename: 'models/marts/active_customers_90d.sql',
      code: `
        {{ config(materialized='table') }}
        select customer_id from {{ ref('fct_orders') }} where ordered_at >= current_date - 90 group by customer_id
      `,
    },
    {
      name: 'view and ephemeral models',
      filename: 'models/queue/pending_requests.sql',
      dialect: 'snowflake',
      code: `
        {{ config(materialized='view') }}
        select id from {{ ref('requests') }} where requested_at >= dateadd(day, -3, sysdate())
      `,
    },
    {
      name: 'a model without config or incremental branch: its materialization is in dbt_project.yml, unseen',
      filename: 'models/staging/stg_events.sql',
      dialect: 'bigquery',
      code: `
        select * from {{ source('app', 'events') }}
        where event_date >= date_sub(current_date(), interval 7 day)
      `,
    },
    {
      name: 'a disabled model',
      filename: 'models/legacy/fct_orders_old.sql',
      code: `
        {{ config(materialized='incremental', enabled=false) }}
        select * from {{ ref('stg_orders') }} where order_date = current_date - 1
      `,
    },
    {
      name: 'a macro file under a models folder',
      filename: 'macros/models/orders_macro.sql',
      code: `
        {% macro orders_since(days) %}
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_orders') }} where order_date >= current_date - {{ days }}
        {% endmacro %}
      `,
    },
    {
      name: 'the clock only as an upper bound: today\'s incomplete day, future dates, the end of a date spine',
      filename: 'models/fct_daily.sql',
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental') }}
        select d.day, count(*) from {{ ref('dim_days') }} d join {{ ref('stg_orders') }} o on o.order_day = d.day
        where d.day <= current_date
          and o.order_day < current_date()
          and date_trunc('month', o.order_day) != date_trunc('month', current_date)
          and current_date >= o.order_day
          and o.order_day between '2020-01-01' and dateadd(day, -1, current_date)
          and o.received_at <= current_timestamp
        {% if is_incremental() %}
          and o.order_day > (select max(day) from {{ this }})
        {% endif %}
        group by d.day
      `,
    },
    {
      name: 'an open validity range closed with the clock, and a currently-active check',
      filename: 'models/fct_orders_priced.sql',
      code: `
        {{ config(materialized='incremental') }}
        select o.*, p.price from {{ ref('stg_orders') }} o
        join {{ ref('price_snapshot') }} p
          on o.product_id = p.product_id and o.ordered_at >= p.valid_from and o.ordered_at < coalesce(p.valid_to, now())
        where current_date between p.valid_from and coalesce(p.valid_to, current_date)
        {% if is_incremental() %}
          and o.ordered_at > (select max(ordered_at) from {{ this }})
        {% endif %}
      `,
    },
    {
      name: 'a clock filter only in dev and CI branches',
      filename: 'models/fct_trades.sql',
      code: `
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_trades') }}
        {% if var('dev_dates', false) %}
        where trade_date >= current_date - 3
        {% elif target.name != 'prod' %}
        where trade_date >= current_date - 7
        {% elif env_var('RUN_ENV') == 'cicd' %}
        where trade_date >= current_date - 1
        {% elif is_incremental() %}
        where trade_ts > (select max(trade_ts) from {{ this }})
        {% endif %}
      `,
    },
    {
      name: 'a periodic snapshot guarded by the clock against the target',
      filename: 'models/stock_daily.sql',
      code: `
        {{ config(materialized='incremental', full_refresh=false) }}
        select current_date as snapshot_date, sku, on_hand from {{ ref('stock') }}
        {% if is_incremental() %}
        where current_date > (select max(snapshot_date) from {{ this }})
        {% endif %}
      `,
    },
    {
      name: 'the clock bounding the watermark read from the target: a lookback',
      dialect: 'snowflake',
      code: `
        MERGE INTO agg.daily_usage t
        USING (
          SELECT * FROM raw.usage
          WHERE usage_date > (SELECT max(usage_date) FROM agg.daily_usage WHERE usage_date <= dateadd(day, -2, sysdate()))
        ) s
        ON t.usage_date = s.usage_date AND t.meter_id = s.meter_id
        WHEN MATCHED THEN UPDATE SET kwh = s.kwh;
      `,
    },
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
      name: 'a dbt incremental filter on the clock, appending',
      filename: 'models/fct_orders.sql',
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental') }}
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
      name: 'an INSERT whose window starts at the clock, with a fixed upper bound',
      dialect: 'postgres',
      code: `INSERT INTO recent_orders SELECT * FROM orders WHERE created_at BETWEEN now() - interval '7 days' AND '2030-01-01';`,
      errors: [{ messageId: 'window', line: 1, column: 73, endColumn: 78, message: 'The rows loaded here are picked by now(), the moment the job runs: a rerun, a backfill or a late run reads a different window than the run it stands in for.' }],
    },
    {
      name: 'a dbt model in a project kept under a tests folder',
      filename: 'integration_tests/tests/project/models/fct_orders.sql',
      code: `
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_orders') }} where order_date = current_date - 1
      `,
      errors: [{ messageId: 'window', line: 2, column: 58 }],
    },
    {
      name: 'a dbt model without config, incremental by its is_incremental() branch',
      filename: 'models/staging/stg_events.sql',
      dialect: 'bigquery',
      code: `
        select * from {{ source('app', 'events') }}
        where event_date >= date_sub(current_date(), interval 7 day)
        {% if is_incremental() %}
        and event_ts > (select max(event_ts) from {{ this }})
        {% endif %}
      `,
      errors: [{ messageId: 'window', line: 2, column: 30, endColumn: 44 }],
    },
    {
      name: 'a clock window outside the incremental branch of a model with a key: every build, full refresh included',
      filename: 'models/fct_scores.sql',
      dialect: 'snowflake',
      code: `
        {{ config(materialized='incremental', unique_key=['player_id', 'score_date']) }}
        with baseline as (
          select player_id, avg(points) as avg_points from {{ ref('stg_scores') }}
          where score_date >= dateadd(day, -7, current_date)
          group by player_id
        )
        select s.*, b.avg_points from {{ ref('stg_scores') }} s join baseline b using (player_id)
        {% if is_incremental() %}
        where s.score_date > (select max(score_date) from {{ this }})
        {% endif %}
      `,
      errors: [{ messageId: 'window', line: 4, column: 40, endColumn: 52 }],
    },
    {
      name: 'an equality on one day, in the production branch next to a CI sample',
      filename: 'models/fct_orders.sql',
      code: `
        {{ config(materialized='incremental') }}
        select * from {{ ref('stg_orders') }}
        {% if target.name == 'ci' %}
        where order_date >= current_date - 3
        {% else %}
        where order_date = current_date - 1
        {% endif %}
      `,
      errors: [{ messageId: 'window', line: 6, column: 20, endColumn: 32 }],
    },
    {
      name: 'an IN list of days from the clock',
      code: `INSERT INTO daily SELECT * FROM events WHERE event_date IN (current_date, current_date - 1);`,
      errors: [{ messageId: 'window', line: 1, column: 61, endColumn: 73 }],
    },
  ],
});
