import rule from '@pipelint/engine/internal/sql/rules/non-atomic-replace/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    {
      name: 'a delete and insert in one transaction',
      code: `
        BEGIN;
        DELETE FROM fact_sales WHERE sale_date = '2024-06-01';
        INSERT INTO fact_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
        COMMIT;
      `,
    },
    {
      name: 'a runner that wraps the script, set in the configuration',
      assumeInTransaction: true,
      code: `
        DELETE FROM fact_sales WHERE sale_date = '2024-06-01';
        INSERT INTO fact_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
      `,
    },
    {
      name: 'a runner that wraps the script, said in a comment',
      code: `
        -- pipelint-assume-in-transaction
        DELETE FROM fact_sales WHERE sale_date = '2024-06-01';
        INSERT INTO fact_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
      `,
    },
    {
      name: 'a retention delete followed by a load',
      dialect: 'postgres',
      code: `
        DELETE FROM events WHERE created_at < now() - interval '90 days';
        INSERT INTO events SELECT * FROM staging.events;
      `,
    },
    {
      name: 'a retention delete by the clock with <=',
      dialect: 'snowflake',
      code: `
        DELETE FROM events WHERE event_date <= dateadd(day, -90, current_date());
        INSERT INTO events SELECT * FROM staging.events WHERE event_date = '2024-06-01';
      `,
    },
    {
      name: 'a delete of another table',
      code: `
        DELETE FROM staging.sales;
        INSERT INTO fact_sales SELECT * FROM staging.sales_raw;
      `,
    },
    {
      name: 'a PostgreSQL TRUNCATE inside a transaction',
      dialect: 'postgres',
      code: `
        BEGIN;
        TRUNCATE daily_totals;
        INSERT INTO daily_totals SELECT order_date, sum(amount) FROM orders GROUP BY 1;
        COMMIT;
      `,
    },
    {
      name: 'a Snowflake TRUNCATE inside a transaction (TRUNCATE is DML there)',
      dialect: 'snowflake',
      code: `
        BEGIN TRANSACTION;
        TRUNCATE TABLE daily_totals;
        INSERT INTO daily_totals SELECT order_date, sum(amount) FROM orders GROUP BY 1;
        COMMIT;
      `,
    },
    {
      name: 'a load followed by a cleanup',
      code: `
        INSERT INTO fact_sales SELECT * FROM staging.sales;
        DELETE FROM staging.sales;
      `,
    },
    {
      name: 'a private staging table emptied, refilled and merged into the published table',
      dialect: 'bigquery',
      code: `
        TRUNCATE TABLE staging.product_catalog;
        INSERT INTO staging.product_catalog (sku, price) SELECT sku, price FROM landing.catalog_export;
        MERGE core.dim_product AS d
        USING (SELECT * FROM staging.product_catalog) AS s
        ON d.sku = s.sku
        WHEN MATCHED THEN UPDATE SET price = s.price
        WHEN NOT MATCHED THEN INSERT (sku, price) VALUES (s.sku, s.price);
      `,
    },
    {
      name: 'a staging table cleared by an unconditional DELETE, loaded by COPY and inserted from',
      dialect: 'snowflake',
      code: `
        DELETE FROM staging.events;
        COPY INTO staging.events FROM @landing/events/;
        INSERT INTO analytics.events SELECT * FROM staging.events WHERE NOT EXISTS (SELECT 1 FROM analytics.events AS e WHERE e.id = staging.events.id);
      `,
    },
  ],
  invalid: [
    {
      name: 'a truncated table that the script only reads back in a SELECT',
      dialect: 'bigquery',
      code: `
        TRUNCATE TABLE reporting.top_products;
        INSERT INTO reporting.top_products SELECT sku, sum(units) FROM core.order_lines GROUP BY sku;
        SELECT count(*) FROM reporting.top_products;
      `,
      errors: [{ messageId: 'separate', line: 1, column: 1, endColumn: 38 }],
      output: `
        BEGIN TRANSACTION;
        TRUNCATE TABLE reporting.top_products;
        INSERT INTO reporting.top_products SELECT sku, sum(units) FROM core.order_lines GROUP BY sku;
        COMMIT;
        SELECT count(*) FROM reporting.top_products;
      `,
    },
    {
      name: 'one day deleted and reloaded, then read to build a weekly table',
      code: `
        DELETE FROM daily_sales WHERE sale_date = '2024-06-01';
        INSERT INTO daily_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
        INSERT INTO weekly_sales SELECT * FROM daily_sales WHERE NOT EXISTS (SELECT 1 FROM weekly_sales AS w WHERE w.sale_date = daily_sales.sale_date);
      `,
      errors: [{ messageId: 'separate', line: 1, column: 1, endColumn: 24 }],
      output: `
        BEGIN;
        DELETE FROM daily_sales WHERE sale_date = '2024-06-01';
        INSERT INTO daily_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
        COMMIT;
        INSERT INTO weekly_sales SELECT * FROM daily_sales WHERE NOT EXISTS (SELECT 1 FROM weekly_sales AS w WHERE w.sale_date = daily_sales.sale_date);
      `,
    },
    {
      name: 'a Redshift staging table truncated inside the transaction, which TRUNCATE commits',
      dialect: 'redshift',
      code: `
        BEGIN;
        TRUNCATE stage_orders;
        INSERT INTO stage_orders SELECT * FROM raw.orders WHERE order_date = '2024-06-01';
        DELETE FROM fct_orders USING stage_orders WHERE fct_orders.order_id = stage_orders.order_id;
        INSERT INTO fct_orders SELECT * FROM stage_orders;
        COMMIT;
      `,
      errors: [{ messageId: 'truncateCommits', line: 2, column: 1 }],
    },
    {
      code: `
        DELETE FROM fact_sales WHERE sale_date = '2024-06-01';
        INSERT INTO fact_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
      `,
      errors: [
        {
          messageId: 'separate',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 23,
          message:
            'This DELETE empties fact_sales and the load on line 2 refills it in a separate transaction: readers see the gap, and a failure in between leaves fact_sales empty or half loaded.',
        },
      ],
      output: `
        BEGIN;
        DELETE FROM fact_sales WHERE sale_date = '2024-06-01';
        INSERT INTO fact_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
        COMMIT;
      `,
    },
    {
      name: 'a Snowflake truncate and reload from a stage',
      dialect: 'snowflake',
      code: `
        TRUNCATE TABLE raw.events;
        COPY INTO raw.events FROM @landing/events/;
      `,
      errors: [{ messageId: 'separate', line: 1, column: 1, endColumn: 26 }],
      output: `
        BEGIN TRANSACTION;
        TRUNCATE TABLE raw.events;
        COPY INTO raw.events FROM @landing/events/;
        COMMIT;
      `,
    },
    {
      name: 'a MySQL TRUNCATE commits the transaction around it',
      dialect: 'mysql',
      code: `
        START TRANSACTION;
        TRUNCATE TABLE daily_totals;
        INSERT INTO daily_totals SELECT order_date, sum(amount) FROM orders GROUP BY 1;
        COMMIT;
      `,
      errors: [
        {
          messageId: 'truncateCommits',
          line: 2,
          column: 1,
          endColumn: 28,
          message:
            'TRUNCATE commits the open transaction on mysql, so the transaction around it does not cover the load on line 3: a failure in between leaves daily_totals empty.',
          suggestions: [
            {
              title: 'Replace `TRUNCATE` with `DELETE FROM`, which rolls back with the load',
              output: `
                START TRANSACTION;
                DELETE FROM daily_totals;
                INSERT INTO daily_totals SELECT order_date, sum(amount) FROM orders GROUP BY 1;
                COMMIT;
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a Redshift TRUNCATE in autocommit: wrapping alone would not help',
      dialect: 'redshift',
      code: `
        TRUNCATE daily_totals;
        INSERT INTO daily_totals SELECT order_date, sum(amount) FROM orders GROUP BY 1;
      `,
      errors: [
        {
          messageId: 'separate',
          line: 1,
          column: 1,
          endColumn: 22,
          suggestions: [
            {
              title: 'Replace `TRUNCATE` with `DELETE FROM`, which rolls back with the load',
              output: `
                BEGIN;
                DELETE FROM daily_totals;
                INSERT INTO daily_totals SELECT order_date, sum(amount) FROM orders GROUP BY 1;
                COMMIT;
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a delete committed before the insert starts',
      dialect: 'postgres',
      code: `
        BEGIN;
        DELETE FROM fact_sales WHERE sale_date = '2024-06-01';
        COMMIT;
        INSERT INTO fact_sales SELECT * FROM staging.sales WHERE sale_date = '2024-06-01';
      `,
      errors: [{ messageId: 'separate', line: 2, column: 1, endColumn: 23 }],
    },
    {
      name: 'a delete and insert separated by DDL get no automatic fix',
      dialect: 'postgres',
      code: `
        DELETE FROM fact_sales;
        CREATE INDEX IF NOT EXISTS fact_sales_day ON fact_sales (sale_date);
        INSERT INTO fact_sales SELECT * FROM staging.sales;
      `,
      errors: [{ messageId: 'separate', line: 1, column: 1, endColumn: 23 }],
    },
  ],
});

// Soak false-positive class (issue 9): versioned migrations run once, in the tool's transaction.
testRule(rule, {
  valid: [
    {
      name: 'a reseed in a versioned migration file',
      dialect: 'postgres',
      filename: 'migrations/V12__reseed_roles.sql',
      code: `
        DELETE FROM roles;
        INSERT INTO roles (name) VALUES ('admin'), ('viewer');
      `,
    },
  ],
  invalid: [
    {
      name: 'the same reseed in a job script',
      dialect: 'postgres',
      filename: 'jobs/reseed_roles.sql',
      code: `
        DELETE FROM roles;
        INSERT INTO roles (name) VALUES ('admin'), ('viewer');
      `,
      errors: [{ messageId: 'separate', line: 1, column: 1 }],
      output: `
        BEGIN;
        DELETE FROM roles;
        INSERT INTO roles (name) VALUES ('admin'), ('viewer');
        COMMIT;
      `,
    },
  ],
});
