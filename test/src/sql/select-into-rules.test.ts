import blindInsert from '@pipelint/engine/internal/sql/rules/blind-insert/index.js';
import unguardedDdl from '@pipelint/engine/internal/sql/rules/unguarded-ddl/index.js';
import { testRule } from './rules/tester.js';

// SELECT INTO creates its table, so the rules about re-running a CREATE see it too.

testRule(unguardedDdl, {
  valid: [
    { name: 'SELECT INTO a temporary table', code: 'SELECT * INTO TEMP stage FROM raw.events;', dialect: 'postgres' },
    { name: 'SELECT INTO after a DROP IF EXISTS of the table', code: '\nDROP TABLE IF EXISTS snapshot;\nSELECT * INTO snapshot FROM orders;\n', dialect: 'postgres' },
    { name: 'SELECT INTO a BigQuery script variable', code: 'SELECT count(*) INTO n FROM ds.orders;', dialect: 'bigquery' },
  ],
  invalid: [
    {
      name: 'SELECT INTO a permanent table, with no fix since PostgreSQL has no IF NOT EXISTS for it',
      code: '\nSELECT id, total\nINTO TABLE analytics.snapshot\nFROM orders;\n',
      dialect: 'postgres',
      errors: [
        {
          messageId: 'create',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 30,
          message: 'SELECT ... INTO TABLE fails when analytics.snapshot already exists: a second run stops here, half way through the script.',
        },
      ],
    },
  ],
});

testRule(blindInsert, {
  valid: [
    {
      name: 'an INSERT into a table the script just created with SELECT INTO',
      code: '\nSELECT * INTO batch FROM raw.events WHERE false;\nINSERT INTO batch SELECT * FROM raw.events;\n',
      dialect: 'postgres',
    },
  ],
  invalid: [],
});
