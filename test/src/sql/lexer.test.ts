import * as assert from 'node:assert/strict';
import { lex } from '@pipelint/engine/internal/sql/lexer.js';
import type { Dialect } from '@pipelint/engine/internal/sql/model.js';

function tokens(text: string, dialect: Dialect = 'ansi'): string[] {
  return lex(text, dialect).tokens.map((t) => `${t.kind} ${t.text}`);
}

function only(text: string, dialect: Dialect = 'ansi'): string {
  const all = tokens(text, dialect);
  assert.equal(all.length, 1, `expected one token, got ${JSON.stringify(all)}`);
  return all[0];
}

describe('SQL lexer', () => {
  describe('strings', () => {
    it('reads a doubled quote as part of a standard string', () => {
      assert.deepEqual(tokens("a = 'it''s'"), ['word a', 'operator =', "string 'it''s'"]);
    });

    it('honours backslash escapes in E strings on Postgres', () => {
      assert.equal(only("E'it\\'s'", 'postgres'), "string E'it\\'s'");
    });

    it('does not treat a backslash as an escape in a plain Postgres string', () => {
      assert.deepEqual(tokens("'a\\' , 'b'", 'postgres'), ["string 'a\\'", 'punct ,', "string 'b'"]);
    });

    it('honours backslash escapes in MySQL, Snowflake, BigQuery and Spark strings', () => {
      for (const dialect of ['mysql', 'snowflake', 'bigquery', 'spark'] as Dialect[]) {
        assert.equal(only("'it\\'s'", dialect), "string 'it\\'s'", dialect);
      }
    });

    it('reads tagged and untagged dollar quotes as one string, semicolons included', () => {
      assert.equal(only('$fn$ BEGIN x := 1; $x$ END $fn$', 'postgres'), 'string $fn$ BEGIN x := 1; $x$ END $fn$');
      assert.equal(only('$$ select 1; $$', 'snowflake'), 'string $$ select 1; $$');
    });

    it('reads double quotes as strings in MySQL, BigQuery and Spark and as identifiers elsewhere', () => {
      assert.equal(only('"x"', 'mysql'), 'string "x"');
      assert.equal(only('"x"', 'bigquery'), 'string "x"');
      assert.equal(only('"x"', 'spark'), 'string "x"');
      assert.equal(only('"x"', 'postgres'), 'quoted-ident "x"');
      assert.equal(only('"x"', 'sqlite'), 'quoted-ident "x"');
    });

    it('reads BigQuery triple-quoted, raw and bytes strings', () => {
      assert.deepEqual(tokens("'''a 'b' c''' r'\\d' b'x'", 'bigquery'), ["string '''a 'b' c'''", "string r'\\d'", "string b'x'"]);
    });

    it('reads N, X and U& prefixed strings as one token', () => {
      assert.deepEqual(tokens("N'x' X'0f' U&'d'", 'postgres'), ["string N'x'", "string X'0f'", "string U&'d'"]);
    });

    it('marks an unterminated string and reports a problem at its quote', () => {
      const out = lex("select 'abc", 'ansi');
      const last = out.tokens[1];
      assert.equal(last.kind, 'string');
      assert.equal(last.unterminated, true);
      assert.equal(last.end, 11);
      assert.deepEqual(out.problems, [{ message: 'Unterminated string literal', span: { start: 7, end: 8 } }]);
    });
  });

  describe('identifiers', () => {
    it('unquotes a quoted identifier into its value, collapsing doubled quotes', () => {
      const [t] = lex('"My ""Table"""', 'postgres').tokens;
      assert.deepEqual([t.kind, t.value], ['quoted-ident', 'My "Table"']);
    });

    it('reads backtick identifiers in MySQL, BigQuery and Spark', () => {
      for (const dialect of ['mysql', 'bigquery', 'spark'] as Dialect[]) {
        const [t] = lex('`proj.ds.t`', dialect).tokens;
        assert.deepEqual([t.kind, t.value], ['quoted-ident', 'proj.ds.t'], dialect);
      }
    });

    it('reads [bracket] identifiers in SQLite after FROM, a comma or a dot', () => {
      assert.deepEqual(tokens('select [a b], x from [t]', 'sqlite'), ['word select', 'quoted-ident [a b]', 'punct ,', 'word x', 'word from', 'quoted-ident [t]']);
    });

    it('reads [ after an expression as an array subscript', () => {
      assert.deepEqual(tokens('select arr[1], m[k]', 'sqlite'), ['word select', 'word arr', 'punct [', 'number 1', 'punct ]', 'punct ,', 'word m', 'punct [', 'word k', 'punct ]']);
    });

    it('never reads brackets as identifiers in Postgres', () => {
      assert.deepEqual(tokens('select [a]', 'postgres'), ['word select', 'punct [', 'word a', 'punct ]']);
    });

    it('upper-cases word values and keeps the source text', () => {
      const [t] = lex('Select', 'ansi').tokens;
      assert.deepEqual([t.text, t.value], ['Select', 'SELECT']);
    });
  });

  describe('comments', () => {
    it('ends a line comment at the line break', () => {
      assert.deepEqual(tokens('a -- note\nb'), ['word a', 'comment -- note', 'word b']);
    });

    it('reads # as a comment in MySQL and BigQuery only', () => {
      assert.deepEqual(tokens('a # note\nb', 'mysql'), ['word a', 'comment # note', 'word b']);
      assert.deepEqual(tokens('a # note\nb', 'bigquery'), ['word a', 'comment # note', 'word b']);
      assert.deepEqual(tokens('a # b', 'postgres'), ['word a', 'operator #', 'word b']);
    });

    it('nests block comments in Postgres but not in MySQL', () => {
      assert.equal(only('/* a /* b */ c */', 'postgres'), 'comment /* a /* b */ c */');
      assert.deepEqual(tokens('/* a /* b */ c', 'mysql'), ['comment /* a /* b */', 'word c']);
    });

    it('marks an unterminated block comment and reports it', () => {
      const out = lex('a /* never closed', 'postgres');
      assert.equal(out.tokens[1].unterminated, true);
      assert.equal(out.problems[0].message, 'Unterminated block comment');
      assert.deepEqual(out.problems[0].span, { start: 2, end: 4 });
    });
  });

  describe('parameters and operators', () => {
    it('reads every parameter style as a param token', () => {
      assert.deepEqual(tokens('$1 :name ? @var %(name)s %s', 'postgres').map((t) => t.split(' ')[0]), ['param', 'param', 'param', 'param', 'param', 'param']);
    });

    it('reads :: as a cast, not a parameter', () => {
      assert.deepEqual(tokens('a::int', 'postgres'), ['word a', 'operator ::', 'word int']);
    });

    it('reads a Snowflake stage path as one token', () => {
      assert.deepEqual(tokens('from @~/in/dt=2024-01-01/f.csv;', 'snowflake'), ['word from', 'param @~/in/dt=2024-01-01/f.csv', 'punct ;']);
      assert.equal(only('@db.sch.stage/p/', 'snowflake'), 'param @db.sch.stage/p/');
    });

    it('reads multi-character operators longest first', () => {
      assert.deepEqual(tokens("a->>'k' <> b || c >= d", 'postgres').filter((t) => t.startsWith('operator')), ['operator ->>', 'operator <>', 'operator ||', 'operator >=']);
    });

    it('reads numbers with decimals, exponents and hex', () => {
      assert.deepEqual(tokens('1 2.5 .5 1e10 0xFF'), ['number 1', 'number 2.5', 'number .5', 'number 1e10', 'number 0xFF']);
    });

    it('flags each ; as a statement delimiter', () => {
      const out = lex('a; b', 'ansi').tokens;
      assert.deepEqual(out.map((t) => t.delimiter === true), [false, true, false]);
    });
  });

  describe('Jinja', () => {
    it('reads expressions, tags and comments as tokens of their own', () => {
      assert.deepEqual(tokens("from {{ ref('x') }} {% if a %}{# note #}"), ['word from', "jinja-expr {{ ref('x') }}", 'jinja-stmt {% if a %}', 'jinja-comment {# note #}']);
    });

    it('does not end an expression at }} inside a Python string', () => {
      assert.equal(only('{{ "}}" ~ x }}'), 'jinja-expr {{ "}}" ~ x }}');
    });

    it('reads whitespace-control tags', () => {
      assert.equal(only('{%- if is_incremental() -%}'), 'jinja-stmt {%- if is_incremental() -%}');
    });

    it('ends an unclosed expression at the end of its line and reports it', () => {
      const out = lex('select {{ x\nfrom t', 'ansi');
      assert.deepEqual(out.tokens.map((t) => t.text), ['select', '{{ x', 'from', 't']);
      assert.equal(out.tokens[1].unterminated, true);
      assert.equal(out.problems[0].message, 'Unterminated Jinja {{ expression');
    });

    it('keeps Jinja inside a string literal part of the string', () => {
      assert.equal(only("'{{ ds }}'"), "string '{{ ds }}'");
    });

    it('does not end an expression at }} inside nested brackets, as Jinja does', () => {
      const text = "{{ config(meta={'owner': {'team': 'growth'}}, unique_key='order_id') }}";
      assert.equal(only(text), `jinja-expr ${text}`);
    });

    it('reads a Python string across lines, with Jinja inside it, as part of the expression', () => {
      const text = '{{ config(\n  pre_hook=["\n    delete from {{ this }}\n    where day >= current_date - 1\n  "],\n  materialized=\'incremental\'\n) }}';
      const out = lex(`${text}\nselect 1`, 'snowflake');
      assert.deepEqual(out.tokens.map((t) => `${t.kind} ${t.text}`), [`jinja-expr ${text}`, 'word select', 'number 1']);
      assert.deepEqual(out.problems, []);
    });

    it('ends an expression whose string never closes with its line, and reports it', () => {
      const out = lex("select {{ ref('a) }}\nfrom t", 'ansi');
      assert.deepEqual(out.tokens.map((t) => t.text), ['select', "{{ ref('a) }}", 'from', 't']);
      assert.deepEqual(out.problems.map((p) => [p.message, p.span.start]), [['Unterminated Jinja {{ expression', 7]]);
    });

    it('does not end a string literal at a quote inside the Jinja expression it holds', () => {
      assert.equal(only(`'lax {{ path | replace("'", "") }}'`, 'snowflake'), `string 'lax {{ path | replace("'", "") }}'`);
      assert.deepEqual(tokens(`x = '{% if a == "'" %}q{% endif %}' and y`), ['word x', 'operator =', `string '{% if a == "'" %}q{% endif %}'`, 'word and', 'word y']);
    });
  });

  describe('MySQL DELIMITER', () => {
    it('reads a DELIMITER line as a word and a delimiter token, then splits on the new delimiter only', () => {
      const out = lex('DELIMITER //\nselect 1; select 2 //\nDELIMITER ;\nselect 3;', 'mysql').tokens;
      assert.deepEqual(
        out.map((t) => `${t.kind} ${t.text}${t.delimiter ? ' (end)' : ''}`),
        ['word DELIMITER', 'punct // (end)', 'word select', 'number 1', 'punct ; (end)', 'word select', 'number 2', 'punct // (end)', 'word DELIMITER', 'punct ; (end)', 'word select', 'number 3', 'punct ; (end)'],
      );
    });

    it('does not read a Redshift COPY DELIMITER option as a directive', () => {
      assert.deepEqual(tokens("COPY t FROM 's3://b'\nDELIMITER '|';", 'redshift').slice(-3), ['word DELIMITER', "string '|'", 'punct ;']);
    });
  });

  it('reads a psql meta-command line as one word named by its command', () => {
    const [t, next] = lex('\\set ON_ERROR_STOP on\nBEGIN;', 'postgres').tokens;
    assert.deepEqual([t.kind, t.text, t.value, next.text], ['word', '\\set ON_ERROR_STOP on', '\\SET', 'BEGIN']);
  });

  it('gives every token exact offsets into the text', () => {
    const text = "insert into t values ($1, 'a'); -- done";
    for (const t of lex(text, 'postgres').tokens) assert.equal(text.slice(t.start, t.end), t.text);
  });

  it('lexes only the requested range, with offsets into the whole text', () => {
    const text = 'xx select 1 yy';
    assert.deepEqual(lex(text, 'ansi', 3, 11).tokens.map((t) => [t.text, t.start]), [['select', 3], ['1', 10]]);
  });
});
