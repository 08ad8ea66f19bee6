import rule from '@pipelint/engine/internal/sql/rules/unguarded-ddl/index.js';
import { testRule } from './tester.js';

// False-positive and miss classes found on real code (soak corpus, issue 9). Each safe look-alike sits beside the
// real problem it resembles.

const ADD_REGION = `
  CREATE TABLE crm.regions (id int, name text);
  ALTER TABLE crm.customers ADD COLUMN region_id int;
`;

testRule(rule, {
  valid: [
    // Versioned migrations: the tool applies each file once and records it.
    { name: 'a numbered up migration in a migrations folder', dialect: 'postgres', filename: 'db/migrations/0042_add_region.up.sql', code: ADD_REGION },
    { name: 'a timestamped migration', dialect: 'postgres', filename: 'persistence/migrations/sql/20240101120000000000_region.postgres.up.sql', code: ADD_REGION },
    { name: 'a dashed numbered migration', dialect: 'postgres', filename: 'migrations/tenant/0007-add-region.sql', code: ADD_REGION },
    { name: 'a Flyway versioned migration anywhere', dialect: 'postgres', filename: 'src/main/resources/db/V3_1__add_region.sql', code: ADD_REGION },
    { name: 'a migration named only by its number', dialect: 'postgres', filename: 'sql/000006.sql', code: ADD_REGION },
    { name: 'a schema version folder under versioned/', dialect: 'mysql', filename: 'schema/mysql/v8/crm/versioned/v1.2/regions.sql', code: `CREATE TABLE regions (id int);\nCREATE INDEX regions_name ON regions (id);` },
    {
      name: 'a folder the user declares as migrations, matched wherever the project sits',
      dialect: 'postgres',
      filename: '/home/dev/work/crm/schema_changes/add_region.sql',
      options: { migrationFiles: ['schema_changes/*.sql'] },
      code: ADD_REGION,
    },
    // Objects inside a database or schema that the script itself recreated.
    {
      name: 'CREATE SCHEMA right after CREATE OR REPLACE DATABASE, which makes it current',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE DATABASE cdc_lab;
        GRANT USAGE ON DATABASE cdc_lab TO ROLE lab;
        CREATE SCHEMA eng;
        CREATE TABLE eng.orders (id int);
      `,
    },
    {
      name: 'tables of a schema dropped with CASCADE and created again',
      dialect: 'postgres',
      code: `
        DROP SCHEMA IF EXISTS scratch CASCADE;
        CREATE SCHEMA scratch;
        SET search_path TO scratch;
        CREATE TABLE orders (id int);
        CREATE TABLE scratch.customers (id int);
      `,
    },
    {
      name: "tables after SET LOCAL search_path or PostgreSQL's SET SCHEMA into a schema dropped with CASCADE",
      dialect: 'postgres',
      code: `
        DROP SCHEMA IF EXISTS scratch CASCADE;
        CREATE SCHEMA IF NOT EXISTS scratch;
        SET LOCAL search_path TO scratch, public;
        CREATE TABLE orders (id int);
        SET SCHEMA 'public';
        SET SESSION search_path = 'scratch';
        CREATE TABLE customers (id int);
      `,
    },
    {
      name: 'a schema named with quotes inside a schema recreated without them',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE SCHEMA testdb.ecommerce;
        CREATE FILE FORMAT "TESTDB"."ECOMMERCE".csv_format TYPE = CSV;
      `,
    },
    // DROP of objects of any kind that the file created.
    {
      name: 'a DROP TASK and DROP PROCEDURE of objects the file created',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE PROCEDURE lab.refresh() RETURNS varchar LANGUAGE SQL AS $$ BEGIN RETURN 'ok'; END $$;
        CREATE OR REPLACE TASK lab.every_minute WAREHOUSE = wh SCHEDULE = '1 MINUTE' AS CALL lab.refresh();
        CREATE STREAM IF NOT EXISTS lab.orders_changes ON TABLE lab.orders;
        DROP TASK lab.every_minute;
        DROP STREAM lab.orders_changes;
        DROP PROCEDURE lab.refresh();
      `,
    },
    // ALTER TABLE after the column's opposite change, or on a table the script created.
    {
      name: 'ADD COLUMN after DROP COLUMN IF EXISTS of the same column',
      dialect: 'snowflake',
      code: `
        ALTER TABLE stage.rewards DROP COLUMN IF EXISTS alt_ts;
        ALTER TABLE stage.rewards ADD COLUMN alt_ts timestamp;
      `,
    },
    {
      name: 'ADD COLUMN on a table the script replaced',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE TABLE crm.regions AS SELECT id FROM raw.regions;
        ALTER TABLE crm.regions ADD COLUMN as_of date;
      `,
    },
    // DDL under a catalog test in any branch, or in a block whose handler catches "already exists".
    {
      name: 'DDL in the ELSE branch of a nested information_schema test',
      dialect: 'postgres',
      code: `
        DO $$
        BEGIN
          IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'buckets' AND column_name = 'size_kb') THEN
            IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'buckets' AND column_name = 'size_bytes') THEN
              ALTER TABLE store.buckets RENAME COLUMN size_kb TO size_bytes;
            ELSE
              ALTER TABLE store.buckets DROP COLUMN size_kb;
            END IF;
          END IF;
        END $$;
      `,
    },
    {
      name: 'DDL behind to_regclass',
      dialect: 'postgres',
      code: `
        DO $$
        BEGIN
          IF to_regclass('crm.regions') IS NULL THEN
            CREATE TABLE crm.regions (id int);
          END IF;
        END $$;
      `,
    },
    {
      name: 'CREATE INDEX in a block whose handler catches duplicate_table',
      dialect: 'postgres',
      code: `
        DO $$
        BEGIN
          CREATE INDEX orders_day ON crm.orders (order_day);
        EXCEPTION
          WHEN duplicate_table THEN NULL;
        END $$;
      `,
    },
    // A one-off backup copy named after its day: failing on a second run protects the copy.
    {
      name: 'a dated backup copy',
      dialect: 'snowflake',
      code: `
        CREATE TABLE ops.visits__backup_2021_01_18 AS SELECT * FROM ops.visits WHERE store_id = 7;
        DELETE FROM ops.visits WHERE store_id = 7;
      `,
    },
    // A dbt macro whose statements no ; ends: the DROP IF EXISTS before the CREATE is seen.
    {
      name: 'a macro statement without ; before DROP IF EXISTS + CREATE',
      dialect: 'redshift',
      code: `
        {% macro backups(t) %}
          unload ('select * from {{ ref(t) }}') to 's3://bucket/backups/' parquet
        {% endmacro %}
        {% macro copy_back(t) %}
          drop table if exists {{ source('backups', t) }};
          create table {{ source('backups', t) }} as select * from {{ ref(t) }}
        {% endmacro %}
      `,
    },
  ],
  invalid: [
    {
      name: "a table after SET SCHEMA moved back out of the recreated schema",
      dialect: 'postgres',
      code: `DROP SCHEMA IF EXISTS scratch CASCADE;\nSET search_path TO scratch;\nCREATE TABLE a (id int);\nSET SCHEMA 'public';\nCREATE TABLE b (id int);`,
      errors: [{ messageId: 'create', line: 5, column: 1, endColumn: 15 }],
      output: `DROP SCHEMA IF EXISTS scratch CASCADE;\nSET search_path TO scratch;\nCREATE TABLE a (id int);\nSET SCHEMA 'public';\nCREATE TABLE IF NOT EXISTS b (id int);`,
    },
    {
      name: 'a hand-run script in a migrations folder with no version in its name',
      dialect: 'snowflake',
      filename: 'snowpipe/migrations/events_add_vendor.sql',
      code: `ALTER TABLE raw.events ADD COLUMN vendor varchar;`,
      errors: [{ messageId: 'addColumn', line: 1, column: 24, endColumn: 41 }],
      output: `ALTER TABLE raw.events ADD COLUMN IF NOT EXISTS vendor varchar;`,
    },
    {
      name: 'a Flyway repeatable migration, re-applied whenever it changes',
      dialect: 'postgres',
      filename: 'db/migration/R__regions.sql',
      code: `CREATE TABLE crm.regions (id int);`,
      errors: [{ messageId: 'create', line: 1, column: 1, endColumn: 25 }],
      output: `CREATE TABLE IF NOT EXISTS crm.regions (id int);`,
    },
    {
      name: 'a versioned migration when checkMigrations is on',
      dialect: 'mysql',
      filename: 'migrations/0003_regions.sql',
      options: { checkMigrations: true },
      code: `CREATE TABLE regions (id int);`,
      errors: [{ messageId: 'create', line: 1, column: 1, endColumn: 21 }],
      output: `CREATE TABLE IF NOT EXISTS regions (id int);`,
    },
    {
      name: 'a table in a schema other than the one the script recreated',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE SCHEMA lab.scratch;
        CREATE TABLE lab.reporting.orders (id int);
      `,
      errors: [{ messageId: 'create', line: 2, column: 1, endColumn: 34 }],
      output: `
        CREATE OR REPLACE SCHEMA lab.scratch;
        CREATE TABLE IF NOT EXISTS lab.reporting.orders (id int);
      `,
    },
    {
      name: 'a DROP TASK of a task this file did not create',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE TASK lab.every_hour WAREHOUSE = wh SCHEDULE = '60 MINUTE' AS CALL lab.refresh();
        DROP TASK lab.every_minute;
      `,
      errors: [{ messageId: 'drop', line: 2, column: 1, endColumn: 27, message: 'DROP TASK fails when lab.every_minute is already gone: a re-run after a partial failure stops here.' }],
      output: `
        CREATE OR REPLACE TASK lab.every_hour WAREHOUSE = wh SCHEDULE = '60 MINUTE' AS CALL lab.refresh();
        DROP TASK IF EXISTS lab.every_minute;
      `,
    },
    {
      name: 'Snowflake tasks, streams, file formats and integrations without a guard',
      dialect: 'snowflake',
      code: `
        CREATE TASK lab.every_minute WAREHOUSE = wh SCHEDULE = '1 MINUTE' AS CALL lab.refresh();
        CREATE STREAM lab.orders_changes ON TABLE lab.orders;
        CREATE FILE FORMAT lab.csv_format TYPE = CSV;
        CREATE STORAGE INTEGRATION s3_raw TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE;
        ALTER TASK lab.every_minute RESUME;
      `,
      errors: [
        {
          messageId: 'createDefinition',
          line: 1,
          column: 1,
          endColumn: 29,
          message: 'CREATE TASK fails when lab.every_minute already exists: a second run stops here, and a changed definition never replaces the old one.',
        },
        { messageId: 'create', line: 2, column: 1, endColumn: 33, message: 'CREATE STREAM fails when lab.orders_changes already exists: a second run stops here, half way through the script.' },
        { messageId: 'createDefinition', line: 3, column: 1, endColumn: 34 },
        { messageId: 'create', line: 4, column: 1, endColumn: 34 },
      ],
      output: `
        CREATE OR REPLACE TASK lab.every_minute WAREHOUSE = wh SCHEDULE = '1 MINUTE' AS CALL lab.refresh();
        CREATE STREAM IF NOT EXISTS lab.orders_changes ON TABLE lab.orders;
        CREATE OR REPLACE FILE FORMAT lab.csv_format TYPE = CSV;
        CREATE STORAGE INTEGRATION IF NOT EXISTS s3_raw TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE;
        ALTER TASK lab.every_minute RESUME;
      `,
    },
    {
      name: 'CREATE FUNCTION without OR REPLACE in PostgreSQL',
      dialect: 'postgres',
      code: `CREATE FUNCTION crm.region_of(id int) RETURNS text AS $$ SELECT name FROM crm.regions WHERE regions.id = id $$ LANGUAGE sql;`,
      errors: [{ messageId: 'createDefinition', line: 1, column: 1, endColumn: 30 }],
      output: `CREATE OR REPLACE FUNCTION crm.region_of(id int) RETURNS text AS $$ SELECT name FROM crm.regions WHERE regions.id = id $$ LANGUAGE sql;`,
    },
    {
      name: 'CREATE PROCEDURE in MySQL, which is dropped first',
      dialect: 'mysql',
      code: `
        DELIMITER //
        CREATE PROCEDURE refresh_regions()
        BEGIN
          DELETE FROM regions;
        END //
        DELIMITER ;
      `,
      errors: [{ messageId: 'createDefinition', line: 2, column: 1, endColumn: 33 }],
      output: `
        DELIMITER //
        DROP PROCEDURE IF EXISTS refresh_regions;
        CREATE PROCEDURE refresh_regions()
        BEGIN
          DELETE FROM regions;
        END //
        DELIMITER ;
      `,
    },
    {
      name: 'one finding for an ALTER that adds several columns',
      dialect: 'postgres',
      code: `ALTER TABLE dwh.countries ADD COLUMN h_2013 int, ADD COLUMN h_2014 int, ADD COLUMN h_2015 int;`,
      errors: [
        {
          messageId: 'columns',
          line: 1,
          column: 27,
          endColumn: 44,
          message: 'This ALTER TABLE dwh.countries makes 3 column changes (h_2013, h_2014, h_2015) that fail once they are done: a second run of this script stops here.',
        },
      ],
      output: `ALTER TABLE dwh.countries ADD COLUMN IF NOT EXISTS h_2013 int, ADD COLUMN IF NOT EXISTS h_2014 int, ADD COLUMN IF NOT EXISTS h_2015 int;`,
    },
    {
      name: 'ADD COLUMN after a guarded DROP of another column',
      dialect: 'snowflake',
      code: `
        ALTER TABLE stage.rewards DROP COLUMN IF EXISTS alt_ts;
        ALTER TABLE stage.rewards ADD COLUMN alt_at timestamp;
      `,
      errors: [{ messageId: 'addColumn', line: 2, column: 27, endColumn: 44 }],
      output: `
        ALTER TABLE stage.rewards DROP COLUMN IF EXISTS alt_ts;
        ALTER TABLE stage.rewards ADD COLUMN IF NOT EXISTS alt_at timestamp;
      `,
    },
    {
      name: 'a plain CREATE SCHEMA does not hide what follows: its fix keeps the old schema',
      dialect: 'postgres',
      code: `
        CREATE SCHEMA crm;
        CREATE TABLE crm.regions (id int);
        ALTER TABLE crm.regions ADD COLUMN name text;
      `,
      errors: [
        { messageId: 'create', line: 1, column: 1, endColumn: 18 },
        { messageId: 'create', line: 2, column: 1, endColumn: 25 },
        { messageId: 'addColumn', line: 3, column: 25, endColumn: 40 },
      ],
      output: `
        CREATE SCHEMA IF NOT EXISTS crm;
        CREATE TABLE IF NOT EXISTS crm.regions (id int);
        ALTER TABLE crm.regions ADD COLUMN IF NOT EXISTS name text;
      `,
    },
    {
      name: 'ADD COLUMN after CREATE TABLE IF NOT EXISTS, which keeps an old table',
      dialect: 'postgres',
      code: `
        CREATE TABLE IF NOT EXISTS crm.regions (id int);
        ALTER TABLE crm.regions ADD COLUMN name text;
      `,
      errors: [{ messageId: 'addColumn', line: 2, column: 25, endColumn: 40 }],
      output: `
        CREATE TABLE IF NOT EXISTS crm.regions (id int);
        ALTER TABLE crm.regions ADD COLUMN IF NOT EXISTS name text;
      `,
    },
    {
      name: 'a handler that catches something other than "already exists"',
      dialect: 'postgres',
      code: `
        DO $$
        BEGIN
          CREATE INDEX orders_day ON crm.orders (order_day);
        EXCEPTION
          WHEN division_by_zero THEN NULL;
        END $$;
      `,
      errors: [{ messageId: 'create', line: 3, column: 3, endColumn: 26 }],
      output: `
        DO $$
        BEGIN
          CREATE INDEX IF NOT EXISTS orders_day ON crm.orders (order_day);
        EXCEPTION
          WHEN division_by_zero THEN NULL;
        END $$;
      `,
    },
    {
      name: 'a backup copy with no date in its name, which a scheduled re-run meets',
      dialect: 'snowflake',
      code: `CREATE TABLE ops.visits_backup AS SELECT * FROM ops.visits;`,
      errors: [{ messageId: 'create', line: 1, column: 1, endColumn: 31 }],
      output: `CREATE TABLE IF NOT EXISTS ops.visits_backup AS SELECT * FROM ops.visits;`,
    },
  ],
});
