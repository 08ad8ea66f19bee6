import * as assert from 'node:assert/strict';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import type {
  AlterTableStatement,
  CopyStatement,
  CreateStatement,
  DeleteStatement,
  Dialect,
  DropStatement,
  InsertStatement,
  MergeStatement,
  Statement,
  TruncateStatement,
  UpdateStatement,
} from '@pipelint/engine/internal/sql/model.js';
import type { Span } from '@pipelint/engine/internal/core/types.js';

function first<T extends Statement>(text: string, dialect: Dialect = 'ansi'): { s: T; at: (span: Span | null | undefined) => string } {
  const doc = parseSql(text, { dialect });
  return { s: doc.statements[0] as T, at: (span) => (span ? text.slice(span.start, span.end) : '') };
}

describe('SQL clause model', () => {
  describe('INSERT', () => {
    it('reads the target, the column list and VALUES rows with spans', () => {
      const { s, at } = first<InsertStatement>('INSERT INTO Analytics."Daily" (id, "Amount") VALUES (1, 2), (3, 4);');
      assert.deepEqual([s.target?.name, s.target?.baseName, at(s.target?.span)], ['analytics.Daily', 'Daily', 'Analytics."Daily"']);
      assert.deepEqual(s.columns.map((c) => [c.name, at(c.span)]), [['id', 'id'], ['Amount', '"Amount"']]);
      assert.equal(s.source.kind, 'values');
      assert.deepEqual(s.source.rows.map((r) => at(r.span)), ['(1, 2)', '(3, 4)']);
      assert.equal(at(s.keywordSpan), 'INSERT INTO');
      assert.deepEqual(s.guards, []);
    });

    it('reads INSERT ... SELECT as a query source', () => {
      const { s, at } = first<InsertStatement>('insert into t select a from s where b > 1');
      assert.deepEqual([s.source.kind, at(s.source.span)], ['query', 'select a from s where b > 1']);
    });

    it('reads ON CONFLICT columns, action and SET items', () => {
      const { s, at } = first<InsertStatement>('insert into t (id, v) values (1, 2) on conflict (id) do update set v = excluded.v, at = now() returning id', 'postgres');
      assert.deepEqual(s.guards, ['on-conflict']);
      assert.deepEqual(s.onConflict?.columns, ['id']);
      assert.equal(s.onConflict?.action, 'update');
      assert.deepEqual(s.onConflict?.setItems.map((i) => [i.column, at(i.columnSpan), at(i.value.span)]), [['v', 'v', 'excluded.v'], ['at', 'at', 'now()']]);
      assert.equal(at(s.onConflict?.span), 'on conflict (id) do update set v = excluded.v, at = now()');
      assert.equal(at(s.source.span), 'values (1, 2)');
    });

    it('reads ON CONFLICT DO NOTHING without a conflict target', () => {
      const { s } = first<InsertStatement>('insert into t values (1) on conflict do nothing', 'sqlite');
      assert.deepEqual([s.onConflict?.columns, s.onConflict?.action], [[], 'nothing']);
    });

    it('reads MySQL ON DUPLICATE KEY UPDATE', () => {
      const { s } = first<InsertStatement>('insert into t (id, n) values (1, 1) on duplicate key update n = n + 1', 'mysql');
      assert.deepEqual(s.guards, ['on-duplicate-key']);
      assert.deepEqual(s.onDuplicateKey?.setItems.map((i) => i.column), ['n']);
    });

    it('reads the ignore forms of MySQL and SQLite as insert-ignore', () => {
      assert.deepEqual(first<InsertStatement>('insert ignore into t values (1)', 'mysql').s.guards, ['insert-ignore']);
      assert.deepEqual(first<InsertStatement>('insert or ignore into t values (1)', 'sqlite').s.guards, ['insert-ignore']);
      assert.deepEqual(first<InsertStatement>('insert or replace into t values (1)', 'sqlite').s.guards, ['insert-ignore']);
      const replace = first<InsertStatement>('replace into t values (1)', 'mysql');
      assert.deepEqual([replace.s.kind, replace.s.guards, replace.s.target?.name, replace.at(replace.s.keywordSpan)], ['insert', ['insert-ignore'], 't', 'replace into']);
    });

    it('reads INSERT OVERWRITE in Spark and Snowflake', () => {
      const spark = first<InsertStatement>("insert overwrite table db.t partition (dt = '2024-01-01') select * from s", 'spark');
      assert.deepEqual([spark.s.guards, spark.s.target?.name, spark.s.source.kind], [['overwrite'], 'db.t', 'query']);
      assert.deepEqual(first<InsertStatement>('insert overwrite into t select 1', 'snowflake').s.guards, ['overwrite']);
    });

    it('reads Databricks INSERT INTO ... REPLACE WHERE as an overwrite with a query source', () => {
      const { s, at } = first<InsertStatement>("insert into gold.w replace where wk = DATE'2024-06-03' select wk, 1 from s", 'spark');
      assert.deepEqual([s.guards, s.source.kind, at(s.source.span)], [['overwrite'], 'query', 'select wk, 1 from s']);
    });

    it('recognises WHERE NOT EXISTS against the target as a guard', () => {
      const { s } = first<InsertStatement>('insert into sales.t select * from s where not exists (select 1 from t x where x.id = s.id)');
      assert.deepEqual(s.guards, ['not-exists']);
    });

    it('does not count NOT EXISTS against another table as a guard', () => {
      assert.deepEqual(first<InsertStatement>('insert into t select * from s where not exists (select 1 from u where u.id = s.id)').s.guards, []);
    });

    it('recognises a LEFT JOIN anti-join on the target', () => {
      const { s } = first<InsertStatement>('insert into t select s.* from s left join t as old on old.id = s.id where old.id is null');
      assert.deepEqual(s.guards, ['anti-join']);
    });

    it('does not count a LEFT JOIN without an IS NULL test as an anti-join', () => {
      assert.deepEqual(first<InsertStatement>('insert into t select s.* from s left join t old on old.id = s.id where old.id is not null').s.guards, []);
    });

    it('recognises NOT IN (SELECT ... FROM target) and EXCEPT SELECT ... FROM target', () => {
      assert.deepEqual(first<InsertStatement>('insert into t select * from s where id not in (select id from t)').s.guards, ['anti-join']);
      assert.deepEqual(first<InsertStatement>('insert into t select * from s except select * from t').s.guards, ['anti-join']);
    });

    it('matches a templated {{ this }} target in a NOT EXISTS guard', () => {
      const { s } = first<InsertStatement>('insert into {{ this }} select * from s where not exists (select 1 from {{this}} t where t.id = s.id)');
      assert.deepEqual([s.target?.name, s.target?.templated, s.guards], ['{{ this }}', true, ['not-exists']]);
    });

    it('reads a WITH clause before INSERT and keeps the keyword span on INSERT', () => {
      const { s, at } = first<InsertStatement>('with n as (select 1 as id) insert into t select * from n', 'postgres');
      assert.deepEqual([s.kind, s.target?.name, at(s.keywordSpan)], ['insert', 't', 'insert into']);
    });
  });

  describe('UPDATE, DELETE and MERGE', () => {
    it('reads UPDATE SET items, FROM and WHERE', () => {
      const { s, at } = first<UpdateStatement>('update t set a = a + 1, b = case when x then 1 else 2 end from s where t.id = s.id', 'postgres');
      assert.deepEqual(s.setItems.map((i) => [i.column, at(i.value.span)]), [['a', 'a + 1'], ['b', 'case when x then 1 else 2 end']]);
      assert.deepEqual([at(s.from?.span), at(s.where?.span)], ['s', 't.id = s.id']);
    });

    it('reads a qualified SET column by its last part', () => {
      assert.deepEqual(first<UpdateStatement>('update t set t.a = 1', 'mysql').s.setItems.map((i) => i.column), ['a']);
    });

    it('reads DELETE target and WHERE, or no WHERE at all', () => {
      const withWhere = first<DeleteStatement>('delete from stage.events where ds = $1', 'postgres');
      assert.deepEqual([withWhere.s.target?.name, withWhere.at(withWhere.s.where?.span)], ['stage.events', 'ds = $1']);
      assert.equal(first<DeleteStatement>('delete from t').s.where, null);
      assert.equal(first<DeleteStatement>('DELETE ds.t WHERE true', 'bigquery').s.target?.name, 'ds.t');
    });

    it('reads MERGE target, source table, ON condition and every WHEN', () => {
      const { s, at } = first<MergeStatement>(
        'merge into tgt t using src s on t.id = s.id when matched and s.deleted then delete when matched then update set v = s.v when not matched then insert (id, v) values (s.id, s.v) when not matched by source then delete',
        'bigquery',
      );
      assert.deepEqual([s.target?.name, s.sourceTable?.name, at(s.on?.span)], ['tgt', 'src', 't.id = s.id']);
      assert.deepEqual(
        s.whens.map((w) => [w.matched, w.bySource, w.action, at(w.condition?.span), w.setItems.map((i) => i.column), w.insertColumns, at(w.insertValues?.span)]),
        [
          [true, false, 'delete', 's.deleted', [], [], ''],
          [true, false, 'update', '', ['v'], [], ''],
          [false, false, 'insert', '', [], ['id', 'v'], '(s.id, s.v)'],
          [false, true, 'delete', '', [], [], ''],
        ],
      );
      assert.deepEqual(s.calls, []);
    });

    it('reads a MERGE whose source is a subquery', () => {
      const { s, at } = first<MergeStatement>('merge into t using (select * from s) as x on t.id = x.id when not matched then insert values (x.id)', 'snowflake');
      assert.deepEqual([s.sourceTable, at(s.source?.span), s.whens[0].action], [null, '(select * from s)', 'insert']);
    });
  });

  describe('DDL', () => {
    it('reads CREATE TABLE IF NOT EXISTS, OR REPLACE and TEMP', () => {
      const a = first<CreateStatement>('create table if not exists s.t (id int)').s;
      assert.deepEqual([a.objectType, a.name?.name, a.ifNotExists, a.orReplace, a.temporary], ['table', 's.t', true, false, false]);
      const b = first<CreateStatement>('create or replace temporary table t as select 1', 'snowflake');
      assert.deepEqual([b.s.orReplace, b.s.temporary, b.at(b.s.asQuery?.span), b.at(b.s.keywordSpan)], [true, true, 'select 1', 'create or replace temporary table']);
    });

    it('reads PARTITION BY and CLUSTER BY of a BigQuery table', () => {
      const { s, at } = first<CreateStatement>('create table ds.t partition by date(ts) cluster by a, b options (x = 1) as select 1', 'bigquery');
      assert.equal(at(s.partitionBy?.span), 'date(ts)');
      const cluster = first<CreateStatement>('create table t cluster by (a) as select 1', 'snowflake');
      assert.equal(cluster.at(cluster.s.partitionBy?.span), '(a)');
      const spark = first<CreateStatement>('create table t using delta partitioned by (dt) as select 1', 'spark');
      assert.equal(spark.at(spark.s.partitionBy?.span), '(dt)');
    });

    it('reads materialized views, indexes and schemas', () => {
      assert.equal(first<CreateStatement>('create materialized view if not exists v as select 1', 'postgres').s.objectType, 'materialized view');
      const index = first<CreateStatement>('create unique index concurrently if not exists i on t (a)', 'postgres').s;
      assert.deepEqual([index.objectType, index.name?.name, index.ifNotExists], ['index', 'i', true]);
      assert.deepEqual(first<CreateStatement>('create schema if not exists s').s.ifNotExists, true);
    });

    it('reads DROP with IF EXISTS and several names', () => {
      const { s } = first<DropStatement>('drop table if exists a.b, c cascade');
      assert.deepEqual([s.objectType, s.ifExists, s.names.map((n) => n.name)], ['table', true, ['a.b', 'c']]);
      assert.equal(first<DropStatement>('drop view v').s.ifExists, false);
    });

    it('reads ALTER TABLE actions', () => {
      const { s } = first<AlterTableStatement>('alter table if exists t add column if not exists a int, drop column b, rename column c to d, add constraint k unique (a)', 'postgres');
      assert.equal(s.ifExists, true);
      assert.deepEqual(
        s.actions.map((a) => [a.kind, a.column, a.ifNotExists, a.ifExists]),
        [['add-column', 'a', true, false], ['drop-column', 'b', false, false], ['rename', 'c', false, false], ['other', null, false, false]],
      );
    });

    it('reads TRUNCATE targets', () => {
      const { s, at } = first<TruncateStatement>('truncate table a, s.b restart identity', 'postgres');
      assert.deepEqual([s.targets.map((t) => t.name), at(s.keywordSpan)], [['a', 's.b'], 'truncate table']);
    });
  });

  describe('COPY', () => {
    it('reads Snowflake COPY INTO from a stage with options', () => {
      const { s, at } = first<CopyStatement>("COPY INTO raw.events FROM @stage/events/ FILE_FORMAT = (TYPE = CSV) FORCE = TRUE ON_ERROR = 'continue'", 'snowflake');
      assert.deepEqual([s.target?.name, s.direction], ['raw.events', 'load']);
      assert.deepEqual(s.options.map((o) => [o.name, o.value, at(o.span)]), [
        ['FILE_FORMAT', '(TYPE = CSV)', 'FILE_FORMAT = (TYPE = CSV)'],
        ['FORCE', 'TRUE', 'FORCE = TRUE'],
        ['ON_ERROR', 'CONTINUE', "ON_ERROR = 'continue'"],
      ]);
    });

    it('reads a Snowflake unload to a stage', () => {
      const { s } = first<CopyStatement>('copy into @out/x/ from (select * from t) overwrite = true', 'snowflake');
      assert.deepEqual([s.target, s.direction, s.options.map((o) => o.name)], [null, 'unload', ['OVERWRITE']]);
    });

    it('reads Postgres COPY options in parentheses', () => {
      const { s } = first<CopyStatement>("copy t (a, b) from '/tmp/x.csv' with (format csv, header)", 'postgres');
      assert.deepEqual([s.target?.name, s.direction, s.options.map((o) => `${o.name}=${o.value}`)], ['t', 'load', ['FORMAT=CSV', 'HEADER=TRUE']]);
      assert.equal(first<CopyStatement>('copy (select 1) to stdout', 'postgres').s.direction, 'unload');
    });

    it('reads Databricks COPY INTO options inside COPY_OPTIONS (...)', () => {
      const { s } = first<CopyStatement>("COPY INTO db.t FROM 's3://b/p' FILEFORMAT = CSV COPY_OPTIONS ('force' = 'true', 'mergeSchema' = 'true')", 'spark');
      assert.deepEqual([s.target?.name, s.direction, s.options.map((o) => `${o.name}=${o.value}`)], ['db.t', 'load', ['FILEFORMAT=CSV', 'FORCE=TRUE', 'MERGESCHEMA=TRUE']]);
    });

    it('reads Redshift COPY options written as words', () => {
      const { s } = first<CopyStatement>("copy t from 's3://b/k' iam_role 'arn:x' format as csv ignoreheader 1 gzip", 'redshift');
      assert.deepEqual(s.options.map((o) => `${o.name}=${o.value}`), ['IAM_ROLE=ARN:X', 'FORMAT=CSV', 'IGNOREHEADER=1', 'GZIP=TRUE']);
    });
  });

  describe('function calls', () => {
    it('finds every call at any depth, with qualified lower-cased names and arguments', () => {
      const { s, at } = first<Statement>('select coalesce(max(a), 0), PG_CATALOG.NOW(), x.y from t where d > current_date - interval \'1 day\'', 'postgres');
      assert.deepEqual(
        s.calls.map((c) => [c.name, at(c.nameSpan), at(c.span), c.args.map((a) => at(a.span)), c.niladic]),
        [
          ['coalesce', 'coalesce', 'coalesce(max(a), 0)', ['max(a)', '0'], false],
          ['max', 'max', 'max(a)', ['a'], false],
          ['pg_catalog.now', 'PG_CATALOG.NOW', 'PG_CATALOG.NOW()', [], false],
          ['current_date', 'current_date', 'current_date', [], true],
        ],
      );
    });

    it('reads niladic SYSDATE, LOCALTIMESTAMP and CURRENT_TIMESTAMP, and GETDATE() as a call', () => {
      const names = first<Statement>('select sysdate, localtimestamp, current_timestamp, getdate(), current_timestamp()').s.calls.map((c) => `${c.name}${c.niladic ? '*' : ''}`);
      assert.deepEqual(names, ['sysdate*', 'localtimestamp*', 'current_timestamp*', 'getdate', 'current_timestamp']);
    });

    it('does not count table names, keywords and types followed by parentheses as calls', () => {
      const doc = parseSql('insert into t (a) select a from s where a in (1) and exists (select 1); create table u (a varchar(10), b decimal(1, 2))', {});
      assert.deepEqual(doc.statements.map((s) => s.calls.map((c) => c.name)), [[], []]);
    });

    it('finds calls inside Jinja expressions with their arguments', () => {
      const { s, at } = first<Statement>("select * from {{ ref('orders', v=2) }}");
      assert.deepEqual(s.calls.map((c) => [c.name, at(c.span), c.args.map((a) => at(a.span))]), [['ref', "ref('orders', v=2)", ["'orders'", 'v=2']]]);
    });
  });

  describe('table names', () => {
    it('normalizes quoted, backtick and templated names', () => {
      const doc = parseSql('delete from `proj.ds.T`; delete from {{ params.s }}.orders_{{ ds_nodash }}; delete from "S".T', { dialect: 'ansi' });
      const refs = doc.statements.map((s) => (s as DeleteStatement).target);
      assert.deepEqual(refs.map((r) => [r?.name, r?.baseName, r?.templated]), [
        ['proj.ds.T', 'T', false],
        ['{{ params.s }}.orders_{{ ds_nodash }}', 'orders_{{ ds_nodash }}', true],
        ['S.t', 't', false],
      ]);
    });
  });
});
