import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '@pipelint/engine/internal/cli/fix.js';
import { ensureLanguages, lintText } from '@pipelint/engine/internal/engine.js';
import { setLintedFiles } from '@pipelint/engine/internal/py/linted-files.js';

function findings(code: string, filename = '/w/dags/job.py'): string[] {
  return lintText(code, { filename })
    .findings.filter((f) => f.origin === 'embedded-sql')
    .map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
}

describe('SQL embedded in Python', () => {
  before(() => ensureLanguages(['py']));

  it('lints cursor.execute with the SQL rules, at the Python position of the SQL', () => {
    const code = 'import psycopg2\n\ndef load(cur):\n    cur.execute("INSERT INTO orders SELECT * FROM staging")\n';
    assert.deepEqual(findings(code), ['blind-insert 4:18-4:36']);
    const [finding] = lintText(code, { filename: 'job.py' }).findings;
    assert.equal(code.slice(finding.range.start.offset, finding.range.end.offset), 'INSERT INTO orders');
  });

  it('keeps a row-by-row insert quiet when the function claims its rows, the rows exclude the target, or a task drops it first', () => {
    const claim = [
      'def pay(conn):',
      '    cur = conn.cursor()',
      '    cur.execute("SELECT id, amount FROM work WHERE paid_id IS NULL")',
      '    for row in cur.fetchall():',
      '        cur.execute("INSERT INTO payouts (work_id, amount) VALUES (%s, %s) RETURNING id", row)',
      '        cur.execute("UPDATE work SET paid_id = %s WHERE id = %s", (cur.fetchone()[0], row[0]))',
      '    conn.commit()',
      '',
    ].join('\n');
    assert.deepEqual(findings(claim), []);
    // With autocommit the claim is not atomic with the insert: a failure between the two leaves a row to insert again.
    assert.deepEqual(findings(`import psycopg2\nconn.autocommit = True\n${claim}`), ['blind-insert 7:22-7:41']);
    // A claim column the function never sets is no claim.
    assert.deepEqual(findings(claim.replace('SET paid_id = %s', 'SET note = %s')), ['blind-insert 5:22-5:41']);
    const antiJoin = [
      'def sync(cur):',
      '    cur.execute("SELECT e.id, e.name FROM entity e WHERE e.id NOT IN (SELECT id FROM crm.contacts)")',
      '    for row in cur.fetchall():',
      '        cur.execute("INSERT INTO crm.contacts (id, name) VALUES (%s, %s)", row)',
      '',
    ].join('\n');
    assert.deepEqual(findings(antiJoin), []);
    assert.deepEqual(findings(antiJoin.replace('FROM crm.contacts)', 'FROM crm.blocked)')), ['blind-insert 4:22-4:46']);
    const dag = [
      'from airflow.providers.postgres.operators.postgres import PostgresOperator',
      '',
      'def load(**kwargs):',
      '    for row in kwargs["ti"].xcom_pull(task_ids="transform"):',
      '        cur.execute("INSERT INTO dashboard (email, stage) VALUES (%s, %s);", row)',
      '',
      'drop_table = PostgresOperator(task_id="drop_table", sql="DROP TABLE IF EXISTS dashboard;")',
      '',
    ].join('\n');
    assert.deepEqual(findings(dag), []);
    assert.deepEqual(findings(dag.replace('EXISTS dashboard', 'EXISTS other')), ['blind-insert 5:22-5:43']);
  });

  it('reads implicitly concatenated, added and triple-quoted strings, and names assigned before the call', () => {
    const code = [
      'def load(cur):',
      '    sql = """',
      '        CREATE TABLE daily (id int)',
      '    """',
      '    cur.execute(sql)',
      '    cur.executemany("INSERT INTO orders "',
      '                    "SELECT * FROM src", rows)',
      '    cur.execute("INSERT INTO t2 " + "SELECT * FROM s")',
      '',
    ].join('\n');
    assert.deepEqual(findings(code), ['unguarded-ddl 3:9-3:27', 'blind-insert 6:22-6:40', 'blind-insert 8:18-8:32']);
  });

  it('turns f-string interpolations into placeholders and keeps positions after escapes', () => {
    const code = 'def load(cur, table):\n    cur.execute(f"CREATE TABLE {table}\\n (id int)")\n';
    assert.deepEqual(findings(code), ['unguarded-ddl 2:19-2:39']);
    const [finding] = lintText(code, { filename: 'job.py' }).findings;
    assert.equal(finding.message, 'CREATE TABLE fails when {{ table }} already exists: a second run stops here, half way through the script.');
    assert.ok(finding.fix, 'the IF NOT EXISTS fix maps into the f-string');
    assert.equal(applyEdits(code, finding.fix.edits), 'def load(cur, table):\n    cur.execute(f"CREATE TABLE IF NOT EXISTS {table}\\n (id int)")\n');
  });

  it('covers SQLAlchemy text(), spark.sql() and pandas read_sql, and leaves reads and non-SQL alone', () => {
    const code = [
      'from sqlalchemy import text',
      'import pandas as pd',
      'from pyspark.sql import SparkSession',
      'spark = SparkSession.builder.getOrCreate()',
      'def a(session):',
      '    session.execute(text("INSERT INTO t SELECT * FROM s"))',
      'def b():',
      '    spark.sql("INSERT INTO lake.t SELECT * FROM lake.s")',
      'def c(con):',
      '    return pd.read_sql("SELECT * FROM t", con)',
      'def d(runner):',
      '    runner.execute("deploy everything")',
      '',
    ].join('\n');
    assert.deepEqual(findings(code), ['blind-insert 6:27-6:40', 'blind-insert 8:16-8:34']);
  });

  it('takes autocommit into account: a DELETE then INSERT in one operator task is one transaction unless autocommit=True', () => {
    const op = (extra: string) =>
      `from airflow.providers.postgres.operators.postgres import PostgresOperator\nPostgresOperator(task_id="t", sql=["DELETE FROM daily WHERE ds = '{{ ds }}'", "INSERT INTO daily SELECT * FROM src WHERE ds = '{{ ds }}'"]${extra})\n`;
    assert.deepEqual(findings(op('')), []);
    assert.deepEqual(findings(op(', autocommit=True')), ['non-atomic-replace 2:37-2:54']);
  });

  it('reads the BigQuery job configuration query', () => {
    const code = 'from airflow.providers.google.cloud.operators.bigquery import BigQueryInsertJobOperator\nBigQueryInsertJobOperator(task_id="q", configuration={"query": {"query": "CREATE TABLE ds.t AS SELECT 1", "useLegacySql": False}})\n';
    assert.deepEqual(findings(code), ['unguarded-ddl 2:75-2:92']);
  });

  describe('a .sql file an operator names', () => {
    let dir = '';
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-py-sql-'));
      fs.writeFileSync(path.join(dir, 'load.sql'), 'SELECT 1;\nCREATE TABLE z (a int);\n');
    });
    after(() => {
      setLintedFiles(() => false);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const code = 'from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\nSQLExecuteQueryOperator(task_id="f", sql="load.sql")\n';

    it('is linted and reported on the sql= argument, naming the place in the file', () => {
      const result = lintText(code, { filename: path.join(dir, 'dag.py') });
      assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.column} ${f.message}`), [
        'unguarded-ddl 2:42 load.sql:2:1: CREATE TABLE fails when z already exists: a second run stops here, half way through the script.',
      ]);
    });

    it('is not reported twice when the run lints the .sql file itself', () => {
      setLintedFiles((file) => file === path.join(dir, 'load.sql'));
      assert.deepEqual(lintText(code, { filename: path.join(dir, 'dag.py') }).findings, []);
    });
  });
});

describe('SQL embedded in Python: files that are not re-run loads', () => {
  before(() => ensureLanguages(['py']));
  const body = 'def upgrade():\n    op.execute("INSERT INTO plans SELECT * FROM old_plans")\n';

  it('skips Alembic and Django migrations and test files', () => {
    assert.deepEqual(findings(`from alembic import op\n${body}`, '/w/app/alembic/0042_plans.py'), []);
    assert.deepEqual(findings(body, '/w/migrations/versions/0042_plans.py'), []);
    assert.deepEqual(findings(body, '/w/tests/test_plans.py'), []);
    assert.deepEqual(findings(body, '/w/jobs/plans.py'), ['blind-insert 2:17-2:34']);
  });
});
