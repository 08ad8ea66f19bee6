'use strict';
// Python throughput: lintText on a generated 5,000-line Airflow + PySpark + DB-API file (every Python rule and the
// embedded SQL), first call and median, with 10,000 and 20,000 lines to check it grows linearly; and the time
// the WASM parser takes to load, once per process. Target: at least 50,000 lines/s. Run: node bench/py.bench.js
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { recordSamples, recordValue, firstAndMedian, median } = require('./figures.js');

const ROOT = path.join(__dirname, '..');
const RUNS = 15;
const TARGET_LINES_PER_SECOND = 50_000;

const HEADER = [
  '"""Generated for the bench: DAGs, Spark jobs and database loads as a data team writes them."""',
  'from datetime import datetime, timedelta',
  '',
  'import psycopg2',
  'from airflow import DAG',
  'from airflow.decorators import task',
  'from airflow.providers.postgres.operators.postgres import PostgresOperator',
  'from pyspark.sql import SparkSession, functions as F',
  '',
  'spark = SparkSession.builder.getOrCreate()',
  '',
];

const BLOCKS = [
  (i) => [
    `with DAG("load_${i}", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag_${i}:`,
    `    PostgresOperator(`,
    `        task_id="replace_${i}",`,
    `        sql=["DELETE FROM daily_${i} WHERE ds = '{{ ds }}'", "INSERT INTO daily_${i} SELECT * FROM raw_${i} WHERE ds = '{{ ds }}'"],`,
    `    )`,
    '',
  ],
  (i) => [
    `def transform_${i}(ds: str) -> None:`,
    `    # Reads one day of events and replaces that day in the lake.`,
    `    events = spark.read.table("raw.events_${i}").where(F.col("ds") == ds)`,
    `    daily = events.groupBy("user_id").agg(F.count("*").alias("n"), F.sum("amount").alias("total"))`,
    `    (daily.write.format("delta").mode("overwrite")`,
    `        .option("replaceWhere", f"ds = '{ds}'")`,
    `        .saveAsTable("lake.daily_${i}"))`,
    '',
  ],
  (i) => [
    `def export_${i}(conn, rows):`,
    `    with conn.cursor() as cur:`,
    `        cur.execute("SELECT id, amount FROM orders_${i} WHERE day = %s", (rows[0],))`,
    `        for row in cur.fetchall():`,
    `            if row[1] > 100:`,
    `                print("large order", row[0])`,
    `        cur.executemany("INSERT INTO totals_${i} (id, total) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET total = excluded.total", rows)`,
    `    conn.commit()`,
    '',
  ],
  (i) => [
    `@task(retries=2, retry_delay=timedelta(minutes=5))`,
    `def summarize_${i}(values: list[int]) -> dict:`,
    `    total = sum(v for v in values if v is not None)`,
    `    return {"count": len(values), "total": total, "mean": total / max(len(values), 1)}`,
    '',
  ],
];

function pythonFile(lines) {
  const out = [...HEADER];
  for (let i = 0; out.length < lines; i++) out.push(...BLOCKS[i % BLOCKS.length](i));
  return out.slice(0, lines).join('\n') + '\n';
}

/** The parser's load in a fresh process: what the first Python file of a CLI run or an editor session waits for. */
function loadInFreshProcess() {
  const script = `
    const parser = require('@pipelint/engine/internal/py/parser.js');
    const t = performance.now();
    parser.ensurePython().then(() => process.stdout.write(String(performance.now() - t)));`;
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    samples.push(Number(result.stdout));
  }
  return samples;
}

async function main() {
  const load = recordSamples('py.wasmLoad', loadInFreshProcess());
  console.log(`WASM parser load (fresh process): ${firstAndMedian(load)}`);
  const { ensureLanguages, lintText, DEFAULT_CONFIG } = require('@pipelint/engine');
  await ensureLanguages(['py']);
  for (const lines of [5_000, 10_000, 20_000]) {
    const text = pythonFile(lines);
    const samples = [];
    let findings = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      findings = lintText(text, { filename: `/bench/pipeline_${lines}.py`, config: DEFAULT_CONFIG }).findings.length;
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const rate = (ms) => Math.round((lines / ms) * 1000);
    const figure = recordSamples(`py.lint${lines}`, samples, { linesPerSecondFirst: rate(samples[0]), linesPerSecondMedian: rate(median(samples)) });
    console.log(`${lines} lines (${findings} findings): ${firstAndMedian(figure)}; ${rate(samples[0]).toLocaleString('en-US')} lines/s first, ${rate(median(samples)).toLocaleString('en-US')} lines/s median`);
    if (lines === 5_000) {
      recordValue('py.linesPerSecond', rate(median(samples)), { target: TARGET_LINES_PER_SECOND });
      console.log(`target >= ${TARGET_LINES_PER_SECOND.toLocaleString('en-US')} lines/s (median): ${rate(median(samples)) >= TARGET_LINES_PER_SECOND ? 'met' : 'NOT met'}`);
    }
  }
}

module.exports = { main, pythonFile };
if (require.main === module) main();
