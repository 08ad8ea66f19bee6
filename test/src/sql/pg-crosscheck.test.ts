import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModule, parseSync, scanSync, type Node, type RangeVar, type RawStmt, type ScanToken, type SelectStmt } from 'libpg-query';
import { parseSql } from '@pipelint/engine/internal/sql/parse.js';
import type { Statement } from '@pipelint/engine/internal/sql/model.js';

// The WebAssembly build of the real PostgreSQL 18 parser is the oracle for pipelint's hand-written
// postgres front end: where both read a statement, they must agree on where it is and what it is.

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'corpus');
const CORPUS_DIRS = ['safe/postgres', 'unsafe/postgres', 'safe/migrations', 'unsafe/migrations'];

/** What one side says about a top-level statement. Absent facts mean "no opinion". */
interface StatementView {
  start: number;
  end: number;
  kind: string | null;
  facts: Record<string, string | boolean>;
}

type Facts = StatementView['facts'];

interface Case {
  name: string;
  sql: string;
}

const GENERATED: readonly Case[] = [
  { name: 'dollar-quoted strings with and without tags', sql: "select $$a;b$$; select $x$ $$ ; $x$ ;\nselect $_$ ' $_$" },
  { name: 'an identifier containing dollar signs, which does not open a dollar quote', sql: 'select foo$bar$ from t; select 2 as "$bar$"' },
  { name: 'a positional parameter next to a dollar quote', sql: 'select $1; select $1||$q$;$q$;' },
  { name: "E'' strings with escaped quotes and semicolons", sql: "select E'it\\'s; fine'; select e'\\\\'; select 3" },
  { name: 'standard strings where a backslash does not escape the quote', sql: "select 'a\\'; select 'b''c;d'" },
  { name: 'U& and bit strings and quoted identifiers holding semicolons', sql: 'select U&\'d\\0061t\', B\'101\', X\'1F\' as "a;b"; select 1 as "x""y;"' },
  { name: 'nested block comments holding semicolons', sql: '/* outer /* inner; */ still; */ select 1; /**/ select 2 /* tail; */;' },
  { name: 'line comments between and after statements', sql: '-- head;\nselect 1 -- tail;\n;\n-- only a comment;\n' },
  { name: 'empty statements and a missing final semicolon', sql: ';;\nselect 1;;;\n  select 2  ' },
  { name: 'multi-byte characters before later statements', sql: "select 'été ☃ 𝄞'; insert into t (a) values ('ü'); select 'x'" },
  {
    name: 'a DO block whose body holds statements',
    sql: "DO $$\nBEGIN\n  DELETE FROM t WHERE a = 'x;y';\n  INSERT INTO t VALUES (1);\nEND\n$$;\nDO LANGUAGE plpgsql $do$ BEGIN PERFORM 1; END $do$;",
  },
  {
    name: 'a procedure and a function with dollar-quoted bodies',
    sql:
      'CREATE OR REPLACE PROCEDURE load(d date) LANGUAGE plpgsql AS $proc$\nBEGIN\n  TRUNCATE staging;\n  INSERT INTO staging SELECT * FROM raw WHERE day = d;\nEND;\n$proc$;\n' +
      "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1; $$;\nCALL load('2024-06-01');",
  },
  { name: 'a SQL-standard function body with BEGIN ATOMIC', sql: 'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nSELECT g();' },
  {
    name: 'CTEs in front of SELECT, INSERT, UPDATE and DELETE',
    sql:
      'WITH a AS (SELECT 1 AS x) SELECT * FROM a;\n' +
      'WITH src AS (SELECT * FROM raw) INSERT INTO public.t (x) SELECT x FROM src;\n' +
      'WITH d AS (DELETE FROM q RETURNING id) UPDATE t SET done = true FROM d WHERE t.id = d.id;\n' +
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) DELETE FROM t USING r WHERE t.n = r.n;',
  },
  {
    name: 'INSERT with and without ON CONFLICT',
    sql:
      'INSERT INTO s.orders (id, amt) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET amt = excluded.amt;\n' +
      'INSERT INTO "Sales"."Orders" VALUES (1) ON CONFLICT DO NOTHING;\n' +
      'INSERT INTO Orders DEFAULT VALUES;\nINSERT INTO a.b.c SELECT 1 RETURNING *;',
  },
  {
    name: 'MERGE with several WHEN clauses',
    sql:
      'MERGE INTO dim c USING stage s ON c.id = s.id\nWHEN MATCHED AND s.deleted THEN DELETE\nWHEN MATCHED THEN UPDATE SET name = s.name\n' +
      'WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name);\n' +
      'MERGE INTO t USING (SELECT 1 AS id) s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN DELETE WHEN MATCHED THEN DO NOTHING RETURNING merge_action();',
  },
  {
    name: 'COPY in and out',
    sql: "COPY raw.events FROM '/data/e.csv' WITH (FORMAT csv, HEADER true);\nCOPY (SELECT * FROM t WHERE a = ';') TO STDOUT;\nCOPY t (a, b) TO '/tmp/x';",
  },
  {
    name: 'transaction control in its several spellings',
    sql: 'BEGIN; START TRANSACTION ISOLATION LEVEL SERIALIZABLE; COMMIT; END; ROLLBACK; ABORT; BEGIN WORK; COMMIT WORK;\nSAVEPOINT s; ROLLBACK TO SAVEPOINT s; RELEASE s;',
  },
  {
    name: 'CREATE statements with and without IF NOT EXISTS',
    sql:
      'CREATE TABLE IF NOT EXISTS a.t (id int PRIMARY KEY, note text DEFAULT \';\');\nCREATE TEMP TABLE tt (x int);\n' +
      'CREATE UNLOGGED TABLE IF NOT EXISTS u AS SELECT 1 AS x;\nCREATE TABLE c AS SELECT * FROM t WITH NO DATA;\n' +
      'CREATE INDEX IF NOT EXISTS i ON t (a);\nCREATE UNIQUE INDEX CONCURRENTLY j ON t (b);\nCREATE SCHEMA IF NOT EXISTS s;\n' +
      'CREATE OR REPLACE VIEW v AS SELECT 1;\nCREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1;\nCREATE SEQUENCE IF NOT EXISTS q;',
  },
  {
    name: 'DROP, ALTER TABLE and TRUNCATE',
    sql:
      'DROP TABLE IF EXISTS a, b.c CASCADE;\nDROP VIEW v;\nDROP INDEX CONCURRENTLY IF EXISTS i;\n' +
      'ALTER TABLE IF EXISTS t ADD COLUMN IF NOT EXISTS x int, DROP COLUMN y;\nALTER TABLE ONLY t RENAME TO u;\n' +
      'TRUNCATE TABLE a, b RESTART IDENTITY;\nTRUNCATE c;',
  },
  { name: 'SELECT forms without the SELECT keyword first', sql: 'VALUES (1), (2);\nTABLE t;\n(SELECT 1) UNION (SELECT 2);' },
  {
    name: 'SELECT INTO, which creates a table',
    sql:
      'SELECT 1 INTO TEMP x;\nSELECT * INTO TABLE s.copy FROM t WHERE a > 0;\nSELECT a, b INTO UNLOGGED u FROM t;\n' +
      'WITH c AS (SELECT 1 AS n) SELECT n INTO TEMPORARY TABLE tt FROM c;\nSELECT (SELECT 1) INTO "Q" FROM t UNION SELECT 2;',
  },
  { name: 'UPDATE and DELETE with joins', sql: 'UPDATE ONLY s.t AS x SET a = y.a FROM y WHERE x.id = y.id;\nDELETE FROM "T" t USING u WHERE t.id = u.id;' },
  {
    name: 'functions and procedures with quoted, RETURN and BEGIN ATOMIC bodies',
    sql:
      "CREATE FUNCTION f() RETURNS int AS 'select 1; select 2' LANGUAGE sql;\nCREATE FUNCTION g() RETURNS int RETURN 1;\n" +
      'CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); DELETE FROM t; END;\n' +
      'CREATE FUNCTION h(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END; END;\n' +
      'CREATE FUNCTION k() RETURNS void AS $body$ BEGIN EXECUTE $q$ DELETE FROM t; $q$; END $body$ LANGUAGE plpgsql; SELECT 2',
  },
  { name: 'keywords used as table names', sql: 'CREATE TABLE begin (x int); INSERT INTO begin VALUES (1); UPDATE commit SET x = 1; DELETE FROM rollback; SELECT "begin"."end" FROM "begin"' },
  { name: 'ALTER TABLE variants PostgreSQL parses into other nodes', sql: 'ALTER TABLE IF EXISTS ONLY t SET SCHEMA s; ALTER TABLE t RENAME COLUMN a TO b; ALTER INDEX i RENAME TO j; ALTER VIEW v RENAME TO w' },
  { name: 'statements that wrap other statements', sql: 'EXPLAIN ANALYZE INSERT INTO t VALUES (1); PREPARE p AS INSERT INTO t VALUES ($1); EXECUTE p(1); CREATE TABLE q AS EXECUTE p(2)' },
  { name: 'two-phase commit statements', sql: "PREPARE TRANSACTION 'z'; COMMIT PREPARED 'x'; ROLLBACK PREPARED 'y'" },
  {
    name: 'a rule whose parenthesised actions are separated by semicolons',
    sql: 'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 3;',
  },
  { name: 'utility statements', sql: "SET search_path = a, b;\nGRANT SELECT ON t TO r;\nCOMMENT ON TABLE t IS 'x;y';\nVACUUM ANALYZE t;\nEXPLAIN SELECT 1;\nLOCK TABLE t IN SHARE MODE;" },
];

describe('the postgres front end agrees with the real PostgreSQL parser (libpg-query)', () => {
  before(async () => {
    await loadModule();
  });

  describe('on the corpus', () => {
    const skipped: string[] = [];
    for (const file of corpusFiles()) {
      it(`splits and classifies ${path.relative(CORPUS, file)} like PostgreSQL (or psql) does`, function () {
        const original = fs.readFileSync(file, 'utf8');
        const server = psqlServerText(original);
        const rejection = realParseError(server);
        if (rejection !== null) {
          skipped.push(`${path.relative(CORPUS, file)}: ${rejection}`);
          this.skip();
        }
        crossCheck(original, server);
      });
    }

    after(() => {
      // Listed so that a fixture silently dropping out of the cross-check is visible in the test output.
      if (skipped.length > 0) console.log(`      skipped ${skipped.length} corpus file(s) PostgreSQL rejects:\n${skipped.map((s) => `        ${s}`).join('\n')}`);
    });
  });

  describe('on generated statements', () => {
    for (const c of GENERATED) {
      it(`splits and classifies ${c.name} like PostgreSQL does`, () => {
        assert.equal(realParseError(c.sql), null, 'the generated case must be valid PostgreSQL');
        crossCheck(c.sql, c.sql);
      });
    }
  });

  it('reads the oracle in UTF-16 offsets without comments or semicolons, as pipelint spans are', () => {
    const text = "/* é */ select 'ü';\n-- x\nselect '𝄞' -- y\n;";
    assert.deepEqual(
      realStatements(text).map((s) => text.slice(s.start, s.end)),
      ["select 'ü'", "select '𝄞'"],
    );
  });
});

function corpusFiles(): string[] {
  const files: string[] = [];
  for (const dir of CORPUS_DIRS) {
    const full = path.join(CORPUS, dir);
    if (!fs.existsSync(full)) continue;
    for (const name of fs.readdirSync(full).sort()) if (name.endsWith('.sql')) files.push(path.join(full, name));
  }
  return files;
}

/**
 * Compares pipelint on `original` with PostgreSQL on `server`: the text psql would send after consuming its own
 * meta-commands and interpolating variables. Both have the same length, so offsets line up.
 */
function crossCheck(original: string, server: string): void {
  const expected = realStatements(server);
  const doc = parseSql(original, { dialect: 'postgres' });
  const actual = doc.statements.filter((s) => s.parent === null && !isPsqlMetaCommand(s)).map(pipelintView);
  assert.deepEqual(render(original, actual.map(withoutOpinions)), render(original, expected.map(withoutOpinions)), 'statement boundaries');
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i];
    const got = actual[i];
    const where = `statement ${i + 1} (${snippet(original, want)})`;
    if (want.kind !== null) assert.equal(got.kind, want.kind, `${where}: kind`);
    else assert.ok(got.kind === null || !PG_CLASSIFIED.has(got.kind), `${where}: pipelint calls it ${got.kind}, PostgreSQL does not`);
    for (const [fact, value] of Object.entries(want.facts)) assert.equal(got.facts[fact], value, `${where}: ${fact}`);
  }
}

function render(text: string, views: readonly StatementView[]): string[] {
  return views.map((v) => `${v.start}-${v.end} ${JSON.stringify(text.slice(v.start, v.end))}`);
}

function withoutOpinions(view: StatementView): StatementView {
  return { start: view.start, end: view.end, kind: null, facts: {} };
}

function snippet(text: string, view: StatementView): string {
  const body = text.slice(view.start, view.end).replace(/\s+/g, ' ');
  return body.length > 50 ? `${body.slice(0, 50)}...` : body;
}

function isPsqlMetaCommand(statement: Statement): boolean {
  return statement.kind === 'other' && statement.verb.startsWith('\\');
}

function realParseError(text: string): string | null {
  try {
    parseSync(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * psql runs `\set ...` lines itself and replaces `:'name'` / `:"name"` with a quoted value. Blanking the meta-command
 * and the colon keeps every offset of the rest where it was.
 */
function psqlServerText(text: string): string {
  let tokens: ScanToken[];
  try {
    tokens = scanSync(text).tokens;
  } catch {
    return text;
  }
  const toChar = byteToChar(text);
  const chars = text.split('');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const start = toChar(token.start);
    if (token.text === '\\' && lineStartsAt(text, start)) {
      for (let j = start; j < text.length && text[j] !== '\n'; j++) chars[j] = ' ';
    } else if (token.text === ':' && i + 1 < tokens.length && tokens[i + 1].start === token.end && /^['"]/.test(tokens[i + 1].text)) {
      chars[start] = ' ';
    }
  }
  return chars.join('');
}

function lineStartsAt(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === '';
}

/** libpg_query reports UTF-8 byte offsets; pipelint reports UTF-16 code unit offsets. */
function byteToChar(text: string): (byte: number) => number {
  const map = new Uint32Array(Buffer.byteLength(text, 'utf8') + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) ?? 0;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    map.fill(i, byte, byte + size);
    byte += size;
    if (code > 0xffff) i++;
  }
  map[byte] = text.length;
  return (offset) => map[offset];
}

/** Each raw statement narrowed to its first and last significant token (PostgreSQL's span includes leading comments). */
function realStatements(text: string): StatementView[] {
  const stmts = parseSync(text).stmts ?? [];
  const significant = scanSync(text).tokens.filter((t) => t.tokenName !== 'C_COMMENT' && t.tokenName !== 'SQL_COMMENT' && t.text !== ';');
  const toChar = byteToChar(text);
  const totalBytes = Buffer.byteLength(text, 'utf8');
  return stmts.map((raw) => {
    const from = raw.stmt_location ?? 0;
    const to = raw.stmt_len ? from + raw.stmt_len : totalBytes;
    const inside = significant.filter((t) => t.start >= from && t.end <= to);
    assert.ok(inside.length > 0, `PostgreSQL statement at byte ${from} has no tokens`);
    const { kind, facts } = describeReal(raw);
    return { start: toChar(inside[0].start), end: toChar(inside[inside.length - 1].end), kind, facts };
  });
}

/** Statement kinds PostgreSQL settles; a pipelint statement of one of these kinds must be that kind for PostgreSQL too. */
const PG_CLASSIFIED = new Set(['insert', 'update', 'delete', 'merge', 'truncate', 'copy', 'select', 'begin', 'commit', 'rollback', 'drop', 'alter-table', 'create table']);

const TRANSACTION_KINDS: Record<string, string> = {
  TRANS_STMT_BEGIN: 'begin',
  TRANS_STMT_START: 'begin',
  TRANS_STMT_COMMIT: 'commit',
  TRANS_STMT_ROLLBACK: 'rollback',
};

function describeReal(raw: RawStmt): { kind: string | null; facts: Facts } {
  const node: Node | undefined = raw.stmt;
  if (node === undefined) return { kind: null, facts: {} };
  if ('InsertStmt' in node) {
    const s = node.InsertStmt;
    const conflict = s.onConflictClause?.action;
    const facts: Facts = { target: rangeVarName(s.relation), onConflict: conflict === undefined ? 'none' : conflict === 'ONCONFLICT_NOTHING' ? 'nothing' : 'update' };
    return { kind: 'insert', facts };
  }
  if ('UpdateStmt' in node) return { kind: 'update', facts: { target: rangeVarName(node.UpdateStmt.relation) } };
  if ('DeleteStmt' in node) return { kind: 'delete', facts: { target: rangeVarName(node.DeleteStmt.relation) } };
  if ('MergeStmt' in node) return { kind: 'merge', facts: { target: rangeVarName(node.MergeStmt.relation) } };
  if ('CreateStmt' in node) {
    const s = node.CreateStmt;
    return { kind: 'create table', facts: { name: rangeVarName(s.relation), ifNotExists: s.if_not_exists === true, temporary: isTemporary(s.relation) } };
  }
  if ('CreateTableAsStmt' in node) return describeCreateAs(node.CreateTableAsStmt.objtype, node.CreateTableAsStmt.if_not_exists === true);
  if ('IndexStmt' in node) return { kind: 'create index', facts: { ifNotExists: node.IndexStmt.if_not_exists === true } };
  if ('CreateSchemaStmt' in node) return { kind: 'create schema', facts: { ifNotExists: node.CreateSchemaStmt.if_not_exists === true } };
  if ('CreateSeqStmt' in node) return { kind: 'create sequence', facts: { ifNotExists: node.CreateSeqStmt.if_not_exists === true } };
  if ('ViewStmt' in node) return { kind: 'create view', facts: { orReplace: node.ViewStmt.replace === true } };
  if ('DropStmt' in node) return { kind: 'drop', facts: { ifExists: node.DropStmt.missing_ok === true } };
  if ('AlterTableStmt' in node) return { kind: node.AlterTableStmt.objtype === 'OBJECT_TABLE' ? 'alter-table' : null, facts: {} };
  // ALTER TABLE ... RENAME and ... SET SCHEMA have their own nodes in PostgreSQL; to a linter they are still ALTER TABLE.
  if ('RenameStmt' in node) return { kind: isTable(node.RenameStmt.renameType) || isTable(node.RenameStmt.relationType) ? 'alter-table' : null, facts: {} };
  if ('AlterObjectSchemaStmt' in node) return { kind: isTable(node.AlterObjectSchemaStmt.objectType) ? 'alter-table' : null, facts: {} };
  if ('TruncateStmt' in node) return { kind: 'truncate', facts: {} };
  if ('CopyStmt' in node) return { kind: 'copy', facts: {} };
  if ('SelectStmt' in node) return describeSelect(leftmostInto(node.SelectStmt));
  if ('TransactionStmt' in node) return { kind: TRANSACTION_KINDS[node.TransactionStmt.kind ?? ''] ?? 'other', facts: {} };
  if ('DoStmt' in node) return { kind: 'block do', facts: {} };
  if ('CreateFunctionStmt' in node) return { kind: node.CreateFunctionStmt.is_procedure === true ? 'routine procedure' : 'routine function', facts: {} };
  return { kind: null, facts: {} };
}

function isTable(objectType: string | undefined): boolean {
  return objectType === 'OBJECT_TABLE';
}

function describeCreateAs(objtype: string | undefined, ifNotExists: boolean): { kind: string | null; facts: Facts } {
  if (objtype === 'OBJECT_MATVIEW') return { kind: 'create materialized view', facts: { ifNotExists } };
  return { kind: 'create table', facts: { ifNotExists } };
}

/** In `SELECT ... INTO x FROM t UNION SELECT ...` the INTO belongs to the first SELECT and acts for the whole query. */
function leftmostInto(select: SelectStmt): RangeVar | undefined {
  let current: SelectStmt | undefined = select;
  while (current !== undefined && current.intoClause === undefined && current.larg !== undefined) current = current.larg;
  return current?.intoClause?.rel;
}

/** `SELECT ... INTO x` creates table x, as CREATE TABLE x AS SELECT does. */
function describeSelect(into: RangeVar | undefined): { kind: string | null; facts: Facts } {
  if (into === undefined) return { kind: 'select', facts: {} };
  return { kind: 'create table', facts: { name: rangeVarName(into), ifNotExists: false, temporary: isTemporary(into) } };
}

function isTemporary(relation: RangeVar | undefined): boolean {
  return relation?.relpersistence === 't';
}

function rangeVarName(relation: RangeVar | undefined): string {
  if (relation === undefined) return '';
  return [relation.catalogname, relation.schemaname, relation.relname].filter((part) => part !== undefined).join('.');
}

function pipelintView(statement: Statement): StatementView {
  const view: StatementView = { start: statement.span.start, end: statement.span.end, kind: pipelintKind(statement), facts: {} };
  switch (statement.kind) {
    case 'insert':
      view.facts.target = statement.target?.name ?? '';
      view.facts.onConflict = statement.onConflict === null ? 'none' : statement.onConflict.action;
      break;
    case 'update':
    case 'delete':
    case 'merge':
      view.facts.target = statement.target?.name ?? '';
      break;
    case 'create':
      view.facts.name = statement.name?.name ?? '';
      view.facts.ifNotExists = statement.ifNotExists;
      view.facts.orReplace = statement.orReplace;
      view.facts.temporary = statement.temporary;
      break;
    case 'drop':
      view.facts.ifExists = statement.ifExists;
      break;
    default:
      break;
  }
  return view;
}

/** pipelint models a routine as a block only when it has a body to look into; PostgreSQL has one node for both. */
function pipelintKind(statement: Statement): string | null {
  if (statement.kind === 'create') return isRoutine(statement.objectType) ? `routine ${statement.objectType}` : `create ${statement.objectType}`;
  if (statement.kind === 'block') return isRoutine(statement.blockType) ? `routine ${statement.blockType}` : `block ${statement.blockType}`;
  return statement.kind;
}

function isRoutine(type: string): boolean {
  return type === 'function' || type === 'procedure';
}
