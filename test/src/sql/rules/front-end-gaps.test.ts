import * as assert from 'node:assert/strict';
import type { InsertStatement, Statement } from '@pipelint/engine/internal/sql/model.js';
import { columnRefs } from '@pipelint/engine/internal/sql/expr.js';
import { lex } from '@pipelint/engine/internal/sql/lexer.js';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import { dedent } from './tester.js';

/**
 * Front-end behaviour the SQL rules rely on, found while auditing them against the corpus. These fail until the
 * front end (rules/src/sql/*.ts, not rules/) handles the construct.
 */
function kinds(statements: readonly Statement[]): string[] {
  return statements.map((s) => s.kind);
}

describe('SQL front end, as the rules need it', () => {
  it('ends a psql meta-command at the end of its line, so the BEGIN after it opens a transaction', () => {
    const doc = parseSql(
      dedent(`
        \\set ON_ERROR_STOP on
        BEGIN;
        DELETE FROM daily WHERE day = :'run_date';
        INSERT INTO daily SELECT * FROM staging_daily WHERE day = :'run_date';
        COMMIT;
      `),
      { dialect: 'postgres' },
    );
    assert.deepEqual(kinds(doc.statements), ['other', 'begin', 'delete', 'insert', 'commit']);
    assert.ok(doc.statements[2].transaction !== null, 'the DELETE runs inside the transaction');
  });

  it('reads Databricks INSERT INTO ... REPLACE WHERE as an overwrite of the slice', () => {
    const doc = parseSql(
      dedent(`
        INSERT INTO gold.weekly
        REPLACE WHERE week = DATE'2024-06-03'
        SELECT week, count(*) FROM silver.events WHERE week = DATE'2024-06-03' GROUP BY week;
      `),
      { dialect: 'spark' },
    );
    const insert = doc.statements[0] as InsertStatement;
    assert.equal(insert.kind, 'insert');
    assert.deepEqual(insert.guards, ['overwrite']);
    assert.equal(insert.source.kind, 'query');
  });

  it('models the statement a Snowflake task runs as a child of the CREATE TASK', () => {
    const doc = parseSql(
      dedent(`
        CREATE OR REPLACE TASK merge_accounts
          WAREHOUSE = transform_wh
          SCHEDULE = '5 MINUTE'
        AS
        INSERT INTO accounts_current SELECT * FROM accounts_changes;
      `),
      { dialect: 'snowflake' },
    );
    const insert = doc.statements.find((s): s is InsertStatement => s.kind === 'insert');
    assert.equal(insert?.target?.name, 'accounts_current');
  });

  it('does not list the type of a :: cast or the unit of an INTERVAL as columns', () => {
    const tokens = lex("e.received_at::date = x AND ts > now() - INTERVAL 1 DAY", 'postgres').tokens;
    assert.deepEqual(columnRefs(tokens).map((c) => c.name), ['received_at', 'x', 'ts']);
  });
});
