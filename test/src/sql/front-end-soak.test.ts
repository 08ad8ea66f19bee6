import * as assert from 'node:assert/strict';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import type { BlockStatement, CreateStatement, Dialect, DropStatement, SqlDocument } from '@pipelint/engine/internal/sql/model.js';

// Front-end gaps found on real code (soak corpus, issue 9): each case pairs the construct with its look-alike.

function parse(text: string, dialect: Dialect = 'ansi'): SqlDocument {
  return parseSql(text, { dialect });
}

function texts(doc: SqlDocument): string[] {
  return doc.statements.map((s) => doc.text.slice(s.span.start, s.span.end));
}

function problems(doc: SqlDocument): string[] {
  return doc.problems.map((p) => `${doc.text.slice(0, p.span.start).split('\n').length}: ${p.message}`);
}

describe('SQL front end on real-code constructs', () => {
  describe('PL/pgSQL CASE statements', () => {
    const body = [
      'CREATE OR REPLACE FUNCTION pick_order(col text) RETURNS text AS $$',
      'DECLARE',
      '  chosen text;',
      'BEGIN',
      '  CASE',
      "    WHEN col = 'day' THEN chosen := 'order_day';",
      "    ELSE chosen := 'order_id';",
      '  END CASE;',
      '  CASE col WHEN \'x\' THEN chosen := \'x\'; END CASE;',
      "  RETURN CASE WHEN chosen IS NULL THEN 'none' ELSE chosen END;",
      'END;',
      '$$ LANGUAGE plpgsql;',
    ].join('\n');

    it('closes the BEGIN block at its END, not at END CASE', () => {
      const doc = parse(body, 'postgres');
      assert.deepEqual(problems(doc), []);
      const block = doc.statements[0] as BlockStatement;
      assert.equal(block.kind, 'block');
      assert.deepEqual(block.children.map((c) => doc.text.slice(c.span.start, c.span.end)), [
        "chosen := 'order_day'",
        "chosen := 'order_id'",
        "chosen := 'x'",
        "RETURN CASE WHEN chosen IS NULL THEN 'none' ELSE chosen END",
      ]);
    });

    it('still reports a BEGIN block that really is never closed', () => {
      const doc = parse(body.replace('END;\n$$', () => '$$'), 'postgres');
      assert.deepEqual(problems(doc), ['4: This BEGIN block is never closed with END']);
    });
  });

  describe('SnowSQL PUT with an unquoted file URI', () => {
    it('reads the /* of a local path glob as part of the path', () => {
      const doc = parse('PUT file:///data/batch1/* @landing/batch1;\nPUT file:///data/batch2/*.csv @landing/batch2;\nLIST @landing;', 'snowflake');
      assert.deepEqual(problems(doc), []);
      assert.deepEqual(texts(doc), ['PUT file:///data/batch1/* @landing/batch1', 'PUT file:///data/batch2/*.csv @landing/batch2', 'LIST @landing']);
    });

    it('still opens a block comment after a word that is not a file URI', () => {
      const doc = parse('SELECT 1 /* never closed\nFROM t;', 'snowflake');
      assert.deepEqual(problems(doc), ['1: Unterminated block comment']);
    });
  });

  describe('names written db..name', () => {
    it('keeps every part of a name in the default schema of a database', () => {
      const doc = parse('INSERT INTO sales..store_sales SELECT * FROM raw..orders;', 'snowflake');
      const insert = doc.statements[0];
      assert.equal(insert.kind, 'insert');
      assert.deepEqual(insert.kind === 'insert' && insert.target && { name: insert.target.name, base: insert.target.baseName }, { name: 'sales..store_sales', base: 'store_sales' });
    });

    it('reads db.schema.name as before', () => {
      const doc = parse('INSERT INTO sales.public.store_sales SELECT 1;', 'snowflake');
      const insert = doc.statements[0];
      assert.deepEqual(insert.kind === 'insert' && insert.target && { name: insert.target.name, base: insert.target.baseName }, { name: 'sales.public.store_sales', base: 'store_sales' });
    });
  });

  describe('Snowflake object kinds', () => {
    it('reads FILE FORMAT, integrations, pipes and alerts as their own kinds', () => {
      const doc = parse(
        [
          'CREATE FILE FORMAT csv_pipe TYPE = CSV;',
          'CREATE OR REPLACE STORAGE INTEGRATION s3_raw TYPE = EXTERNAL_STAGE;',
          'CREATE PIPE raw.events_pipe AS COPY INTO raw.events FROM @raw.landing;',
          'DROP FILE FORMAT IF EXISTS csv_pipe;',
        ].join('\n'),
        'snowflake',
      );
      const kinds = doc.statements.map((s) => (s.kind === 'create' || s.kind === 'drop' ? `${s.kind} ${s.objectType} ${(s as CreateStatement).name?.name ?? (s as DropStatement).names?.[0]?.name}` : s.kind));
      assert.deepEqual(kinds, ['create file format csv_pipe', 'create integration s3_raw', 'create pipe raw.events_pipe', 'drop file format csv_pipe']);
      assert.equal((doc.statements[1] as CreateStatement).orReplace, true);
    });

    it('gives procedure and task blocks the CREATE that defines them', () => {
      const doc = parse(
        [
          "CREATE TASK raw.refresh_events WAREHOUSE = etl SCHEDULE = '60 MINUTE' AS CALL raw.load_events();",
          "CREATE OR REPLACE PROCEDURE raw.load_events() RETURNS varchar LANGUAGE SQL AS $$ BEGIN DELETE FROM raw.events; RETURN 'ok'; END $$;",
          'BEGIN DELETE FROM raw.events; END;',
        ].join('\n'),
        'snowflake',
      );
      const blocks = doc.statements.filter((s): s is BlockStatement => s.kind === 'block');
      assert.deepEqual(
        blocks.map((b) => (b.definition ? `${b.blockType} ${b.definition.objectType} ${b.definition.name?.name} replace=${b.definition.orReplace}` : `${b.blockType} -`)),
        ['task task raw.refresh_events replace=false', 'procedure procedure raw.load_events replace=true', 'script -'],
      );
    });
  });

  describe('script comments and variables', () => {
    it('reads // as a line comment in Snowflake', () => {
      const doc = parse('// load the day\nCREATE OR REPLACE STREAM raw.orders_changes ON TABLE raw.orders;\nSELECT 6 / 2; // trailing', 'snowflake');
      assert.deepEqual(doc.statements.map((s) => s.kind), ['create', 'select']);
      assert.deepEqual(doc.comments.map((c) => c.text), ['// load the day', '// trailing']);
    });

    it('keeps // an operator pair elsewhere', () => {
      const doc = parse('// x\nSELECT 1;', 'postgres');
      assert.deepEqual(doc.comments, []);
    });

    it('keeps a ${VAR} placeholder inside the name it is part of', () => {
      const doc = parse('DROP TABLE staging.facts_${YEAR};\nDROP TABLE ${SCHEMA}.facts;', 'postgres');
      assert.deepEqual(doc.statements.map((s) => (s.kind === 'drop' ? s.names.map((n) => n.name) : [])), [['staging.facts_${year}'], ['${schema}.facts']]);
    });
  });

  describe('statements that no ; ends', () => {
    it('starts a new statement at a DDL verb that begins a line, and says the ; is missing', () => {
      const doc = parse('TRUNCATE TABLE raw.visits\n\n-- reload\nCREATE OR REPLACE STAGE raw.landing URL = \'s3://bucket/visits/\';\nSELECT 1;', 'snowflake');
      assert.deepEqual(texts(doc), ['TRUNCATE TABLE raw.visits', "CREATE OR REPLACE STAGE raw.landing URL = 's3://bucket/visits/'", 'SELECT 1']);
      assert.deepEqual(problems(doc), ['1: No `;` ends this statement before the CREATE on a later line: a script runner reads the two as one statement']);
    });

    it('splits a file that never uses ; without calling it a mistake', () => {
      const doc = parse('CREATE TABLE a (id int)\nDROP TABLE b\nALTER TABLE a ADD COLUMN note text\nTRUNCATE TABLE a', 'postgres');
      assert.deepEqual(texts(doc), ['CREATE TABLE a (id int)', 'DROP TABLE b', 'ALTER TABLE a ADD COLUMN note text', 'TRUNCATE TABLE a']);
      assert.deepEqual(problems(doc), []);
    });

    it('keeps the line-start words that continue a statement', () => {
      const doc = parse(
        [
          'ALTER TABLE a',
          '  ADD COLUMN note text,',
          'DROP COLUMN legacy;',
          'ALTER TABLE b',
          'DROP COLUMN old_flag;',
          'CREATE TABLE c AS',
          'SELECT * FROM a;',
          'GRANT SELECT, INSERT',
          'ON a TO loader;',
          'CREATE VIEW v AS SELECT (',
          '  1',
          ') AS one;',
          'CREATE SCHEMA s',
          'CREATE TABLE s.t (id int);',
        ].join('\n'),
        'postgres',
      );
      assert.equal(doc.statements.length, 6);
      assert.deepEqual(problems(doc), []);
    });

    it('splits dbt macros without calling the missing ; a mistake', () => {
      const doc = parse(
        ["{% macro backup(t) %}", "  unload ('select 1') to 's3://b/x' parquet", '{% endmacro %}', '{% macro copy(t) %}', '  drop table if exists backups.t;', '  create table backups.t as select 1', '{% endmacro %}'].join('\n'),
        'redshift',
      );
      assert.deepEqual(doc.statements.map((s) => s.kind), ['other', 'drop', 'create']);
      assert.deepEqual(problems(doc), []);
    });

    it('ends a statement at a closing brace or bracket before a DDL line', () => {
      const doc = parse('{\n  "Version": "2012-10-17"\n}\nCREATE STORAGE INTEGRATION s3_raw TYPE = EXTERNAL_STAGE;\nSELECT 1;', 'snowflake');
      assert.deepEqual(doc.statements.map((s) => s.kind), ['other', 'create', 'select']);
      assert.deepEqual(problems(doc), ['1: No `;` ends this statement before the CREATE on a later line: a script runner reads the two as one statement']);
    });

    it('does not split notebook cells into problems', () => {
      const doc = parse('-- Databricks notebook source\nCREATE TABLE a (id int);\n\n-- COMMAND ----------\n\nDROP TABLE b\n\n-- COMMAND ----------\n\nCREATE TABLE c (id int)', 'spark');
      assert.deepEqual(texts(doc), ['CREATE TABLE a (id int)', 'DROP TABLE b', 'CREATE TABLE c (id int)']);
      assert.deepEqual(problems(doc), []);
    });
  });
});
