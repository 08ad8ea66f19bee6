import rule from '@pipelint/engine/internal/sql/rules/copy-force-reload/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    { name: 'FORCE = FALSE', dialect: 'snowflake', code: `COPY INTO raw.events FROM @landing/events/ FORCE = FALSE;` },
    { name: 'a COPY INTO that relies on load metadata', dialect: 'snowflake', code: `COPY INTO raw.events FROM @landing/events/ FILE_FORMAT = (TYPE = 'JSON');` },
    { name: 'an unload to a stage', dialect: 'snowflake', code: `COPY INTO @unload/orders/ FROM analytics.orders OVERWRITE = TRUE;` },
    { name: 'a PostgreSQL COPY with FORCE_NOT_NULL', dialect: 'postgres', code: `COPY orders FROM '/data/orders.csv' WITH (FORMAT csv, FORCE_NOT_NULL (order_id));` },
    {
      name: 'a full reload into a table truncated first',
      dialect: 'snowflake',
      code: `
        TRUNCATE TABLE raw.events;
        COPY INTO raw.events FROM @landing/events/ FORCE = TRUE;
      `,
    },
    {
      name: 'a full reload into a table recreated first',
      dialect: 'snowflake',
      code: `
        CREATE OR REPLACE TABLE raw.events (payload variant);
        COPY INTO raw.events FROM @landing/events/ FORCE = TRUE;
      `,
    },
  ],
  invalid: [
    {
      code: `
        COPY INTO raw.events
        FROM @landing/events/
        FILE_FORMAT = (TYPE = 'JSON')
        FORCE = TRUE;
      `,
      dialect: 'snowflake',
      errors: [
        {
          messageId: 'forced',
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 13,
          message:
            'FORCE = TRUE makes COPY INTO raw.events load every matching file again, including files it already loaded: each re-run duplicates their rows.',
          suggestions: [
            {
              title: 'Remove `FORCE = TRUE` so already-loaded files are skipped',
              output: `
                COPY INTO raw.events
                FROM @landing/events/
                FILE_FORMAT = (TYPE = 'JSON');
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'lower case, between other options',
      dialect: 'snowflake',
      code: `copy into raw.orders from @stage/orders/ pattern = '.*[.]csv' force = true on_error = 'continue';`,
      errors: [{ messageId: 'forced', line: 1, column: 63, endColumn: 75 }],
    },
    {
      name: 'a partial delete does not empty the table',
      dialect: 'snowflake',
      code: `
        DELETE FROM raw.events WHERE load_date = '2024-06-01';
        COPY INTO raw.events FROM @landing/events/2024-06-01/ FORCE = TRUE;
      `,
      errors: [{ messageId: 'forced', line: 2, column: 55, endColumn: 67 }],
    },
    {
      name: 'CREATE TABLE IF NOT EXISTS keeps the loaded rows',
      dialect: 'snowflake',
      code: `
        CREATE TABLE IF NOT EXISTS raw.events (payload variant);
        COPY INTO raw.events FROM @landing/events/ FORCE=TRUE;
      `,
      errors: [{ messageId: 'forced', line: 2, column: 44, endColumn: 54 }],
    },
  ],
});
