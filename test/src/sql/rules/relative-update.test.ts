import rule from '@pipelint/engine/internal/sql/rules/relative-update/index.js';
import { testRule } from './tester.js';

testRule(rule, {
  valid: [
    {
      name: 'an upsert that assigns the incoming value',
      dialect: 'postgres',
      code: `
        INSERT INTO daily_totals (day, total) VALUES ('2024-06-01', 42)
        ON CONFLICT (day) DO UPDATE SET total = excluded.total;
      `,
    },
    {
      name: 'a MERGE that assigns the source value',
      dialect: 'snowflake',
      code: `
        MERGE INTO inventory t USING snapshot s ON t.sku = s.sku
        WHEN MATCHED THEN UPDATE SET qty = s.qty;
      `,
    },
    { name: 'a no-op assignment', code: `UPDATE inventory SET qty = qty WHERE sku = 'A1';` },
    {
      name: 'greatest() keeps the larger value whatever the order',
      dialect: 'postgres',
      code: `
        INSERT INTO high_scores (player, score) VALUES ('ada', 90)
        ON CONFLICT (player) DO UPDATE SET score = greatest(high_scores.score, excluded.score);
      `,
    },
    { name: 'an optimistic lock pins the version', code: `UPDATE docs SET body = 'v2', version = version + 1 WHERE id = 1 AND version = 7;` },
    { name: 'a flag flipped by the same update', code: `UPDATE jobs SET attempts = attempts + 1, done = true WHERE id = 5 AND done = false;` },
    { name: 'a boolean flag flipped by the same update and tested with NOT', code: `UPDATE credits SET balance = balance + pending, applied = true WHERE NOT applied;` },
    {
      name: 'a status moved forward by the same update',
      dialect: 'postgres',
      code: `UPDATE ops.export_jobs SET status = 'running', attempts = attempts + 1 WHERE job_id = $1 AND status IN ('pending', 'retry');`,
    },
    { name: 'a JSON object merged into a jsonb column', dialect: 'postgres', code: `UPDATE users SET settings = settings || '{"beta": true}'::jsonb WHERE user_id = 42;` },
    {
      name: 'a JSON object built from the source merged in an upsert',
      dialect: 'postgres',
      code: `
        INSERT INTO profiles (user_id, attrs) VALUES (42, '{}')
        ON CONFLICT (user_id) DO UPDATE SET attrs = profiles.attrs || jsonb_build_object('plan', 'pro');
      `,
    },
    {
      name: 'arithmetic on source columns only',
      dialect: 'bigquery',
      code: `
        MERGE ds.orders t USING ds.order_updates s ON t.order_id = s.order_id
        WHEN MATCHED THEN UPDATE SET total = s.subtotal + s.tax;
      `,
    },
    { name: 'a sum of other columns', code: `UPDATE orders SET total = subtotal + tax WHERE order_id = 9;` },
  ],
  invalid: [
    {
      name: 'an element appended to an array column',
      dialect: 'postgres',
      code: `UPDATE customers SET tags = tags || ARRAY['vip'] WHERE customer_id = 42;`,
      errors: [{ messageId: 'relative', line: 1, column: 22 }],
    },
    {
      name: 'a JSON array appended to a jsonb column',
      dialect: 'postgres',
      code: `UPDATE customers SET events = events || '[{"type": "upgrade"}]'::jsonb WHERE customer_id = 42;`,
      errors: [{ messageId: 'relative', line: 1, column: 22 }],
    },
    {
      name: 'a flag on the source table, not the target, tested with NOT',
      dialect: 'postgres',
      code: `UPDATE accounts AS a SET balance = a.balance + t.amount FROM topups AS t WHERE t.account_id = a.id AND NOT t.applied;`,
      errors: [{ messageId: 'relative', line: 1, column: 26 }],
    },
    {
      code: `
        UPDATE analytics.customer_totals
        SET lifetime_value = lifetime_value + 120.50
        WHERE customer_id = 42;
      `,
      errors: [
        {
          messageId: 'relative',
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 45,
          message: '`lifetime_value = lifetime_value + 120.50` changes lifetime_value of analytics.customer_totals relative to its stored value: applying the same input twice counts it twice.',
        },
      ],
    },
    {
      name: 'an upsert that adds the incoming value',
      dialect: 'postgres',
      code: `
        INSERT INTO daily_totals AS t (day, total) VALUES ('2024-06-01', 42)
        ON CONFLICT (day) DO UPDATE SET total = t.total + excluded.total;
      `,
      errors: [{ messageId: 'relative', line: 2, column: 33, endColumn: 65 }],
    },
    {
      name: 'MySQL ON DUPLICATE KEY UPDATE with VALUES()',
      dialect: 'mysql',
      code: `
        INSERT INTO page_hits (page, hits) VALUES ('/home', 3)
        ON DUPLICATE KEY UPDATE hits = hits + VALUES(hits);
      `,
      errors: [{ messageId: 'relative', line: 2, column: 25, endColumn: 51 }],
    },
    {
      name: 'a MERGE that subtracts a shipment',
      dialect: 'snowflake',
      code: `
        MERGE INTO inventory t USING shipments s ON t.sku = s.sku
        WHEN MATCHED THEN UPDATE SET qty = t.qty - s.qty;
      `,
      errors: [{ messageId: 'relative', line: 2, column: 30, endColumn: 49, message: '`qty = t.qty - s.qty` changes qty of inventory relative to its stored value: applying the same input twice counts it twice.' }],
    },
    {
      name: 'string concatenation appends again',
      dialect: 'postgres',
      code: `UPDATE tags SET labels = labels || ',new' WHERE id = 3;`,
      errors: [{ messageId: 'relative', line: 1, column: 17, endColumn: 42 }],
    },
    {
      name: 'the column on the right, behind coalesce',
      code: `UPDATE stats SET views = 1 + coalesce(views, 0) WHERE page_id = 9;`,
      errors: [{ messageId: 'relative', line: 1, column: 18, endColumn: 48 }],
    },
  ],
});

// Soak false-positive classes (issue 9).
testRule(rule, {
  valid: [
    { name: 'an optimistic-lock version bump', dialect: 'postgres', code: `UPDATE ticket SET status = 'closed', lock_version = lock_version + 1 WHERE id = 7;` },
    { name: 'a revision counter bump', dialect: 'postgres', code: `UPDATE doc SET revision = revision + 1, body = 'x' WHERE id = 7;` },
    { name: 'a jsonb key removed', dialect: 'postgres', code: `UPDATE account SET prefs = prefs - 'legacy_theme' WHERE id = 7;` },
    { name: 'jsonb keys removed with a text[] literal', dialect: 'postgres', code: `UPDATE account SET prefs = prefs - '{a,b}'::text[] WHERE id = 7;` },
    {
      name: 'a counter in a versioned migration file',
      dialect: 'postgres',
      filename: 'migrations/0007_fix_counts.up.sql',
      code: `UPDATE shelf SET items = items + 1 WHERE id = 7;`,
    },
  ],
  invalid: [
    {
      name: 'a counter that is not a version',
      dialect: 'postgres',
      code: `UPDATE shelf SET items = items + 1 WHERE id = 7;`,
      errors: [{ messageId: 'relative', line: 1, column: 18, message: '`items = items + 1` changes items of shelf relative to its stored value: applying the same input twice counts it twice.' }],
    },
    {
      name: 'a version moved by more than one step',
      dialect: 'postgres',
      code: `UPDATE doc SET revision = revision + s.edits FROM staged s WHERE doc.id = s.id;`,
      errors: [{ messageId: 'relative', line: 1, column: 16 }],
    },
    {
      name: 'a number subtracted is not key removal',
      dialect: 'postgres',
      code: `UPDATE account SET credit = credit - 5 WHERE id = 7;`,
      errors: [{ messageId: 'relative', line: 1, column: 20 }],
    },
  ],
});
