import type { Fix, Span } from '../../../core/types.js';
import type { AlterAction, AlterTableStatement, BlockStatement, CreateStatement, Dialect, DropStatement, ObjectType, SqlDocument, Statement, TableRef } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { tableHistory } from '../util/doc-index.js';
import { someBefore as someInHistoryBefore } from '../util/history.js';
import { memoize } from '../util/memo.js';
import { indentationAt, insertAt } from '../util/edits.js';
import { sameTable } from '../util/tables.js';
import { isWord, tokensIn } from '../util/tokens.js';

type CreateGuard = 'if-not-exists' | 'or-replace' | 'drop-first';

const ALL: readonly Dialect[] = ['ansi', 'postgres', 'snowflake', 'bigquery', 'spark', 'redshift', 'mysql', 'sqlite'];

/** How each dialect makes a CREATE re-runnable; a missing entry means pipelint does not check it there. */
const CREATE_GUARDS: Partial<Record<ObjectType, Partial<Record<Dialect, CreateGuard>>>> = {
  table: Object.fromEntries(ALL.map((d) => [d, 'if-not-exists'])),
  schema: Object.fromEntries(ALL.filter((d) => d !== 'sqlite').map((d) => [d, 'if-not-exists'])),
  database: { mysql: 'if-not-exists', snowflake: 'if-not-exists', spark: 'if-not-exists' },
  index: { postgres: 'if-not-exists', sqlite: 'if-not-exists' },
  sequence: { postgres: 'if-not-exists', snowflake: 'if-not-exists' },
  view: { ...Object.fromEntries(ALL.map((d) => [d, 'or-replace'])), sqlite: 'drop-first' },
  'materialized view': { snowflake: 'or-replace', bigquery: 'or-replace', postgres: 'drop-first', redshift: 'drop-first' },
};

const DROPPABLE = new Set<ObjectType>(['table', 'view', 'materialized view', 'schema', 'database', 'index', 'sequence', 'function', 'procedure', 'type', 'stage', 'stream', 'task']);

/** Dialects with `ADD COLUMN IF NOT EXISTS` / `DROP COLUMN IF EXISTS`; MySQL, Redshift, Spark and SQLite have neither. */
const ADD_COLUMN_GUARD = new Set<Dialect>(['postgres', 'snowflake', 'bigquery']);
const DROP_COLUMN_GUARD = new Set<Dialect>(['postgres', 'bigquery']);

export default defineSqlRule({
  meta: {
    id: 'unguarded-ddl',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'warn',
    messages: {
      create: '{{statement}} fails when {{name}} already exists: a second run stops here, half way through the script.',
      createView: '{{statement}} fails when {{name}} already exists: a second run stops here, and a changed definition never replaces the old one.',
      drop: '{{statement}} fails when {{name}} is already gone: a re-run after a partial failure stops here.',
      addColumn: 'ADD COLUMN {{column}} fails once {{table}} has the column: a second run of this script stops here.',
      dropColumn: 'DROP COLUMN {{column}} fails once {{table}} has lost the column: a second run of this script stops here.',
    },
    fixable: true,
    docs: {
      description: 'Flags CREATE, DROP and ALTER TABLE ADD/DROP COLUMN statements that fail when run a second time.',
      why: [
        'A setup or migration script is re-run all the time: after a failure half way, by a retrying scheduler, in a',
        'fresh environment built from an old one. `CREATE TABLE t` succeeds once; the second time it raises "already',
        'exists", the script stops, and every statement after it is skipped. `DROP TABLE t` and `ADD COLUMN c` break the',
        'same way in the other direction.',
        '',
        'A script that can be run twice is one that an operator can simply re-run, instead of editing it by hand first.',
      ].join('\n'),
      howToFix: [
        'Guard each statement so that it does nothing when its work is already done: `CREATE ... IF NOT EXISTS`,',
        '`DROP ... IF EXISTS`, `ADD COLUMN IF NOT EXISTS` where the dialect has it (PostgreSQL, Snowflake, BigQuery).',
        'For views, prefer `CREATE OR REPLACE VIEW`: `IF NOT EXISTS` would keep an old definition after you change the',
        'query. Where a dialect has no guard for an object (SQLite views, PostgreSQL materialized views), drop it with',
        '`IF EXISTS` first.',
        '',
        'pipelint does not flag a CREATE that follows a DROP of the same object in the file, a DROP of an object the',
        'file created earlier, DDL inside `IF [NOT] EXISTS (...) THEN` in procedural code, temporary tables, or ADD',
        'COLUMN in dialects without a guard (MySQL, Redshift, Spark, SQLite, and `ansi` when no dialect is configured).',
      ].join('\n'),
      whenNotToUse: [
        'Migration tools that record which scripts ran (Flyway, Liquibase, Alembic, sqitch) never run a migration twice;',
        'in their versioned migrations an unguarded statement is fine, and failing loudly on drift can even be wanted.',
        'Disable the rule for those folders in the configuration.',
      ].join('\n'),
      bad: [
        {
          title: 'Fails on the second run',
          code: 'CREATE TABLE analytics.daily_orders (\n  order_date date,\n  total numeric\n);\n',
          filename: 'setup.sql',
          output: 'CREATE TABLE IF NOT EXISTS analytics.daily_orders (\n  order_date date,\n  total numeric\n);\n',
        },
      ],
      good: [
        { title: 'A no-op when the table exists', code: 'CREATE TABLE IF NOT EXISTS analytics.daily_orders (\n  order_date date,\n  total numeric\n);\n', filename: 'setup.sql' },
        { title: 'Views are replaced', code: 'CREATE OR REPLACE VIEW analytics.v_orders AS\nSELECT * FROM analytics.orders;\n', filename: 'views.sql' },
      ],
    },
  },
  create(context) {
    const doc = context.doc;
    return {
      create(s) {
        const guard = s.name === null ? undefined : CREATE_GUARDS[s.objectType]?.[doc.dialect];
        if (guard === undefined || s.name === null || s.ifNotExists || s.orReplace || s.temporary) return;
        if (droppedBefore(doc, s, s.name) || behindExistenceCheck(doc, s)) return;
        const keywords = context.text({ start: s.keywordSpan.start, end: s.keywordSpan.end }).replace(/\s+/g, ' ');
        // `SELECT ... INTO x` (keywords `INTO [TABLE]`) has no IF NOT EXISTS form: the finding comes without a fix.
        const selectInto = !/^create\b/i.test(keywords);
        context.report({
          span: { start: s.keywordSpan.start, end: s.name.span.end },
          messageId: s.objectType === 'view' ? 'createView' : 'create',
          data: { statement: selectInto ? `SELECT ... ${keywords}` : keywords, name: s.name.name },
          ...(selectInto ? {} : { fix: createFix(doc, s, s.name, guard) }),
        });
      },
      drop(s) {
        const first = s.names[0];
        if (s.ifExists || first === undefined || !DROPPABLE.has(s.objectType)) return;
        if (s.objectType === 'index' && doc.dialect === 'mysql') return;
        if (s.names.every((n) => n.baseName.startsWith('#') || createdBefore(doc, s, n)) || behindExistenceCheck(doc, s)) return;
        context.report({
          span: { start: s.keywordSpan.start, end: first.span.end },
          messageId: 'drop',
          data: { statement: context.text(s.keywordSpan).replace(/\s+/g, ' '), name: first.name },
          fix: { title: 'Add `IF EXISTS`', edits: [insertAt(first.span.start, 'IF EXISTS ')] },
        });
      },
      'alter-table'(s) {
        if (s.target === null || replacedBefore(doc, s, s.target) || behindExistenceCheck(doc, s)) return;
        for (const action of s.actions) checkAction(s, action, s.target);
      },
    };

    function checkAction(s: AlterTableStatement, action: AlterAction, table: TableRef): void {
      const supported = action.kind === 'add-column' ? ADD_COLUMN_GUARD : action.kind === 'drop-column' ? DROP_COLUMN_GUARD : null;
      if (supported === null || !supported.has(doc.dialect) || action.ifNotExists || action.ifExists) return;
      const columnAt = columnToken(s, action);
      if (columnAt === null) return;
      const adding = action.kind === 'add-column';
      context.report({
        span: { start: action.span.start, end: columnAt.end },
        messageId: adding ? 'addColumn' : 'dropColumn',
        data: { column: action.column ?? context.text(columnAt), table: table.name },
        fix: { title: adding ? 'Add `IF NOT EXISTS`' : 'Add `IF EXISTS`', edits: [insertAt(columnAt.start, adding ? 'IF NOT EXISTS ' : 'IF EXISTS ')] },
      });
    }
  },
});

function createFix(doc: SqlDocument, s: CreateStatement, name: TableRef, guard: CreateGuard): Fix {
  if (guard === 'if-not-exists') return { title: 'Add `IF NOT EXISTS`', edits: [insertAt(name.span.start, 'IF NOT EXISTS ')] };
  if (guard === 'or-replace') return { title: 'Add `OR REPLACE`', edits: [insertAt(s.tokens[0].end, ' OR REPLACE')] };
  const kind = s.objectType.toUpperCase();
  const indent = indentationAt(doc.text, s.span.start);
  return {
    title: `Drop the ${s.objectType} first with \`DROP ${kind} IF EXISTS\``,
    edits: [insertAt(s.span.start, `DROP ${kind} IF EXISTS ${doc.text.slice(name.span.start, name.span.end)};\n${indent}`)],
  };
}

/** The token naming the column: the first one after `ADD [COLUMN]` or `DROP [COLUMN]`. */
function columnToken(s: AlterTableStatement, action: AlterAction): Span | null {
  const tokens = tokensIn(s.tokens, action.span);
  let i = 0;
  if (isWord(tokens[i], 'ADD', 'DROP')) i++;
  if (isWord(tokens[i], 'COLUMN')) i++;
  return tokens[i] ?? null;
}

const EXISTENCE_CHECK = /\bIF\s+(?:NOT\s+)?EXISTS\s*\([\s\S]*\bTHEN\s*$/i;

/** In procedural code, `IF NOT EXISTS (SELECT ... FROM information_schema ...) THEN <ddl>` is the guard. */
function behindExistenceCheck(doc: SqlDocument, s: Statement): boolean {
  if (s.parent === null) return false;
  const previous = s.parent.children[(positions(s.parent).get(s) ?? -1) - 1];
  const from = previous === undefined ? s.parent.keywordSpan.end : previous.span.end;
  return EXISTENCE_CHECK.test(doc.text.slice(from, s.span.start));
}

const positions = memoize((block: BlockStatement): ReadonlyMap<Statement, number> => new Map(block.children.map((child, i) => [child, i])));

/**
 * Whether a statement before `s` in the table's history passes `test`. `key` must name everything `test` depends
 * on besides `name` (the history array is already per name): the first passing statement is found once per key.
 */
function someBefore(doc: SqlDocument, s: Statement, name: TableRef, key: string, test: (p: Statement) => boolean): boolean {
  return someInHistoryBefore(tableHistory(doc, name), s.index, key, test);
}

function droppedBefore(doc: SqlDocument, s: CreateStatement, name: TableRef): boolean {
  return someBefore(doc, s, name, `dropped ${s.objectType}`, (p) => p.kind === 'drop' && p.objectType === s.objectType && p.names.some((n) => sameTable(n, name)));
}

function createdBefore(doc: SqlDocument, s: DropStatement, name: TableRef): boolean {
  return someBefore(doc, s, name, `created ${s.objectType}`, (p) => p.kind === 'create' && p.objectType === s.objectType && p.name !== null && sameTable(p.name, name));
}

/** ALTER on a table the script just replaced or created as temporary runs against a fresh table every time. */
function replacedBefore(doc: SqlDocument, s: AlterTableStatement, name: TableRef): boolean {
  return someBefore(
    doc,
    s,
    name,
    'replaced',
    (p) => (p.kind === 'create' && (p.orReplace || p.temporary) && p.name !== null && sameTable(p.name, name)) || (p.kind === 'drop' && p.names.some((n) => sameTable(n, name))),
  );
}
