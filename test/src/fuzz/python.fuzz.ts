import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { ensureLanguages, lintText } from '@pipelint/engine/internal/engine.js';
import { prng } from '../sql/prng.js';
import { findingProblems, TIME_LIMIT_MS } from './engine.fuzz.js';

/** One Python input: what the fuzzer lints, enough to lint it again. */
export interface PythonCase {
  filename: string;
  text: string;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Python pipeline snippets: Airflow DAGs and tasks, PySpark and pandas writes, DB-API loops, consumers, CDK queues. */
const SNIPPETS = [
  'from airflow import DAG\nfrom airflow.providers.postgres.operators.postgres import PostgresOperator\nwith DAG("d", schedule="*/1 * * * *") as dag:\n    PostgresOperator(task_id="t", sql=["DELETE FROM t WHERE ds = \'{{ ds }}\'", "INSERT INTO t SELECT * FROM s"])\n',
  'import psycopg2\ndef load(conn, rows):\n    cur = conn.cursor()\n    for r in rows:\n        cur.execute("INSERT INTO t (a, b) VALUES (%s, %s)", (r[0], r[1]))\n    conn.commit()\n',
  'from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\ndf = spark.sql(f"SELECT * FROM {table} WHERE ds = \'{ds}\'")\ndf.write.mode("append").saveAsTable("lake.t")\n(df.write\n  .format("delta")  # c\n  .mode("append").insertInto("x"))\n',
  'import pandas as pd\nfrom sqlalchemy import text\npd.read_sql(text("DROP TABLE t; CREATE TABLE t (a int)"), con)\ndf.to_sql("t", con, if_exists="append")\n',
  'from datetime import datetime, timedelta\nfrom airflow.decorators import task, dag\n@dag(schedule=timedelta(minutes=1))\ndef d():\n    @task(retries=3)\n    def t(ds=None, **context):\n        day = datetime.now().strftime("%Y-%m-%d")\n        cur.execute("UPDATE t SET n = n + 1 WHERE d = %s", (day,))\n    t()\n',
  'from confluent_kafka import Consumer\nc = Consumer({})\nwhile True:\n    msg = c.poll(1.0)\n    try:\n        json.loads(msg.value())\n    except Exception:\n        pass\n    finally:\n        c.commit()\n',
  'from aws_cdk import aws_sqs as sqs, aws_lambda_event_sources as les\nq = sqs.Queue(self, "Q")\nfn.add_event_source(les.SqsEventSource(q))\nles.KinesisEventSource(stream)\n',
  's = "caf\\xe9 \\N{BULLET} \\u00e9 \\\n" r"\\d+" b"x" f"{a!r:>{w}} {{lit}}" t"{x}"\nq = """\nINSERT INTO t\nVALUES (1)\n"""\ncur.execute(q + " ON CONFLICT DO NOTHING")\n',
  'class A:\n    async def f(self):\n        async with x as y:\n            await asyncio.gather(*[g(i) for i in range(10**6)])\n        match v:\n            case {"a": [1, *rest]} if rest:\n                lambda: (yield)\n',
];

/** Fragments that open or close strings, brackets, f-string braces, blocks and indentation, and odd characters. */
const NOISE = ['"', "'", '"""', "f'", 'f"{', '{', '}', '(', ')', '[', ']', ':', '\n', '\n    ', '\t', '\\', '#', 'def ', 'class ', 'lambda', '@', 'execute(', '.execute("INSERT INTO t VALUES (1)")', '\u0000', '\uD800', '\uDC00', '\uFFFD', 'é', '😀', '\r', '\r\n', ' '];

function randomText(random: Random): string {
  const length = Math.floor(random() * 300);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(random() * (random() < 0.9 ? 128 : 0x10000)));
  return text;
}

/** Invalid UTF-8 as the CLI reads it: random bytes decoded, so broken sequences become U+FFFD, mixed into Python. */
function invalidUtf8(random: Random, base: string): string {
  const bytes = Buffer.from(base, 'utf8');
  for (let i = 0; i < 1 + Math.floor(random() * 8); i++) bytes[Math.floor(random() * bytes.length)] = 0x80 + Math.floor(random() * 0x80);
  return bytes.toString('utf8');
}

/** Deep nesting and huge lines: brackets, calls, blocks, chains and string concatenations thousands deep or long. */
function extreme(random: Random): string {
  const n = 1000 + Math.floor(random() * 20_000);
  switch (Math.floor(random() * 7)) {
    case 0:
      return `x = ${'('.repeat(n)}1${')'.repeat(random() < 0.5 ? n : 0)}\n`;
    case 1:
      return `cur.execute(${Array.from({ length: n }, () => '"INSERT INTO t VALUES (1)"').join(' + ')})\n`;
    case 2:
      return Array.from({ length: Math.min(n, 3000) }, (_, i) => `${' '.repeat(i)}if x:\n`).join('') + `${' '.repeat(3000)}cur.execute("DELETE FROM t")\n`;
    case 3:
      return `df${'.f(1)'.repeat(n)}.write.mode("append").saveAsTable("t")\n`;
    case 4:
      return `x = ${'['.repeat(n)}${']'.repeat(n)}\n` + `y = ${'{'.repeat(n)}\n`;
    case 5:
      return `cur.execute("${'SELECT 1 UNION ALL '.repeat(n / 10)}SELECT 2")\n`;
    default:
      return `f(${'g('.repeat(n)}${')'.repeat(n)})\n` + `z = ${'not '.repeat(n)}x\n` + `w = ${'-'.repeat(n)}1\n`;
  }
}

function mutate(random: Random, text: string): string {
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (text.length + 1));
    const kind = random();
    if (kind < 0.5) text = text.slice(0, at) + pick(random, NOISE) + text.slice(at);
    else if (kind < 0.7) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 20)));
    else if (kind < 0.85) {
      const to = Math.min(text.length, at + Math.floor(random() * 80));
      text = text.slice(0, to) + text.slice(at, to) + text.slice(to);
    } else text = text.slice(0, at);
  }
  return text;
}

/** Case `index` of the run seeded with `seed`: the same pair always gives the same input. */
export function pythonCase(seed: number, index: number): PythonCase {
  const random = prng((seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const filename = pick(random, ['dags/fuzz.py', 'jobs/fuzz.py', 'fuzz.py']);
  const roll = random();
  if (roll < 0.1) return { filename, text: randomText(random) };
  if (roll < 0.2) return { filename, text: invalidUtf8(random, pick(random, SNIPPETS)) };
  if (roll < 0.25) return { filename, text: pick(random, SNIPPETS) + extreme(random) };
  if (roll < 0.35) {
    const a = pick(random, SNIPPETS);
    const b = pick(random, SNIPPETS);
    return { filename, text: a.slice(0, Math.floor(random() * a.length)) + b.slice(Math.floor(random() * b.length)) };
  }
  return { filename, text: mutate(random, pick(random, SNIPPETS)) };
}

/** Lints one input; the problems found, each with the input as JSON on its second line so it can be saved and replayed. */
export function checkCase(input: PythonCase): string[] {
  const started = process.hrtime.bigint();
  let problems: string[];
  try {
    const result = lintText(input.text, { filename: input.filename, config: DEFAULT_CONFIG });
    problems = findingProblems(input.text, result.findings);
    // A rule that throws is reported and the others run, but it is a bug; and an error thrown inside a call into
    // WebAssembly (a stack overflow) can corrupt the parser for every later file.
    for (const f of result.findings) if (f.ruleId === 'rule-error') problems.push(`rule crashed: ${f.message}`);
  } catch (error) {
    problems = [`threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (ms > TIME_LIMIT_MS) problems.push(`hang: took ${Math.round(ms)} ms (limit ${TIME_LIMIT_MS} ms)`);
  return problems.map((p) => `${p.split('\n')[0]}\n${JSON.stringify(input)}`);
}

/** Replays a saved failing input (the JSON of a {@link PythonCase}). */
export async function replay(input: unknown): Promise<string[]> {
  await ensureLanguages(['py']);
  return checkCase(input as PythonCase);
}

/** `cases` random, mutated, invalid-UTF-8, deeply nested and huge-line Python inputs through the engine. */
export async function run(cases: number, seed: number): Promise<{ cases: number; failures: string[] }> {
  await ensureLanguages(['py']);
  const failures: string[] = [];
  for (let i = 0; i < cases; i++) for (const failure of checkCase(pythonCase(seed, i))) failures.push(failure);
  return { cases, failures };
}
