import * as assert from 'node:assert/strict';
import { cronCadence, formatEvery, parseDuration } from '@pipelint/engine/internal/core/schedule.js';
import rule from '@pipelint/engine/internal/sql/rules/freshness-cost/index.js';
import { testRule } from './tester.js';

const ALWAYS_ON = 'its compute hardly ever gets to stop, so it costs about as much as an always-on pipeline. Make sure someone needs data this fresh.';

testRule(rule, {
  valid: [
    {
      name: 'a task scheduled every hour',
      dialect: 'snowflake',
      code: `
        CREATE TASK load_orders WAREHOUSE = etl_wh SCHEDULE = '60 MINUTE'
        AS INSERT INTO analytics.orders SELECT * FROM raw.orders;
      `,
    },
    {
      name: 'a task at exactly the threshold',
      dialect: 'snowflake',
      code: `CREATE TASK load_orders SCHEDULE = '15 MINUTES' AS CALL load_orders();`,
    },
    { name: 'a daily cron schedule', dialect: 'snowflake', code: `CREATE TASK nightly SCHEDULE = 'USING CRON 0 2 * * * America/New_York' AS CALL rebuild();` },
    {
      name: 'a five-minute cron that runs only in office hours',
      dialect: 'snowflake',
      code: `CREATE TASK office SCHEDULE = 'USING CRON */5 9-17 * * MON-FRI UTC' AS CALL refresh_board();`,
    },
    { name: 'a child task that runs after another', dialect: 'snowflake', code: `CREATE TASK load_items AFTER load_orders AS CALL load_items();` },
    {
      name: 'a minute task that runs only when its stream has data',
      dialect: 'snowflake',
      code: `
        CREATE TASK load_orders
          SCHEDULE = '1 MINUTE'
          WHEN SYSTEM$STREAM_HAS_DATA('raw.orders_stream')
        AS INSERT INTO analytics.orders SELECT * FROM raw.orders_stream;
      `,
    },
    {
      name: 'a minute task suspended later in the script',
      dialect: 'snowflake',
      code: `
        ALTER TASK load_orders SET SCHEDULE = '1 MINUTE';
        ALTER TASK load_orders SUSPEND;
      `,
    },
    { name: 'resuming or suspending a task', dialect: 'snowflake', code: `ALTER TASK load_orders RESUME;` },
    { name: 'a dynamic table refreshed when downstream needs it', dialect: 'snowflake', code: `CREATE DYNAMIC TABLE d TARGET_LAG = DOWNSTREAM WAREHOUSE = w AS SELECT * FROM raw.orders;` },
    { name: 'a dynamic table with a one-hour lag', dialect: 'snowflake', code: `CREATE DYNAMIC TABLE IF NOT EXISTS d TARGET_LAG = '1 hour' WAREHOUSE = w AS SELECT * FROM raw.orders;` },
    {
      name: 'a materialized view with automatic refresh switched off',
      dialect: 'bigquery',
      code: `CREATE MATERIALIZED VIEW ds.mv OPTIONS (enable_refresh = false, refresh_interval_minutes = 1) AS SELECT 1 AS x;`,
    },
    { name: 'a materialized view with the default interval', dialect: 'bigquery', code: `CREATE MATERIALIZED VIEW ds.mv AS SELECT day, count(*) AS n FROM ds.events GROUP BY day;` },
    {
      name: 'a column called schedule in the task body',
      dialect: 'snowflake',
      code: `CREATE TASK t AFTER root AS UPDATE jobs SET schedule = '1 minute' WHERE id = 1;`,
    },
    { name: 'a one-minute task with a lower threshold', dialect: 'snowflake', options: { minIntervalMinutes: 1 }, code: `CREATE TASK t SCHEDULE = '1 MINUTE' AS CALL p();` },
  ],
  invalid: [
    {
      name: 'a task scheduled every minute',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE TASK load_orders
          WAREHOUSE = etl_wh
          SCHEDULE = '1 MINUTE'
        AS
          INSERT INTO analytics.orders SELECT * FROM raw.orders;
      `,
      errors: [
        {
          messageId: 'taskSchedule',
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 24,
          message: `Task load_orders runs every minute (about 1,440 runs a day): ${ALWAYS_ON}`,
        },
      ],
    },
    {
      name: 'an every-five-minutes cron set by ALTER TASK',
      dialect: 'snowflake',
      code: `
        ALTER TASK IF EXISTS etl.sync_customers SET SCHEDULE = 'USING CRON */5 * * * * UTC';
        ALTER TASK etl.sync_customers RESUME;
      `,
      errors: [
        {
          messageId: 'taskSchedule',
          line: 1,
          column: 56,
          message: `Task etl.sync_customers runs every 5 minutes (about 288 runs a day): ${ALWAYS_ON}`,
        },
      ],
    },
    {
      name: 'a task every thirty seconds, suspended and then resumed',
      dialect: 'snowflake',
      code: `
        create task if not exists poll schedule = '30 seconds' as call poll();
        alter task poll suspend;
        alter task poll resume;
      `,
      errors: [{ messageId: 'taskSchedule', line: 1, column: 43, message: `Task poll runs every 30 seconds (about 2,880 runs a day): ${ALWAYS_ON}` }],
    },
    {
      name: 'a dynamic table with a one-minute target lag',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE DYNAMIC TABLE analytics.live_orders
          TARGET_LAG = '1 minute'
          WAREHOUSE = transform_wh
        AS SELECT * FROM raw.orders;
      `,
      errors: [
        {
          messageId: 'targetLag',
          line: 2,
          column: 16,
          endColumn: 26,
          message:
            'Dynamic table analytics.live_orders has a target lag of 1 minute: whenever its sources change Snowflake refreshes it that often, so a busy source keeps a warehouse running around the clock. Make sure someone needs data this fresh.',
        },
      ],
    },
    {
      name: 'a target lag lowered by ALTER DYNAMIC TABLE',
      dialect: 'snowflake',
      code: `ALTER DYNAMIC TABLE live_orders SET TARGET_LAG = '5 minutes';`,
      errors: [{ messageId: 'targetLag', line: 1, column: 50 }],
    },
    {
      name: 'a BigQuery materialized view refreshed every minute',
      dialect: 'bigquery',
      code: `
        CREATE MATERIALIZED VIEW analytics.order_totals
        OPTIONS (enable_refresh = true, refresh_interval_minutes = 1)
        AS SELECT customer_id, sum(amount) AS total FROM analytics.orders GROUP BY customer_id;
      `,
      errors: [
        {
          messageId: 'refreshInterval',
          line: 2,
          column: 60,
          message:
            'Materialized view analytics.order_totals refreshes every minute while its base tables change (up to about 1,440 refreshes a day), and every refresh is billed. Make sure someone needs data this fresh.',
        },
      ],
    },
    {
      name: 'a refresh interval set by ALTER MATERIALIZED VIEW',
      dialect: 'bigquery',
      code: `ALTER MATERIALIZED VIEW analytics.order_totals SET OPTIONS (refresh_interval_minutes = 5);`,
      errors: [{ messageId: 'refreshInterval', line: 1, column: 88 }],
    },
    {
      name: 'an hourly task with a threshold of two hours',
      dialect: 'snowflake',
      options: { minIntervalMinutes: 120 },
      code: `CREATE TASK hourly SCHEDULE = 'USING CRON 0 * * * * UTC' AS CALL p();`,
      errors: [{ messageId: 'taskSchedule', line: 1, column: 31, message: `Task hourly runs every hour (about 24 runs a day): ${ALWAYS_ON}` }],
    },
  ],
});

describe('schedule parsing for freshness-cost', () => {
  it('reads warehouse durations in any unit and case', () => {
    assert.deepEqual(['1 MINUTE', '5 minutes', '30 seconds', '2 HOURS', '1 day', '10s', 'DOWNSTREAM', '0 minutes'].map(parseDuration), [60, 300, 30, 7200, 86400, 10, null, null]);
  });

  it('gives the period of cron expressions that fire evenly around the clock', () => {
    assert.deepEqual(cronCadence('* * * * *'), { periodSeconds: 60, runsPerDay: 1440 });
    assert.deepEqual(cronCadence('*/10 * * * * *'), { periodSeconds: 10, runsPerDay: 8640 });
    assert.deepEqual(cronCadence('0,30 * * * *'), { periodSeconds: 1800, runsPerDay: 48 });
    assert.deepEqual(cronCadence('15 3 * * *'), { periodSeconds: 86400, runsPerDay: 1 });
  });

  it('gives no period to office-hours, bursty or malformed cron', () => {
    assert.deepEqual(['*/5 9-17 * * *', '0,5 * * * *', '*/7 * * * *', '61 * * * *', '@hourly', '* * *'].map(cronCadence), [null, null, null, null, null, null]);
  });

  it('describes periods in the largest whole unit', () => {
    assert.deepEqual([60, 300, 90, 3600, 86400, 1].map(formatEvery), ['every minute', 'every 5 minutes', 'every 90 seconds', 'every hour', 'every day', 'every second']);
  });
});
