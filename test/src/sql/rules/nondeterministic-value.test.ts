import rule from '@pipelint/engine/internal/sql/rules/nondeterministic-value/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    {
      name: 'a load timestamp in an audit column, matched by position',
      code: `
        INSERT INTO analytics.orders (order_id, loaded_at)
        SELECT order_id, now() FROM raw.orders;
      `,
    },
    {
      name: 'a load timestamp in an audit column, matched by alias',
      dialect: 'snowflake',
      code: `
        INSERT INTO analytics.orders
        SELECT order_id, current_timestamp() AS _loaded_at FROM raw.orders;
      `,
    },
    {
      name: 'the clock in a WHERE filter (wall-clock-window judges it)',
      code: `
        INSERT INTO analytics.orders (order_id)
        SELECT order_id FROM raw.orders WHERE created_at > now() - interval '1 day';
      `,
    },
    {
      name: 'the clock in a subquery that only filters',
      dialect: 'postgres',
      code: `
        UPDATE orders SET status = 'late'
        WHERE order_id IN (SELECT order_id FROM shipments WHERE due_at < now());
      `,
    },
    { name: 'a plain SELECT', code: `SELECT now(), random();` },
    { name: 'a column default in DDL', dialect: 'postgres', code: `CREATE TABLE IF NOT EXISTS runs (id bigint, started date DEFAULT current_date);` },
    { name: 'UPDATE of updated_at', code: `UPDATE accounts SET status = 'closed', updated_at = current_timestamp WHERE account_id = 42;` },
    {
      name: 'a column listed in allowAuditColumns',
      options: { allowAuditColumns: ['ingested_ts'] },
      dialect: 'redshift',
      code: `UPDATE events SET ingested_ts = getdate() WHERE batch_id = 7;`,
    },
    {
      name: 'a random surrogate key assigned once, when MERGE inserts a new natural key',
      dialect: 'snowflake',
      code: `
        MERGE INTO dim_customer t
        USING staging.customers s ON t.customer_id = s.customer_id
        WHEN NOT MATCHED THEN INSERT (customer_key, customer_id, first_seen) VALUES (uuid_string(), s.customer_id, current_date());
      `,
    },
    {
      name: 'a random value assigned once: the WHERE no longer matches after the update',
      dialect: 'postgres',
      code: `UPDATE experiments SET bucket = floor(random() * 10) WHERE bucket IS NULL;`,
    },
    {
      name: 'a job state moved forward with the time it happened',
      dialect: 'postgres',
      code: `UPDATE ops.export_jobs SET status = 'done', finished_at = now() WHERE job_id = $1 AND status = 'running';`,
    },
    {
      name: 'a key generated for rows ON CONFLICT DO NOTHING skips',
      dialect: 'postgres',
      code: `
        INSERT INTO customers (customer_key, email) VALUES (gen_random_uuid(), 'ada@example.com')
        ON CONFLICT (email) DO NOTHING;
      `,
    },
    {
      name: 'the clock in VALUES of an upsert that does not update that column',
      dialect: 'postgres',
      code: `
        INSERT INTO balances (account_id, balance, first_seen_on) VALUES (1, 10, current_date)
        ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance;
      `,
    },
    {
      name: 'MySQL INSERT IGNORE of a random key',
      dialect: 'mysql',
      code: `INSERT IGNORE INTO sessions (session_key, user_id) VALUES (uuid(), 42);`,
    },
    {
      name: 'a key for rows that NOT EXISTS keeps out',
      dialect: 'postgres',
      code: `
        INSERT INTO customers (customer_key, email)
        SELECT gen_random_uuid(), s.email FROM staging.customers AS s
        WHERE NOT EXISTS (SELECT 1 FROM customers AS c WHERE c.email = s.email);
      `,
    },
    {
      name: 'an outbox row stamped with the time the relay published it',
      dialect: 'postgres',
      code: `UPDATE outbox SET published_at = now() WHERE id = ANY($1);`,
    },
    {
      name: 'a notification stamped with the time it was sent',
      dialect: 'postgres',
      code: `UPDATE notifications SET sent_at = now() WHERE id = $1;`,
    },
    { name: 'unix_timestamp of a column is deterministic', dialect: 'spark', code: `INSERT INTO events SELECT id, unix_timestamp(event_time) FROM raw_events;` },
  ],
  invalid: [
    {
      code: `
        INSERT INTO analytics.balances_snapshot (snapshot_date, account_id, balance)
        SELECT current_date, account_id, balance
        FROM raw.accounts;
      `,
      errors: [
        {
          messageId: 'clock',
          line: 2,
          column: 8,
          endLine: 2,
          endColumn: 20,
          message: 'current_date reads the clock, so each run writes a different value into snapshot_date: two runs over the same input never leave the same table.',
        },
      ],
    },
    {
      name: 'a random surrogate key in VALUES',
      dialect: 'postgres',
      code: `
        INSERT INTO orders (order_key, order_id, amount)
        VALUES (gen_random_uuid(), 1001, 9.99);
      `,
      errors: [
        {
          messageId: 'random',
          line: 2,
          column: 9,
          endColumn: 26,
          message:
            'gen_random_uuid() returns a new value on every run, so a re-run writes different order_key values for the same input rows, and the copies cannot be matched up.',
        },
      ],
    },
    {
      name: 'the update branch of a Snowflake MERGE, not the key its insert branch assigns once',
      dialect: 'snowflake',
      code: `
        MERGE INTO dim_customer t
        USING staging.customers s ON t.customer_id = s.customer_id
        WHEN MATCHED THEN UPDATE SET valid_from = current_timestamp()
        WHEN NOT MATCHED THEN INSERT (customer_key, customer_id) VALUES (uuid_string(), s.customer_id);
      `,
      errors: [{ messageId: 'clock', line: 3, column: 43, endColumn: 62 }],
    },
    {
      name: 'random() inside an expression in UPDATE SET',
      dialect: 'postgres',
      code: `UPDATE experiments SET bucket = floor(random() * 10) WHERE experiment_id = 7;`,
      errors: [{ messageId: 'random', line: 1, column: 39, endColumn: 47 }],
    },
    {
      name: 'the clock in VALUES of an upsert that writes that column again',
      dialect: 'postgres',
      code: `
        INSERT INTO balances (account_id, balance, snapshot_on) VALUES (1, 10, current_date)
        ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance, snapshot_on = excluded.snapshot_on;
      `,
      errors: [{ messageId: 'clock', line: 1, column: 72, endColumn: 84 }],
    },
    {
      name: 'REPLACE INTO rewrites the row and its random key',
      dialect: 'mysql',
      code: `REPLACE INTO sessions (session_key, user_id) VALUES (uuid(), 42);`,
      errors: [{ messageId: 'random', line: 1, column: 54, endColumn: 60 }],
    },
    {
      name: 'a BigQuery GENERATE_UUID in the select list',
      dialect: 'bigquery',
      code: `
        INSERT INTO ds.events (event_key, payload)
        SELECT GENERATE_UUID(), payload FROM ds.raw_events;
      `,
      errors: [{ messageId: 'random', line: 2, column: 8, endColumn: 23, message: 'GENERATE_UUID() returns a new value on every run, so a re-run writes different event_key values for the same input rows, and the copies cannot be matched up.' }],
    },
    {
      name: 'the clock in an upsert update branch',
      dialect: 'postgres',
      code: `
        INSERT INTO balances (account_id, balance) VALUES (1, 10)
        ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance, checked_on = now();
      `,
      errors: [{ messageId: 'clock', line: 2, column: 81, endColumn: 86 }],
    },
    {
      name: 'a subscription start date taken from the load clock (started_at is business data, not a state stamp)',
      dialect: 'postgres',
      code: `INSERT INTO subscriptions (subscription_id, started_at) SELECT subscription_id, now() FROM staging.subscriptions;`,
      errors: [{ messageId: 'clock', line: 1, column: 81, endColumn: 86, message: 'now() reads the clock, so each run writes a different value into started_at: two runs over the same input never leave the same table.' }],
    },
  ],
});

// Soak false-positive classes (issue 9): refresh stamps, run logs, build stamps, migrations.
testRule(rule, {
  valid: [
    {
      name: 'a refresh stamp in the update branch of a MERGE',
      dialect: 'snowflake',
      code: `
        MERGE INTO core.device t USING stage.device s ON t.device_id = s.device_id
        WHEN MATCHED THEN UPDATE SET t.label = s.label, t._last_updated_at = sysdate()
        WHEN NOT MATCHED THEN INSERT (device_id, label) VALUES (s.device_id, s.label);
      `,
    },
    {
      name: 'an ETL update stamp in an UPDATE whose values come from the source',
      dialect: 'postgres',
      code: `UPDATE dwh.note_status n SET state = s.state, etl_update_dt = current_date FROM stage.note s WHERE n.note_id = s.note_id;`,
    },
    { name: 'a last-refreshed stamp in an upsert', dialect: 'postgres', code: `INSERT INTO kpi (k, v) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET v = excluded.v, last_refreshed_at_utc = now();` },
    {
      name: 'a run log row stamped with the clock',
      dialect: 'redshift',
      code: `INSERT INTO etl.step_log (step, finished) VALUES ('load_jams', getdate());`,
    },
    {
      name: 'a build stamp on a table the script just rebuilt',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE TABLE mart.account_movements AS SELECT account_id, sum(amount) AS total FROM raw.moves GROUP BY account_id;
        ALTER TABLE mart.account_movements ADD COLUMN built_on date;
        UPDATE mart.account_movements SET built_on = current_date::date;
      `,
    },
    {
      name: 'a lease time in a versioned migration that defines a queue function',
      dialect: 'postgres',
      filename: 'sql/000003.sql',
      code: `UPDATE queue_jobs SET locked_at = now() WHERE id = 1;`,
    },
  ],
  invalid: [
    {
      name: 'a creation stamp overwritten in the update branch of a MERGE',
      dialect: 'snowflake',
      code: `
        MERGE INTO core.device t USING stage.device s ON t.device_id = s.device_id
        WHEN MATCHED THEN UPDATE SET t.label = s.label, t.created_at = sysdate();
      `,
      errors: [{ messageId: 'clock', line: 2, column: 64, message: 'sysdate() reads the clock, so each run writes a different value into created_at: two runs over the same input never leave the same table.' }],
    },
    {
      name: 'the snapshot date inserted into a snapshot table (not a refresh stamp)',
      dialect: 'snowflake',
      code: `INSERT INTO mart.account_snapshot (asof_date, account_id) SELECT current_date, account_id FROM raw.accounts;`,
      errors: [{ messageId: 'clock', line: 1, column: 66 }],
    },
    {
      name: 'a stamp on a table the script did not rebuild',
      dialect: 'snowflake',
      code: `UPDATE mart.account_movements SET built_on = current_date;`,
      errors: [{ messageId: 'clock', line: 1, column: 46 }],
    },
    {
      name: 'a rebuilt table whose update also writes a computed value',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE TABLE mart.ages AS SELECT id, opened FROM raw.tickets;
        UPDATE mart.ages SET age_days = datediff(day, opened, current_date);
      `,
      errors: [{ messageId: 'clock', line: 2, column: 55 }],
    },
  ],
});
