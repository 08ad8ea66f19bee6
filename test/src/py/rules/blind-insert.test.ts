import rule from '@pipelint/engine/internal/py/rules/blind-insert/index.js';
import { testPyRule } from './tester.js';

testPyRule(rule, {
  valid: [
    { name: 'overwrite mode', code: 'df.write.mode("overwrite").saveAsTable("t")\n' },
    { name: 'insertInto with overwrite=True', code: 'df.write.insertInto("t", overwrite=True)\n' },
    { name: 'insertInto with a positional overwrite', code: 'df.write.insertInto("t", True)\n' },
    { name: 'insertInto after mode("overwrite")', code: 'df.write.mode("overwrite").insertInto("t")\n' },
    { name: 'append with replaceWhere', code: 'df.write.mode("append").option("replaceWhere", "ds = 1").save("/lake/t")\n' },
    { name: 'a foreachBatch append with Delta transaction ids', code: 'def sink(batch, batch_id):\n    batch.write.format("delta").option("txnAppId", "app").option("txnVersion", batch_id).mode("append").save("/lake/t")\n' },
    { name: 'a staging table truncated first', code: 'def load(spark, df):\n    spark.sql("TRUNCATE TABLE staging.orders")\n    df.write.mode("append").saveAsTable("staging.orders")\n' },
    { name: 'the partition deleted first', code: 'def load(cur, frame, engine, ds):\n    cur.execute("DELETE FROM daily_sales WHERE ds = %s", (ds,))\n    frame.to_sql("daily_sales", engine, if_exists="append")\n' },
    { name: 'a log table', code: 'df.write.mode("append").saveAsTable("ops.pipeline_log")\n' },
    {
      name: 'a chunked load that replaces the table with its first chunk (empty frame) and appends the rest',
      code: 'def run(engine, chunks, table_name):\n    first = next(chunks)\n    first.head(n=0).to_sql(name=table_name, con=engine, if_exists="replace")\n    for chunk in chunks:\n        chunk.to_sql(name=table_name, con=engine, if_exists="append")\n',
    },
    { name: 'to_sql replacing', code: 'frame.to_sql("t", engine, if_exists="replace")\n' },
    { name: 'to_sql with the default (fail)', code: 'frame.to_sql("t", engine)\n' },
    { name: 'to_sql through an upsert method', code: 'frame.to_sql("t", engine, if_exists="append", method=insert_on_conflict_nothing)\n' },
    { name: 'a streaming append', code: 'events.writeStream.outputMode("append").option("checkpointLocation", "/chk").toTable("t")\n' },
    { name: 'a file opened in append mode', code: 'with open("out.txt", mode="a") as f:\n    f.write("x")\nitems.append(1)\n' },
    { name: 'a test fixture', code: 'df.write.mode("append").saveAsTable("t")\n', filename: 'tests/test_load.py' },
  ],
  invalid: [
    {
      name: 'a Spark append to a table',
      code: 'df.write.mode("append").saveAsTable("lake.orders")\n',
      errors: [{ messageId: 'sparkAppend', line: 1, column: 15, endColumn: 23, message: 'A re-run appends every row to `lake.orders` again: nothing here removes what an earlier attempt of this write left behind.' }],
    },
    {
      name: 'a Delta append to a path, split over lines',
      code: '(df.write\n    .format("delta")\n    .mode("append")\n    .save("s3://lake/orders"))\n',
      errors: [{ messageId: 'sparkAppend', line: 3, column: 11 }],
    },
    { name: 'mode as a keyword of the sink', code: 'df.write.parquet("s3://lake/orders", mode="append")\n', errors: [{ messageId: 'sparkAppend', line: 1, column: 38 }] },
    { name: 'insertInto without overwrite', code: 'df.write.insertInto("lake.orders")\n', errors: [{ messageId: 'insertInto', line: 1, column: 10 }] },
    {
      name: 'to_sql appending',
      code: 'frame.to_sql("daily_sales", engine, if_exists="append", index=False)\n',
      errors: [{ messageId: 'toSqlAppend', line: 1, column: 37, message: '`if_exists="append"` adds every row to `daily_sales` again on a re-run: nothing here removes what an earlier attempt wrote.' }],
    },
    {
      name: 'a truncate of another table does not count',
      code: 'def load(spark, df):\n    spark.sql("TRUNCATE TABLE staging.other")\n    df.write.mode("append").saveAsTable("lake.orders")\n',
      errors: [{ messageId: 'sparkAppend', line: 3, column: 19 }],
    },
  ],
});
