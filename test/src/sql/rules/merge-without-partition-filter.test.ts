import rule from '@pipelint/engine/internal/sql/rules/merge-without-partition-filter/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    {
      name: 'the ON condition matches the partition column',
      code: `
        MERGE INTO analytics.events AS t
        USING (SELECT * FROM raw.events WHERE event_date = '2024-06-01') AS s
        ON t.event_id = s.event_id AND t.event_date = s.event_date
        WHEN MATCHED THEN UPDATE SET payload = s.payload;
      `,
    },
    {
      name: 'the ON condition bounds the target by a literal',
      dialect: 'bigquery',
      code: `
        MERGE ds.events t
        USING (SELECT * FROM ds.raw_events WHERE event_date = '{{ ds }}') s
        ON t.event_id = s.event_id AND t.event_date >= '{{ ds }}'
        WHEN NOT MATCHED THEN INSERT ROW;
      `,
    },
    {
      name: 'a source that is not filtered by date',
      code: `
        MERGE INTO dim_customer t
        USING (SELECT * FROM staging.customers WHERE status = 'active') s
        ON t.customer_id = s.customer_id
        WHEN MATCHED THEN UPDATE SET name = s.name;
      `,
    },
    {
      name: 'a source table rather than a filtered subquery',
      dialect: 'snowflake',
      code: `
        MERGE INTO dim_customer t USING staging.customers s ON t.customer_id = s.customer_id
        WHEN MATCHED THEN UPDATE SET name = s.name;
      `,
    },
    {
      name: 'a partition column declared in the same file',
      dialect: 'snowflake',
      code: `
        CREATE TABLE IF NOT EXISTS analytics.sales (sale_id int, region varchar, amount number) CLUSTER BY (region);
        MERGE INTO analytics.sales t
        USING (SELECT * FROM raw.sales WHERE sold_at >= '2024-06-01') s
        ON t.sale_id = s.sale_id AND t.region = s.region
        WHEN MATCHED THEN UPDATE SET amount = s.amount;
      `,
    },
  ],
  invalid: [
    {
      code: `
        MERGE INTO analytics.events AS t
        USING (SELECT * FROM raw.events WHERE event_date = '2024-06-01') AS s
        ON t.event_id = s.event_id
        WHEN MATCHED THEN UPDATE SET payload = s.payload;
      `,
      errors: [
        {
          messageId: 'fullScan',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 27,
          message:
            'The source is filtered to a date range, but this ON condition does not limit analytics.events to it: every run scans all of analytics.events to find matches for one slice.',
          suggestions: [
            {
              title: 'Add `AND t.event_date = s.event_date` to the ON condition',
              output: `
                MERGE INTO analytics.events AS t
                USING (SELECT * FROM raw.events WHERE event_date = '2024-06-01') AS s
                ON t.event_id = s.event_id AND t.event_date = s.event_date
                WHEN MATCHED THEN UPDATE SET payload = s.payload;
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a BigQuery source filtered by the run date variable',
      dialect: 'bigquery',
      code: `
        MERGE ds.orders t
        USING (SELECT * FROM ds.order_updates WHERE batch = '{{ ds }}') s
        ON t.order_id = s.order_id
        WHEN MATCHED THEN UPDATE SET status = s.status;
      `,
      errors: [{ messageId: 'fullScan', line: 3, column: 1, endColumn: 27, suggestions: [] }],
    },
    {
      name: 'an OR in the condition is parenthesised by the suggestion',
      dialect: 'snowflake',
      code: `
        MERGE INTO analytics.accounts t
        USING (SELECT * FROM raw.accounts WHERE updated_at >= current_date - 1) s
        ON t.id = s.id OR t.legacy_id = s.legacy_id
        WHEN MATCHED THEN UPDATE SET balance = s.balance;
      `,
      errors: [
        {
          messageId: 'fullScan',
          line: 3,
          column: 1,
          endColumn: 44,
          suggestions: [
            {
              title: 'Add `AND t.updated_at = s.updated_at` to the ON condition',
              output: `
                MERGE INTO analytics.accounts t
                USING (SELECT * FROM raw.accounts WHERE updated_at >= current_date - 1) s
                ON (t.id = s.id OR t.legacy_id = s.legacy_id) AND t.updated_at = s.updated_at
                WHEN MATCHED THEN UPDATE SET balance = s.balance;
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'a condition over two lines',
      dialect: 'postgres',
      code: `
        MERGE INTO fact_sales AS f
        USING (SELECT * FROM staging.sales WHERE sale_date BETWEEN '2024-06-01' AND '2024-06-07') AS s
        ON f.sale_id = s.sale_id
           AND f.store_id = s.store_id
        WHEN NOT MATCHED THEN INSERT (sale_id, store_id, sale_date) VALUES (s.sale_id, s.store_id, s.sale_date);
      `,
      errors: [{ messageId: 'fullScan', line: 3, column: 1, endLine: 4, endColumn: 31 }],
    },
  ],
});
