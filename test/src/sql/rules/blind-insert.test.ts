import rule from '@pipelint/engine/internal/sql/rules/blind-insert/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    {
      name: 'an upsert with ON CONFLICT',
      dialect: 'postgres',
      code: `
        INSERT INTO orders (order_id, amount) VALUES (1, 9.99)
        ON CONFLICT (order_id) DO UPDATE SET amount = excluded.amount;
      `,
    },
    { name: 'MySQL INSERT IGNORE', dialect: 'mysql', code: `INSERT IGNORE INTO events (id, payload) VALUES (1, 'a');` },
    {
      name: 'Spark INSERT OVERWRITE of a partition',
      dialect: 'spark',
      code: `
        INSERT OVERWRITE TABLE sales PARTITION (dt = '2024-06-01')
        SELECT id, amount FROM staging_sales WHERE dt = '2024-06-01';
      `,
    },
    {
      name: 'an anti-join with NOT EXISTS against the target',
      code: `
        INSERT INTO dim_customer (customer_id, name)
        SELECT s.customer_id, s.name FROM staging.customers s
        WHERE NOT EXISTS (SELECT 1 FROM dim_customer d WHERE d.customer_id = s.customer_id);
      `,
    },
    {
      name: 'a watermark subquery that reads the target',
      code: `
        INSERT INTO events
        SELECT * FROM raw_events WHERE event_ts > (SELECT max(event_ts) FROM events);
      `,
    },
    {
      name: 'a temporary table created in the script',
      dialect: 'postgres',
      code: `
        CREATE TEMP TABLE batch (id int);
        INSERT INTO batch VALUES (1), (2);
      `,
    },
    {
      name: 'a DB2 declared global temporary table',
      code: `
        DECLARE GLOBAL TEMPORARY TABLE session.batch (id int);
        INSERT INTO session.batch VALUES (1);
      `,
    },
    {
      name: 'a table the script recreates with CREATE OR REPLACE',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE TABLE analytics.daily_totals (day date, total number);
        INSERT INTO analytics.daily_totals SELECT order_date, sum(amount) FROM raw.orders GROUP BY 1;
      `,
    },
    {
      name: 'a table truncated first (non-atomic-replace judges the pair)',
      code: `
        TRUNCATE TABLE analytics.daily_totals;
        INSERT INTO analytics.daily_totals SELECT order_date, sum(amount) FROM raw.orders GROUP BY 1;
      `,
    },
    {
      name: 'a delete of the same day in the same transaction',
      code: `
        BEGIN;
        DELETE FROM fact_sales WHERE sale_date = '2024-06-01';
        INSERT INTO fact_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
        COMMIT;
      `,
    },
    {
      name: 'a delete keyed on the staging table the insert reads',
      code: `
        BEGIN;
        DELETE FROM orders WHERE order_id IN (SELECT order_id FROM staging.orders);
        INSERT INTO orders SELECT * FROM staging.orders;
        COMMIT;
      `,
    },
    {
      name: 'a delete by the target column the filtered source column is written to',
      dialect: 'snowflake',
      code: `
        BEGIN TRANSACTION;
        DELETE FROM analytics.daily_product_revenue WHERE revenue_date = '2024-06-01';
        INSERT INTO analytics.daily_product_revenue (revenue_date, product_id, revenue)
        SELECT li.order_date, li.product_id, sum(li.amount) FROM raw.order_lines AS li
        WHERE li.order_date = :run_date
        GROUP BY 1, 2;
        COMMIT;
      `,
    },
    {
      name: 'a delete and a filter on the same run parameter',
      code: `
        BEGIN;
        DELETE FROM fact_signups WHERE day = '{{ ds }}';
        INSERT INTO fact_signups SELECT * FROM staging.signups WHERE signup_date = '{{ ds }}';
        COMMIT;
      `,
    },
    {
      name: 'a delete of yesterday by the clock (wall-clock-window judges the clock)',
      dialect: 'postgres',
      code: `
        BEGIN;
        DELETE FROM daily_signups WHERE signup_date = current_date - 1;
        INSERT INTO daily_signups SELECT signup_date, count(*) FROM users WHERE signup_date = current_date - 1 GROUP BY 1;
        COMMIT;
      `,
    },
    {
      name: 'a delete outside a transaction (reported by non-atomic-replace instead)',
      code: `
        DELETE FROM fact_sales WHERE sale_date = '2024-06-01';
        INSERT INTO fact_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
      `,
    },
    {
      name: 'a Databricks INSERT INTO ... REPLACE WHERE, which overwrites the slice in one commit',
      dialect: 'spark',
      code: `
        INSERT INTO gold.weekly_retention
        REPLACE WHERE cohort_week = DATE'2024-06-03'
        SELECT cohort_week, count(*) FROM silver.cohorts WHERE cohort_week = DATE'2024-06-03' GROUP BY 1;
      `,
    },
    {
      name: 'a BigQuery _SESSION table, which the session drops',
      dialect: 'bigquery',
      code: `INSERT INTO _SESSION.touchpoints (user_id, channel) SELECT user_id, channel FROM \`p.d.touches\`;`,
    },
    {
      name: 'a delete and a load on the same run date, the date column written from the filtered column',
      code: `
        BEGIN;
        DELETE FROM daily_sales WHERE sale_date = '{{ ds }}';
        INSERT INTO daily_sales (sale_date, units)
        SELECT s.sold_at::date, sum(s.quantity) FROM raw.sales AS s WHERE s.sold_at::date = '{{ ds }}' GROUP BY 1;
        COMMIT;
      `,
    },
    {
      name: 'a delete and a load on the same run date, the date column written from the run date',
      code: `
        BEGIN;
        DELETE FROM events_daily WHERE load_date = '{{ ds }}';
        INSERT INTO events_daily (load_date, event_type, events)
        SELECT '{{ ds }}', e.event_type, count(*) FROM raw.events AS e WHERE e.received_at::date = '{{ ds }}' GROUP BY 1, 2;
        COMMIT;
      `,
    },
    {
      name: 'an append-only table listed in allowTables',
      options: { allowTables: ['audit.*'] },
      code: `INSERT INTO audit.run_log (run_id, status) VALUES ('{{ run_id }}', 'started');`,
    },
  ],
  invalid: [
    {
      code: `
        INSERT INTO analytics.daily_orders (order_date, total)
        SELECT order_date, sum(amount) FROM raw.orders GROUP BY order_date;
      `,
      errors: [
        {
          messageId: 'append',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 35,
          message: 'A re-run inserts every row into analytics.daily_orders again: nothing here stops duplicates.',
        },
      ],
    },
    {
      name: 'offers ON CONFLICT on the primary key declared in the file',
      dialect: 'postgres',
      code: `
        CREATE TABLE IF NOT EXISTS orders (
          order_id bigint PRIMARY KEY,
          amount numeric
        );
        INSERT INTO orders (order_id, amount) VALUES (1, 9.99);
      `,
      errors: [
        {
          messageId: 'append',
          line: 5,
          column: 1,
          endColumn: 19,
          suggestions: [
            {
              title: 'Add `ON CONFLICT (order_id) DO NOTHING`',
              output: `
                CREATE TABLE IF NOT EXISTS orders (
                  order_id bigint PRIMARY KEY,
                  amount numeric
                );
                INSERT INTO orders (order_id, amount) VALUES (1, 9.99)
                ON CONFLICT (order_id) DO NOTHING;
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a delete of other rows than the insert writes',
      code: `
        BEGIN;
        DELETE FROM fact_sales WHERE region = 'eu';
        INSERT INTO fact_sales
        SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
        COMMIT;
      `,
      errors: [
        {
          messageId: 'mismatch',
          line: 3,
          column: 1,
          message:
            'The DELETE on line 2 clears rows of fact_sales by region, but this INSERT picks its rows by sale_date: a re-run adds rows that DELETE never removed.',
        },
      ],
    },
    {
      name: 'a delete of one event date before a load that picks rows by the day they were received',
      code: `
        BEGIN;
        DELETE FROM events_daily WHERE event_date = '{{ ds }}';
        INSERT INTO events_daily (event_date, event_type, events)
        SELECT e.occurred_at::date, e.event_type, count(*)
        FROM raw.events AS e
        WHERE e.received_at::date = '{{ ds }}'
        GROUP BY 1, 2;
        COMMIT;
      `,
      errors: [
        {
          messageId: 'mismatch',
          line: 3,
          column: 1,
          message:
            'The DELETE on line 2 clears rows of events_daily by event_date, but this INSERT picks its rows by received_at: a re-run adds rows that DELETE never removed.',
        },
      ],
    },
    {
      name: 'CREATE TABLE IF NOT EXISTS keeps the old rows',
      dialect: 'mysql',
      code: `
        CREATE TABLE IF NOT EXISTS events (id int, payload text);
        INSERT INTO events (id, payload) VALUES (1, 'a'), (2, 'b');
      `,
      errors: [{ messageId: 'append', line: 2, column: 1, endColumn: 19 }],
    },
    {
      name: 'a templated Airflow target',
      code: `
        -- loads the staging copy into the reporting schema
        INSERT INTO {{ params.schema }}.events
        SELECT * FROM {{ params.schema }}.stg_events;
      `,
      errors: [{ messageId: 'append', line: 2, column: 1, endColumn: 39 }],
    },
    {
      name: 'an insert in a Snowflake procedure body',
      dialect: 'snowflake',
      options: { allowTables: ['audit.*'] },
      code: `
        CREATE OR REPLACE PROCEDURE load_orders()
        RETURNS varchar
        LANGUAGE SQL
        AS
        $$
        BEGIN
          INSERT INTO analytics.orders SELECT * FROM raw.orders;
          RETURN 'done';
        END;
        $$;
      `,
      errors: [{ messageId: 'append', line: 7, column: 3, endColumn: 31 }],
    },
  ],
});

// Soak false-positive classes (issue 9): each safe look-alike beside the real problem it resembles.
testRule(rule, {
  valid: [
    {
      name: 'a data migration in a versioned migration file (applied once by the tool)',
      dialect: 'postgres',
      filename: 'db/migrations/0042_backfill_regions.up.sql',
      code: `INSERT INTO region (code, label) SELECT DISTINCT region_code, region_code FROM store;`,
    },
    {
      name: 'a statement log, one row per executed statement',
      dialect: 'postgres',
      code: `INSERT INTO ops.logs (message) VALUES ('rebuilt the yearly mart');`,
    },
    {
      name: 'one stats row per run in a run-stats table',
      dialect: 'redshift',
      code: `INSERT INTO etl.batch_run_stats SELECT run_id, count(*) FROM stage.events GROUP BY run_id;`,
    },
    {
      name: 'a scratch table named with the run placeholder (Jinja)',
      dialect: 'redshift',
      code: `INSERT INTO {{ work_schema }}.scratch_orders_{{ run_key }} SELECT * FROM stage.orders;`,
    },
    {
      name: 'a scratch table named with the run placeholder (shell)',
      dialect: 'postgres',
      code: `INSERT INTO staging.sightings_\${YEAR} (id) SELECT id FROM raw.sightings;`,
    },
  ],
  invalid: [
    {
      name: 'the same insert in a file that is not a versioned migration',
      dialect: 'postgres',
      filename: 'db/jobs/backfill_regions.sql',
      code: `INSERT INTO region (code, label) SELECT DISTINCT region_code, region_code FROM store;`,
      errors: [{ messageId: 'append', line: 1, column: 1, endColumn: 19, message: 'A re-run inserts every row into region again: nothing here stops duplicates.' }],
    },
    {
      name: 'a versioned migration with checkMigrations on',
      dialect: 'postgres',
      filename: 'db/migrations/0042_backfill_regions.up.sql',
      options: { checkMigrations: true },
      code: `INSERT INTO region (code, label) SELECT DISTINCT region_code, region_code FROM store;`,
      errors: [{ messageId: 'append', line: 1, column: 1 }],
    },
    {
      name: 'a table named like a log part (catalog) is still checked',
      dialect: 'postgres',
      code: `INSERT INTO shop.catalog (sku) SELECT sku FROM stage.items;`,
      errors: [{ messageId: 'append', line: 1, column: 1, message: 'A re-run inserts every row into shop.catalog again: nothing here stops duplicates.' }],
    },
    {
      name: 'log tables checked too when allowTables is emptied',
      dialect: 'postgres',
      options: { allowTables: [] },
      code: `INSERT INTO ops.logs (message) VALUES ('rebuilt the yearly mart');`,
      errors: [{ messageId: 'append', line: 1, column: 1, message: 'A re-run inserts every row into ops.logs again: nothing here stops duplicates.' }],
    },
    {
      name: 'a placeholder in the schema only names the environment, not the run',
      dialect: 'redshift',
      code: `INSERT INTO {{ work_schema }}.orders SELECT * FROM stage.orders;`,
      errors: [{ messageId: 'append', line: 1, column: 1 }],
    },
    {
      name: 'a dbt model target alone is not a per-run name',
      dialect: 'snowflake',
      code: `INSERT INTO {{ this }} SELECT * FROM stage.orders;`,
      errors: [{ messageId: 'append', line: 1, column: 1 }],
    },
  ],
});
