import rule from '@pipelint/engine/internal/sql/rules/unguarded-ddl/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    {
      name: 'DDL in a DO block behind a catalog check',
      dialect: 'postgres',
      code: `
        DO $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'region') THEN
            ALTER TABLE crm.customers ADD COLUMN region text;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'customers_region_idx') THEN
            CREATE INDEX customers_region_idx ON crm.customers (region);
          END IF;
          IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'customers_old') THEN
            DROP TABLE crm.customers_old;
          END IF;
        END
        $$;
      `,
    },
    { name: 'CREATE TABLE IF NOT EXISTS', code: `CREATE TABLE IF NOT EXISTS analytics.orders (id int);` },
    { name: 'CREATE OR REPLACE VIEW', dialect: 'snowflake', code: `CREATE OR REPLACE VIEW analytics.v_orders AS SELECT * FROM analytics.orders;` },
    { name: 'a temporary table', dialect: 'postgres', code: `CREATE TEMPORARY TABLE batch (id int);` },
    { name: 'DROP TABLE IF EXISTS', code: `DROP TABLE IF EXISTS analytics.orders_old;` },
    {
      name: 'a CREATE after a DROP IF EXISTS of the same table',
      code: `
        DROP TABLE IF EXISTS scratch.orders;
        CREATE TABLE scratch.orders AS SELECT * FROM raw.orders;
      `,
    },
    {
      name: 'a DROP of a table the script created',
      dialect: 'postgres',
      code: `
        CREATE TEMP TABLE batch AS SELECT * FROM raw.orders;
        DROP TABLE batch;
      `,
    },
    { name: 'ADD COLUMN IF NOT EXISTS in PostgreSQL', dialect: 'postgres', code: `ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;` },
    { name: 'ADD COLUMN in MySQL, which has no guard for it', dialect: 'mysql', code: `ALTER TABLE orders ADD COLUMN note text;` },
    { name: 'ADD COLUMN in Spark, which has no guard for it', dialect: 'spark', code: `ALTER TABLE orders ADD COLUMNS (note string);` },
    { name: 'CREATE INDEX in MySQL, which has no guard for it', dialect: 'mysql', code: `CREATE INDEX orders_day ON orders (order_date);` },
  ],
  invalid: [
    {
      name: 'DDL in a DO block after a check of something else',
      dialect: 'postgres',
      code: `
        DO $$
        BEGIN
          IF current_setting('server_version_num')::int >= 110000 THEN
            CREATE INDEX customers_region_idx ON crm.customers (region);
          END IF;
        END
        $$;
      `,
      errors: [{ messageId: 'create', line: 4, column: 5 }],
      output: `
        DO $$
        BEGIN
          IF current_setting('server_version_num')::int >= 110000 THEN
            CREATE INDEX IF NOT EXISTS customers_region_idx ON crm.customers (region);
          END IF;
        END
        $$;
      `,
    },
    {
      code: `
        CREATE TABLE analytics.orders (
          id int,
          amount numeric
        );
      `,
      errors: [
        {
          messageId: 'create',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 30,
          message: 'CREATE TABLE fails when analytics.orders already exists: a second run stops here, half way through the script.',
        },
      ],
      output: `
        CREATE TABLE IF NOT EXISTS analytics.orders (
          id int,
          amount numeric
        );
      `,
    },
    {
      name: 'a view is replaced, not kept',
      dialect: 'bigquery',
      code: `CREATE VIEW reporting.v_orders AS SELECT * FROM reporting.orders;`,
      errors: [{ messageId: 'createView', line: 1, column: 1, endColumn: 31 }],
      output: `CREATE OR REPLACE VIEW reporting.v_orders AS SELECT * FROM reporting.orders;`,
    },
    {
      name: 'a SQLite view is dropped first',
      dialect: 'sqlite',
      code: `CREATE VIEW v_orders AS SELECT * FROM orders;`,
      errors: [{ messageId: 'createView', line: 1, column: 1, endColumn: 21 }],
      output: `
        DROP VIEW IF EXISTS v_orders;
        CREATE VIEW v_orders AS SELECT * FROM orders;
      `,
    },
    {
      name: 'schema and index in PostgreSQL',
      dialect: 'postgres',
      code: `
        CREATE SCHEMA analytics;
        CREATE INDEX CONCURRENTLY orders_day ON analytics.orders (order_date);
      `,
      errors: [
        { messageId: 'create', line: 1, column: 1, endColumn: 24 },
        { messageId: 'create', line: 2, column: 1, endColumn: 37 },
      ],
      output: `
        CREATE SCHEMA IF NOT EXISTS analytics;
        CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_day ON analytics.orders (order_date);
      `,
    },
    {
      name: 'DROP without IF EXISTS',
      dialect: 'redshift',
      code: `DROP TABLE staging.orders_old, staging.customers_old;`,
      errors: [
        {
          messageId: 'drop',
          line: 1,
          column: 1,
          endColumn: 30,
          message: 'DROP TABLE fails when staging.orders_old is already gone: a re-run after a partial failure stops here.',
        },
      ],
      output: `DROP TABLE IF EXISTS staging.orders_old, staging.customers_old;`,
    },
    {
      name: 'ADD COLUMN in Snowflake, which has IF NOT EXISTS',
      dialect: 'snowflake',
      code: `ALTER TABLE analytics.orders ADD COLUMN discount number(10, 2);`,
      errors: [
        {
          messageId: 'addColumn',
          line: 1,
          column: 30,
          endColumn: 49,
          message: 'ADD COLUMN discount fails once analytics.orders has the column: a second run of this script stops here.',
        },
      ],
      output: `ALTER TABLE analytics.orders ADD COLUMN IF NOT EXISTS discount number(10, 2);`,
    },
    {
      // One statement fails (and rolls back) as a whole at its first done change: one finding, every guard in the fix.
      name: 'two column changes in one BigQuery ALTER',
      dialect: 'bigquery',
      code: `ALTER TABLE ds.orders ADD COLUMN discount NUMERIC, DROP COLUMN legacy_flag;`,
      errors: [
        {
          messageId: 'columns',
          line: 1,
          column: 23,
          endColumn: 42,
          message: 'This ALTER TABLE ds.orders makes 2 column changes (discount, legacy_flag) that fail once they are done: a second run of this script stops here.',
        },
      ],
      output: `ALTER TABLE ds.orders ADD COLUMN IF NOT EXISTS discount NUMERIC, DROP COLUMN IF EXISTS legacy_flag;`,
    },
  ],
});
