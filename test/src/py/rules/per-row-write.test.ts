import rule from '@pipelint/engine/internal/py/rules/per-row-write/index.js';
import { testPyRule } from './tester.js';

testPyRule(rule, {
  valid: [
    {
      name: 'executemany over the rows',
      code: 'def load(cur, rows):\n    cur.executemany("INSERT INTO t (a, b) VALUES (%s, %s)", rows)\n',
    },
    {
      name: 'execute_values over the rows',
      code: 'from psycopg2.extras import execute_values\n\ndef load(cur, rows):\n    execute_values(cur, "INSERT INTO t (a, b) VALUES %s", rows)\n',
    },
    {
      name: 'a per-row try isolates failures',
      code: 'def load(cur, rows):\n    for row in rows:\n        try:\n            cur.execute("INSERT INTO t (a) VALUES (%s)", (row,))\n        except Exception:\n            log.warning("skipped %s", row)\n',
    },
    {
      name: 'the loop reads back each generated key',
      code: 'def load(cur, rows):\n    for row in rows:\n        cur.execute("INSERT INTO entity (name) VALUES (%s) RETURNING id", (row["name"],))\n        ids.append(cur.fetchone()[0])\n',
    },
    {
      name: 'the loop sends a SELECT per row too',
      code: 'def load(cur, rows):\n    for row in rows:\n        cur.execute("SELECT 1 FROM t WHERE a = %s", (row,))\n        cur.execute("INSERT INTO t (a) VALUES (%s)", (row,))\n',
    },
    {
      name: 'one INSERT ... SELECT per table of a list (the table changes with the loop)',
      code: 'def copy(cur, tables):\n    for table in tables:\n        cur.execute(f"INSERT INTO {table} VALUES (%s)", (1,))\n',
    },
    {
      name: 'an INSERT ... SELECT per partition',
      code: 'def load(cur, days):\n    for ds in days:\n        cur.execute("INSERT INTO daily SELECT * FROM raw WHERE ds = %s", (ds,))\n',
    },
    {
      name: 'a DDL statement per table',
      code: 'def grant(cur, tables):\n    for t in tables:\n        cur.execute("GRANT SELECT ON t TO reader")\n',
    },
    {
      name: 'an INSERT outside any loop',
      code: 'def load(cur, row):\n    cur.execute("INSERT INTO t (a) VALUES (%s)", (row,))\n',
    },
    {
      name: 'a loop that only defines a callback writing one row',
      code: 'def make(cur, rows):\n    for row in rows:\n        def write():\n            cur.execute("INSERT INTO t (a) VALUES (%s)", (row,))\n        callbacks.append(write)\n',
    },
    {
      name: 'a PySpark job writing a DataFrame in one call',
      code: 'from pyspark.sql import SparkSession\n\ndef run(spark, days):\n    for ds in days:\n        spark.table("raw").where(f"ds = \'{ds}\'").write.mode("overwrite").saveAsTable("daily")\n',
    },
    {
      name: 'pandas to_sql in chunks',
      code: 'import pandas as pd\n\ndef load(engine):\n    for chunk in pd.read_csv("big.csv", chunksize=100000):\n        chunk.to_sql("trips", engine, if_exists="append", method="multi")\n',
    },
    {
      name: 'a Kafka consumer loop writing each message as it arrives',
      code: 'from kafka import KafkaConsumer\n\nevents = KafkaConsumer("rides", group_id="g")\nfor message in events:\n    cur.execute("INSERT INTO rides (id, fare) VALUES (%s, %s)", (message.value["id"], message.value["fare"]))\n',
    },
    { name: 'a test fixture', code: 'def test_load(cur):\n    for i in range(3):\n        cur.execute("INSERT INTO t (a) VALUES (%s)", (i,))\n', filename: 'tests/test_load.py' },
  ],
  invalid: [
    {
      name: 'an Airflow callable inserting each XCom row',
      code: [
        'from airflow.providers.postgres.hooks.postgres import PostgresHook',
        '',
        'def extract_python_data(**kwargs):',
        '    cursor = PostgresHook(postgres_conn_id="results").get_conn().cursor()',
        '    for row in kwargs["ti"].xcom_pull(task_ids="transform"):',
        '        cursor.execute(',
        "            'INSERT INTO users_info (user_id, email) '",
        "            'VALUES (%s, %s) '",
        "            'ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email;',",
        '            (row[0], row[1]),',
        '        )',
        '',
      ].join('\n'),
      errors: [
        {
          messageId: 'insert',
          line: 6,
          column: 9,
          endColumn: 23,
          message: 'One INSERT into `users_info` per loop iteration: every row pays a round trip to the database. Collect the rows and write them in one call (`executemany`, `execute_values`, COPY).',
        },
      ],
    },
    {
      name: 'a TaskFlow task with the SQL in a variable and a RETURNING that is never read',
      code: [
        'from airflow.decorators import task',
        '',
        '@task',
        'def copy(conn):',
        '    src = conn.cursor("server_side")',
        '    dst = conn.cursor()',
        '    sql = """',
        '        INSERT INTO reporting.captures (id, lat, lon)',
        '        VALUES (%(id)s, %(lat)s, %(lon)s)',
        '        RETURNING *',
        '    """',
        '    src.execute("SELECT id, lat, lon FROM captures")',
        '    for row in src:',
        '        print(row)',
        '        dst.execute(sql, row)',
        '    conn.commit()',
        '',
      ].join('\n'),
      errors: [{ messageId: 'insert', line: 15, column: 9, message: 'One INSERT into `reporting.captures` per loop iteration: every row pays a round trip to the database. Collect the rows and write them in one call (`executemany`, `execute_values`, COPY).' }],
    },
    {
      name: 'an UPDATE per row of a pandas frame through SQLAlchemy text()',
      code: [
        'from sqlalchemy import text',
        '',
        'def mark(conn, frame):',
        '    for _, row in frame.iterrows():',
        '        conn.execute(text("UPDATE accounts SET score = :score WHERE id = :id"), {"score": row.score, "id": row.id})',
        '',
      ].join('\n'),
      errors: [{ messageId: 'update', line: 5, column: 9 }],
    },
    {
      name: 'an f-string VALUES list formatted per row',
      code: 'def load(cur, rows):\n    for r in rows:\n        cur.execute(f"INSERT INTO events (id, kind) VALUES ({r.id}, \'{r.kind}\')")\n',
      errors: [{ messageId: 'insert', line: 3, column: 9 }],
    },
  ],
});
