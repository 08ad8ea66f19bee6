import * as assert from 'node:assert/strict';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import type { CreateStatement, Dialect, SqlDocument, Statement } from '@pipelint/engine/internal/sql/model.js';

function parse(text: string, dialect: Dialect = 'ansi', assumeInTransaction = false): SqlDocument {
  return parseSql(text, { dialect, assumeInTransaction });
}

function texts(doc: SqlDocument): string[] {
  return doc.statements.map((s) => doc.text.slice(s.span.start, s.span.end));
}

function kinds(doc: SqlDocument): string[] {
  return doc.statements.map((s) => (s.kind === 'other' ? `other ${s.verb}` : s.kind === 'block' ? `block ${s.blockType}` : s.kind));
}

function parents(doc: SqlDocument): (number | null)[] {
  return doc.statements.map((s) => (s.parent ? s.parent.index : null));
}

function transactionIds(doc: SqlDocument): (number | null)[] {
  return doc.statements.map((s: Statement) => (s.transaction ? s.transaction.id : null));
}

describe('SQL statement splitting', () => {
  it('splits on top-level semicolons and excludes the semicolon from each span', () => {
    const doc = parse("select 1; insert into t values ('a;b');\n-- c;\nselect 2");
    assert.deepEqual(texts(doc), ['select 1', "insert into t values ('a;b')", 'select 2']);
  });

  it('skips empty statements', () => {
    assert.deepEqual(texts(parse(';; select 1 ;;')), ['select 1']);
  });

  it('starts a statement span at its first significant token, after comments', () => {
    const doc = parse('-- load\n/* x */ DELETE FROM t;');
    assert.deepEqual(doc.statements[0].span, { start: 16, end: 29 });
    assert.deepEqual(doc.statements[0].keywordSpan, { start: 16, end: 27 });
  });

  it('does not split inside a Postgres dollar-quoted body', () => {
    assert.deepEqual(kinds(parse('create function f() returns int as $$ select 1; select 2; $$ language sql; select 3;', 'postgres')), ['block function', 'select', 'select', 'select']);
  });

  it('does not split inside a Jinja tag', () => {
    assert.deepEqual(texts(parse("{% set x = 'a;b' %}select 1; select 2")), ['select 1', 'select 2']);
  });

  it('treats BEGIN; and BEGIN TRANSACTION; as transaction statements', () => {
    for (const dialect of ['postgres', 'snowflake', 'bigquery', 'mysql', 'redshift', 'sqlite', 'ansi'] as Dialect[]) {
      assert.deepEqual(kinds(parse('BEGIN; insert into t values (1); COMMIT;', dialect)), ['begin', 'insert', 'commit'], dialect);
      assert.deepEqual(kinds(parse('BEGIN TRANSACTION; delete from t; ROLLBACK;', dialect)), ['begin', 'delete', 'rollback'], dialect);
    }
    assert.deepEqual(kinds(parse('START TRANSACTION; delete from t; COMMIT WORK;', 'mysql')), ['begin', 'delete', 'commit']);
    assert.deepEqual(kinds(parse('BEGIN WORK; delete from t; END;', 'postgres')), ['begin', 'delete', 'commit']);
  });

  it('reads a BigQuery scripting BEGIN ... END as one block with its statements as children', () => {
    const doc = parse('BEGIN\n  DELETE FROM ds.t WHERE true;\n  INSERT INTO ds.t SELECT 1;\nEND;\nSELECT 2;', 'bigquery');
    assert.deepEqual(kinds(doc), ['block script', 'delete', 'insert', 'select']);
    assert.deepEqual(parents(doc), [null, 0, 0, null]);
    assert.deepEqual(texts(doc)[0], 'BEGIN\n  DELETE FROM ds.t WHERE true;\n  INSERT INTO ds.t SELECT 1;\nEND');
    assert.deepEqual((doc.statements[0] as { children: Statement[] }).children.map((s) => s.index), [1, 2]);
  });

  it('sees through IF ... THEN, loops and END IF inside scripting blocks', () => {
    const doc = parse('BEGIN\n IF x > 0 THEN\n  DELETE FROM t;\n ELSE\n  UPDATE t SET a = 1;\n END IF;\n WHILE n < 3 DO\n  INSERT INTO t VALUES (n);\n END WHILE;\nEND;', 'bigquery');
    assert.deepEqual(kinds(doc), ['block script', 'delete', 'update', 'insert']);
  });

  it('reads a Snowflake DECLARE ... BEGIN ... END script as one block', () => {
    const doc = parse('DECLARE\n  n INTEGER;\nBEGIN\n  n := 1;\n  MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE;\nEND;', 'snowflake');
    assert.deepEqual(kinds(doc), ['block script', 'other N', 'merge']);
  });

  it('parses EXECUTE IMMEDIATE $$ ... $$ bodies as children with exact offsets', () => {
    const text = 'EXECUTE IMMEDIATE $$\nBEGIN\n  TRUNCATE TABLE t;\nEND;\n$$;';
    const doc = parse(text, 'snowflake');
    assert.deepEqual(kinds(doc), ['block script', 'truncate']);
    assert.equal(text.slice(doc.statements[1].span.start, doc.statements[1].span.end), 'TRUNCATE TABLE t');
  });

  it('parses a Postgres DO block body, unwrapping DECLARE and BEGIN ... END', () => {
    const text = 'DO $$\nDECLARE n int := 0;\nBEGIN\n  INSERT INTO log VALUES (now());\n  IF n > 0 THEN\n    DELETE FROM t;\n  END IF;\nEND\n$$;';
    const doc = parse(text, 'postgres');
    assert.deepEqual(kinds(doc), ['block do', 'insert', 'delete']);
    assert.deepEqual(texts(doc).slice(1), ['INSERT INTO log VALUES (now())', 'DELETE FROM t']);
    assert.deepEqual(doc.statements[1].calls.map((c) => [c.name, text.slice(c.span.start, c.span.end)]), [['now', 'now()']]);
  });

  it('does not parse bodies written in JavaScript or Python', () => {
    const doc = parse("create procedure p() returns string language javascript as $$ var x = 1; return 'a'; $$;", 'snowflake');
    assert.deepEqual(kinds(doc), ['create']);
  });

  it('reads MySQL procedures between DELIMITER lines', () => {
    const doc = parse('DELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  INSERT INTO t VALUES (1);\n  UPDATE t SET a = 2;\nEND //\nDELIMITER ;\nINSERT INTO t VALUES (3);', 'mysql');
    assert.deepEqual(kinds(doc), ['other DELIMITER', 'block procedure', 'insert', 'update', 'other DELIMITER', 'insert']);
    assert.deepEqual(parents(doc), [null, null, 1, 1, null, null]);
  });

  it('reads a MySQL procedure without DELIMITER lines by tracking BEGIN ... END', () => {
    const doc = parse('CREATE PROCEDURE p() BEGIN INSERT INTO t VALUES (1); DELETE FROM u; END; SELECT 1;', 'mysql');
    assert.deepEqual(kinds(doc), ['block procedure', 'insert', 'delete', 'select']);
  });

  it('reads a SQLite trigger body as a block', () => {
    const doc = parse('CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.id); END; SELECT 1;', 'sqlite');
    assert.deepEqual(kinds(doc), ['block trigger', 'insert', 'select']);
  });

  it('does not mistake a column named begin or end for a block', () => {
    assert.deepEqual(kinds(parse('select begin, end from ranges; select r.begin from r;', 'bigquery')), ['select', 'select']);
  });

  it('recovers from a BEGIN block that is never closed, still seeing the statements after it', () => {
    const doc = parse('BEGIN\n  INSERT INTO t VALUES (1);\nSELECT 2;', 'bigquery');
    assert.deepEqual(kinds(doc), ['block script', 'insert', 'select']);
    assert.deepEqual(doc.problems, [{ message: 'This BEGIN block is never closed with END', span: { start: 0, end: 5 } }]);
  });

  it('reads END as COMMIT at the top level of a Postgres script but not END IF', () => {
    assert.deepEqual(kinds(parse('begin; delete from t; end;', 'postgres')), ['begin', 'delete', 'commit']);
  });

  it('ends a psql meta-command statement at the end of its line', () => {
    const doc = parse("\\set ON_ERROR_STOP on\nBEGIN;\nDELETE FROM t WHERE d = :'day';\nCOMMIT;", 'postgres');
    assert.deepEqual(kinds(doc), ['other \\SET', 'begin', 'delete', 'commit']);
    assert.deepEqual(transactionIds(doc), [null, 0, 0, 0]);
  });

  it('parses the statement of a Snowflake CREATE TASK as its child, run later and outside any transaction', () => {
    const doc = parse("BEGIN;\nCREATE TASK t WAREHOUSE = wh SCHEDULE = '5 MINUTE' AS\nMERGE INTO a USING b ON a.id = b.id WHEN MATCHED THEN DELETE;\nCOMMIT;", 'snowflake');
    assert.deepEqual(kinds(doc), ['begin', 'block task', 'merge', 'commit']);
    assert.deepEqual(transactionIds(doc), [0, 0, null, 0]);
  });

  it('classifies ROLLBACK TO SAVEPOINT as another statement, not a rollback', () => {
    assert.deepEqual(kinds(parse('BEGIN; SAVEPOINT a; ROLLBACK TO SAVEPOINT a; COMMIT;', 'postgres')), ['begin', 'other SAVEPOINT', 'other ROLLBACK TO', 'commit']);
    assert.deepEqual(kinds(parse('ROLLBACK WORK TO SAVEPOINT a;', 'mysql')), ['other ROLLBACK TO']);
  });

  it('keeps the semicolon-separated actions of a CREATE RULE in one statement', () => {
    const doc = parse('CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 3;', 'postgres');
    assert.deepEqual(texts(doc), ['CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))', 'SELECT 3']);
    assert.deepEqual(kinds(doc), ['create', 'select']);
    assert.deepEqual(doc.statements[0].span, { start: 0, end: 92 });
    assert.deepEqual(doc.problems, []);
  });

  it('keeps a CREATE OR REPLACE RULE action list with comments, a WHERE and an empty action whole', () => {
    const sql = 'create or replace rule r as on update to t where new.a > 0 do instead ( -- log it;\n  update a set n = n + 1;\n  notify t;\n  ;\n);\nselect 1';
    assert.deepEqual(texts(parse(sql, 'ansi')), [sql.slice(0, sql.indexOf(');') + 1), 'select 1']);
  });

  it('ends a half-typed statement at its semicolon even though a parenthesis is still open', () => {
    const doc = parse('INSERT INTO t VALUES (1;\nSELECT 2;', 'postgres');
    assert.deepEqual(texts(doc), ['INSERT INTO t VALUES (1', 'SELECT 2']);
    assert.deepEqual(kinds(doc), ['insert', 'select']);
  });

  it('does not let a half-typed CREATE RULE action list swallow the statements after it', () => {
    const unclosed = 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1);\nCREATE TABLE x (a int);\nSELECT 2);';
    assert.deepEqual(texts(parse(unclosed, 'postgres')), ['CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1)', 'CREATE TABLE x (a int)', 'SELECT 2)']);
    const inner = 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1;\nSELECT 2);';
    assert.deepEqual(texts(parse(inner, 'postgres')), ['CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1', 'SELECT 2)']);
    const atEnd = 'CREATE RULE r AS ON INSERT TO t DO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2);';
    assert.deepEqual(texts(parse(atEnd, 'postgres')), ['CREATE RULE r AS ON INSERT TO t DO (INSERT INTO a VALUES (1)', 'INSERT INTO b VALUES (2)']);
  });

  it('splits at the semicolons of an ON CONFLICT DO, which is not a rule', () => {
    assert.deepEqual(kinds(parse('INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING; SELECT 1;', 'postgres')), ['insert', 'select']);
  });
});

describe('SQL SELECT INTO', () => {
  function created(sql: string, dialect: Dialect): CreateStatement {
    const statement = parse(sql, dialect).statements[0];
    assert.equal(statement.kind, 'create', `${dialect}: ${sql}`);
    return statement as CreateStatement;
  }

  it('reads a top-level SELECT INTO as the CREATE TABLE AS of its target in postgres, redshift and ansi', () => {
    for (const dialect of ['postgres', 'redshift', 'ansi'] as Dialect[]) {
      const sql = 'SELECT id, total INTO TABLE analytics.daily FROM orders WHERE day = 1';
      const s = created(sql, dialect);
      assert.deepEqual([s.objectType, s.name?.name, s.temporary, s.ifNotExists, s.orReplace], ['table', 'analytics.daily', false, false, false], dialect);
      assert.equal(sql.slice(s.keywordSpan.start, s.keywordSpan.end), 'INTO TABLE');
      assert.deepEqual(s.span, { start: 0, end: sql.length });
      assert.equal(s.asQuery?.tokens.map((t) => t.text).join(' '), 'SELECT id , total FROM orders WHERE day = 1');
    }
  });

  it('marks SELECT INTO TEMP, TEMPORARY and a quoted SQL Server #name as temporary, and UNLOGGED as not', () => {
    assert.equal(created('select 1 into temp x', 'postgres').temporary, true);
    assert.equal(created('with c as (select 1 as n) select n into temporary table tt from c', 'postgres').temporary, true);
    assert.equal(created('SELECT * INTO "#stage" FROM raw', 'ansi').temporary, true);
    const unlogged = created('select a into unlogged u from t', 'postgres');
    assert.deepEqual([unlogged.name?.name, unlogged.temporary], ['u', false]);
  });

  it('keeps SELECT INTO a read where INTO assigns variables or writes a file', () => {
    const cases: [string, Dialect][] = [
      ['SELECT count(*) INTO n FROM t', 'bigquery'],
      ['SELECT count(*) INTO :n FROM t', 'snowflake'],
      ['SELECT count(*) INTO @n FROM t', 'mysql'],
      ['SELECT count(*) INTO n FROM t', 'mysql'],
      ['SELECT count(*) INTO @n FROM t', 'ansi'],
      ['SELECT a, b INTO x, y FROM t', 'ansi'],
      ["SELECT a INTO OUTFILE '/tmp/a' FROM t", 'ansi'],
      // `#` is an operator outside MySQL, so a bare `#stage` is no name the front end can read.
      ['SELECT * INTO #stage FROM raw', 'ansi'],
      ['SELECT a FROM t WHERE a IN (SELECT b INTO x FROM u)', 'postgres'],
    ];
    for (const [sql, dialect] of cases) assert.deepEqual(kinds(parse(sql, dialect)), ['select'], `${dialect}: ${sql}`);
  });

  it('keeps SELECT INTO in a PL/pgSQL body a variable assignment', () => {
    const doc = parse('create function f() returns int language plpgsql as $$ declare n int; begin select count(*) into n from t; return n; end $$;', 'postgres');
    assert.deepEqual(kinds(doc), ['block function', 'select', 'other RETURN']);
  });
});

describe('SQL transactions', () => {
  it('puts the statements between BEGIN and COMMIT in one transaction and the rest in none', () => {
    const doc = parse('delete from a; begin; delete from b; insert into b values (1); commit; delete from c;', 'postgres');
    assert.deepEqual(transactionIds(doc), [null, 0, 0, 0, 0, null]);
    const tx = doc.transactions[0];
    assert.equal(tx.begin, doc.statements[1]);
    assert.equal(tx.end, doc.statements[4]);
    assert.equal(tx.implicit, false);
  });

  it('leaves a transaction open when the file ends inside it', () => {
    const doc = parse('begin; delete from b;', 'postgres');
    assert.deepEqual(transactionIds(doc), [0, 0]);
    assert.equal(doc.transactions[0].end, null);
  });

  it('puts every top-level statement in one implicit transaction when told to assume one', () => {
    const doc = parse('delete from a; insert into a values (1);', 'postgres', true);
    assert.deepEqual(transactionIds(doc), [0, 0]);
    assert.deepEqual([doc.transactions[0].begin, doc.transactions[0].implicit], [null, true]);
  });

  it('honours a pipelint-assume-in-transaction comment, explicit transactions first', () => {
    const doc = parse('-- pipelint-assume-in-transaction\ndelete from a; begin; delete from b; commit; delete from c;', 'postgres');
    assert.deepEqual(transactionIds(doc), [0, 1, 1, 1, 0]);
  });

  it('gives the children of an atomic Postgres function their own implicit transaction', () => {
    const doc = parse('create function f() returns void language plpgsql as $$ begin delete from t; insert into t values (1); end $$;', 'postgres');
    assert.deepEqual(transactionIds(doc), [null, 0, 0]);
    assert.equal(doc.transactions[0].implicit, true);
  });

  it('runs the statements of a BigQuery procedure without a transaction unless it opens one', () => {
    const doc = parse('CREATE PROCEDURE ds.p() BEGIN DELETE FROM t WHERE true; BEGIN TRANSACTION; INSERT INTO t SELECT 1; COMMIT TRANSACTION; END;', 'bigquery');
    assert.deepEqual(kinds(doc), ['block procedure', 'delete', 'begin', 'insert', 'commit']);
    assert.deepEqual(transactionIds(doc), [null, null, 0, 0, 0]);
  });

  it('treats a Postgres procedure that commits as non-atomic', () => {
    const doc = parse('create procedure p() language plpgsql as $$ begin delete from t; commit; end $$;', 'postgres');
    assert.equal((doc.statements[0] as { atomic: boolean }).atomic, false);
    assert.deepEqual(transactionIds(doc), [null, null, null]);
  });

  it('ends the open transaction at PREPARE TRANSACTION, not at COMMIT PREPARED of another one', () => {
    const doc = parse("BEGIN; INSERT INTO t VALUES (1); PREPARE TRANSACTION 'tx1'; DELETE FROM t; COMMIT PREPARED 'tx1';", 'postgres');
    assert.deepEqual(kinds(doc), ['begin', 'insert', 'other PREPARE TRANSACTION', 'delete', 'other COMMIT PREPARED']);
    assert.deepEqual(transactionIds(doc), [0, 0, 0, null, null]);
    assert.equal(doc.transactions[0].end, doc.statements[2]);
  });

  it('keeps the open transaction open across COMMIT PREPARED and ROLLBACK PREPARED', () => {
    const doc = parse("BEGIN; DELETE FROM t; COMMIT PREPARED 'x'; ROLLBACK PREPARED 'y'; INSERT INTO t VALUES (1); COMMIT;", 'postgres');
    assert.deepEqual(kinds(doc), ['begin', 'delete', 'other COMMIT PREPARED', 'other ROLLBACK PREPARED', 'insert', 'commit']);
    assert.deepEqual(transactionIds(doc), [0, 0, 0, 0, 0, 0]);
    assert.equal(doc.transactions[0].end, doc.statements[5]);
  });

  it('does not end a transaction at PREPARE of a statement named transaction', () => {
    const doc = parse('BEGIN; PREPARE transaction AS SELECT 1; DELETE FROM t; COMMIT;', 'postgres');
    assert.deepEqual(kinds(doc), ['begin', 'other PREPARE', 'delete', 'commit']);
    assert.deepEqual(transactionIds(doc), [0, 0, 0, 0]);
  });

  it('runs a DO block inside the surrounding transaction', () => {
    const doc = parse('begin; do $$ begin delete from t; end $$; commit;', 'postgres');
    assert.deepEqual(kinds(doc), ['begin', 'block do', 'delete', 'commit']);
    assert.deepEqual(transactionIds(doc), [0, 0, 0, 0]);
  });
});

describe('SQL dialect tour', () => {
  const tours: { dialect: Dialect; text: string; kinds: string[] }[] = [
    {
      dialect: 'postgres',
      text: "BEGIN;\nCOPY stage.e FROM STDIN WITH (FORMAT csv);\nINSERT INTO e SELECT * FROM stage.e ON CONFLICT (id) DO NOTHING;\nCOMMIT;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON e (ts);",
      kinds: ['begin', 'copy', 'insert', 'commit', 'create'],
    },
    {
      dialect: 'snowflake',
      text: "CREATE OR REPLACE TRANSIENT TABLE s.t CLUSTER BY (d) AS SELECT * FROM raw.t;\nCOPY INTO raw.t FROM @st/ FORCE = TRUE;\nCREATE OR REPLACE PROCEDURE p() RETURNS STRING LANGUAGE SQL AS $$\nBEGIN\n  TRUNCATE TABLE s.t;\n  RETURN 'ok';\nEND;\n$$;\nCALL p();",
      kinds: ['create', 'copy', 'block procedure', 'truncate', 'other RETURN', 'other CALL'],
    },
    {
      dialect: 'bigquery',
      text: "DECLARE d DATE DEFAULT CURRENT_DATE();\nMERGE `p.ds.t` T USING `p.ds.s` S ON T.id = S.id WHEN NOT MATCHED THEN INSERT ROW;\nBEGIN\n  DELETE FROM ds.t WHERE dt = d; # today\n  INSERT INTO ds.t SELECT * FROM ds.s;\nEND;",
      kinds: ['other DECLARE', 'merge', 'block script', 'delete', 'insert'],
    },
    {
      dialect: 'spark',
      text: "INSERT OVERWRITE TABLE db.t PARTITION (dt = '2024-01-01') SELECT `a`, \"b\" FROM db.s;\nMERGE INTO db.t USING db.s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *;\nLOAD DATA INPATH '/x' OVERWRITE INTO TABLE db.t;",
      kinds: ['insert', 'merge', 'copy'],
    },
    {
      dialect: 'redshift',
      text: "BEGIN;\nDELETE FROM s.t USING s.u WHERE t.id = u.id;\nCOPY s.t FROM 's3://b/k'\nIAM_ROLE 'arn'\nDELIMITER '|'\nGZIP;\nEND;\nUNLOAD ('select 1') TO 's3://b/o' IAM_ROLE 'arn';",
      kinds: ['begin', 'delete', 'copy', 'commit', 'other UNLOAD'],
    },
    {
      dialect: 'mysql',
      text: "SET @n = 1; # counter\nINSERT INTO t (a) VALUES (@n) ON DUPLICATE KEY UPDATE a = VALUES(a);\nDELIMITER $$\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END$$\nDELIMITER ;\nREPLACE INTO t VALUES (1);",
      kinds: ['other SET', 'insert', 'other DELIMITER', 'block trigger', 'other SET', 'other DELIMITER', 'insert'],
    },
    {
      dialect: 'sqlite',
      text: 'BEGIN IMMEDIATE;\nINSERT OR REPLACE INTO [my table] ([id]) VALUES (?);\nEND TRANSACTION;\nCREATE TEMP TABLE IF NOT EXISTS x (a);',
      kinds: ['begin', 'insert', 'commit', 'create'],
    },
  ];
  for (const tour of tours) {
    it(`splits and classifies a ${tour.dialect} script`, () => {
      const doc = parse(tour.text, tour.dialect);
      assert.deepEqual(kinds(doc), tour.kinds);
      assert.deepEqual(doc.problems, []);
    });
  }
});
