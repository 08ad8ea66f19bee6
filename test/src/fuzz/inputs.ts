import * as fs from 'node:fs';
import * as path from 'node:path';

/** Short SQL statements that exercise every construct the front end models, in several dialects and dbt/Jinja. */
export const CORPUS = [
  "BEGIN;\nINSERT INTO s.orders (id, amt) VALUES (1, 'a''b'), ($1, E'x\\'y') ON CONFLICT (id) DO UPDATE SET amt = excluded.amt;\nCOMMIT;",
  'DO $$ DECLARE n int; BEGIN IF n > 0 THEN DELETE FROM t; END IF; END $$;',
  'create or replace function f() returns void language plpgsql as $fn$ begin truncate t; end $fn$;',
  "COPY INTO raw.e FROM @st/dt=2024/ FILE_FORMAT = (TYPE = CSV) FORCE = TRUE; EXECUTE IMMEDIATE $$ BEGIN DELETE FROM t; END; $$;",
  'DECLARE x INT64; BEGIN MERGE ds.t USING ds.s ON t.id = s.id WHEN NOT MATCHED THEN INSERT ROW; END; # done',
  "DELIMITER //\nCREATE PROCEDURE p() BEGIN INSERT IGNORE INTO t VALUES (1); END //\nDELIMITER ;\nREPLACE INTO t SET a = @v;",
  "insert overwrite table db.t partition (dt='x') select `a`, \"b\" from s left join db.t o on o.id = s.id where o.id is null;",
  'select [a b] from [t] where x[1] = 2; insert or ignore into t values (?);',
  "{{ config(materialized='incremental', unique_key=['id']) }}\nselect * from {{ ref('x') }}\n{%- if is_incremental() -%} where ts > (select max(ts) from {{ this }}) {%- endif -%}",
  "/* a /* nested */ c */ update t set a = case when b then 1 else 2 end where c between 1 and 2 -- tail\n;alter table t add column if not exists a int, drop column b;",
];

/** Fragments that open or close quotes, brackets, comments, dollar quotes and Jinja tags, and odd characters. */
export const NOISE = ["'", '"', '`', '[', ']', '(', ')', '{{', '}}', '{%', '%}', '{#', '#}', '$$', '$x$', '/*', '*/', '--', '#', ';', '\n', 'BEGIN', 'END', 'CASE', '\\', '\u0000', '\uD800', 'é', ' '];

/** Noise for TypeScript: unbalanced template literals, regexes, JSX, generics, decorators and comments. */
export const TS_NOISE = ['`', '${', '}', '/', '/*', '*/', '//', '<', '>', '</', '@', '=>', 'await ', 'async ', '(', ')', '{', '[', "'", '"', '\n', ';', '\\', '\u0000', '\uD800', '#!', 'sql`', '?.', '...'];

/** Short TypeScript pipeline snippets: consumers, handlers, loops with awaits, embedded SQL. */
export const TS_SNIPPETS = [
  "import { Kafka } from 'kafkajs';\nconst consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });\nawait consumer.run({ eachMessage: async ({ message }) => { try { await save(message); } catch { } } });",
  "export const handler = async (event: SQSEvent) => { for (const record of event.Records) { await db.query(`INSERT INTO t VALUES (${record.body})`); } };",
  "const rows = await pool.query(sql`SELECT * FROM orders WHERE ts > now() - interval '1 day'`);\nfor (const r of rows) await fetch('https://x', { method: 'POST', body: JSON.stringify(r) });",
  "setInterval(async () => { const batch = await queue.receive(); buffer.push(...batch); }, 10);",
  "class Job { @Cron('* * * * *') async run(): Promise<void> { await this.repo.query('DELETE FROM t; INSERT INTO t SELECT * FROM s'); } }",
];

const REPO = path.resolve(__dirname, '..', '..', '..');

function filesUnder(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const file of filesUnder(full, ext)) out.push(file);
    else if (entry.name.endsWith(ext)) out.push(full);
  }
  return out;
}

let seeds: { sql: string[]; ts: string[] } | null = null;

/** The statements above plus the repository's SQL and TypeScript corpus files: seeds for mutation. */
export function seedInputs(): { sql: string[]; ts: string[] } {
  seeds ??= {
    sql: [...CORPUS, ...filesUnder(path.join(REPO, 'test/fixtures/corpus'), '.sql').map((f) => fs.readFileSync(f, 'utf8'))],
    ts: [...TS_SNIPPETS, ...filesUnder(path.join(REPO, 'test/fixtures/ts-corpus'), '.ts').map((f) => fs.readFileSync(f, 'utf8'))],
  };
  return seeds;
}
