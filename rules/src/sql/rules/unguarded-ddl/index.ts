import type { Fix, Span } from '../../../core/types.js';
import { DIALECTS, type AlterAction, type AlterTableStatement, type CreateStatement, type Dialect, type DropStatement, type ObjectType, type SqlDocument, type Statement, type TableRef } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { tableHistory } from '../util/doc-index.js';
import { someBefore as someInHistoryBefore } from '../util/history.js';
import { memoize } from '../util/memo.js';
import { indentationAt, insertAt } from '../util/edits.js';
import { sameTable } from '../util/tables.js';
import { isWord, tokensIn } from '../util/tokens.js';
import docs from './docs.js';
import { behindExistenceCheck } from './checks.js';
import { inFreshContainer } from './containers.js';
import { MIGRATION_DEFAULTS, MIGRATION_SCHEMA, skipsMigration, type MigrationOptions } from '../util/migrations.js';

type Options = MigrationOptions;

type CreateGuard = 'if-not-exists' | 'or-replace' | 'drop-first';

const ALL: readonly Dialect[] = DIALECTS;

/** How each dialect makes a CREATE re-runnable; a missing entry means pipelint does not check it there. */
const CREATE_GUARDS: Partial<Record<ObjectType, Partial<Record<Dialect, CreateGuard>>>> = {
  table: Object.fromEntries(ALL.map((d) => [d, 'if-not-exists'])),
  schema: Object.fromEntries(ALL.filter((d) => d !== 'sqlite').map((d) => [d, 'if-not-exists'])),
  database: { mysql: 'if-not-exists', snowflake: 'if-not-exists', spark: 'if-not-exists' },
  index: { postgres: 'if-not-exists', sqlite: 'if-not-exists' },
  sequence: { postgres: 'if-not-exists', snowflake: 'if-not-exists' },
  view: { ...Object.fromEntries(ALL.map((d) => [d, 'or-replace'])), sqlite: 'drop-first' },
  'materialized view': { snowflake: 'or-replace', bigquery: 'or-replace', postgres: 'drop-first', redshift: 'drop-first' },
  // Routines: a changed body must replace the old one. MySQL has no OR REPLACE for them.
  function: { ...Object.fromEntries(ALL.filter((d) => d !== 'sqlite').map((d) => [d, 'or-replace'])), mysql: 'drop-first' },
  procedure: { ...Object.fromEntries(ALL.filter((d) => d !== 'sqlite').map((d) => [d, 'or-replace'])), mysql: 'drop-first' },
  // Snowflake objects. Definitions are replaced; objects that hold state are kept: OR REPLACE resets a stream's
  // offset, a pipe's load history and an integration's external id (which the cloud's trust policy names).
  task: { snowflake: 'or-replace' },
  alert: { snowflake: 'or-replace' },
  'file format': { snowflake: 'or-replace' },
  stream: { snowflake: 'if-not-exists' },
  pipe: { snowflake: 'if-not-exists' },
  integration: { snowflake: 'if-not-exists' },
};

/** Definitions that OR REPLACE brings up to date, reported with the `createDefinition` message. */
const DEFINITIONS = new Set<ObjectType>(['function', 'procedure', 'task', 'alert', 'file format']);

const DROPPABLE = new Set<ObjectType>([
  'table', 'view', 'materialized view', 'schema', 'database', 'index', 'sequence', 'function', 'procedure', 'type', 'stage', 'stream', 'task',
  'file format', 'pipe', 'integration', 'alert',
]);

/** Dialects with `ADD COLUMN IF NOT EXISTS` / `DROP COLUMN IF EXISTS`; MySQL, Redshift, Spark and SQLite have neither. */
const ADD_COLUMN_GUARD = new Set<Dialect>(['postgres', 'snowflake', 'bigquery']);
const DROP_COLUMN_GUARD = new Set<Dialect>(['postgres', 'bigquery']);

type MessageId = 'create' | 'createView' | 'createDefinition' | 'drop' | 'addColumn' | 'dropColumn' | 'columns';

export default defineSqlRule<Options, MessageId>({
  meta: {
    id: 'unguarded-ddl',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      create: '{{statement}} fails when {{name}} already exists: a second run stops here, half way through the script.',
      createView: '{{statement}} fails when {{name}} already exists: a second run stops here, and a changed definition never replaces the old one.',
      createDefinition: '{{statement}} fails when {{name}} already exists: a second run stops here, and a changed definition never replaces the old one.',
      drop: '{{statement}} fails when {{name}} is already gone: a re-run after a partial failure stops here.',
      addColumn: 'ADD COLUMN {{column}} fails once {{table}} has the column: a second run of this script stops here.',
      dropColumn: 'DROP COLUMN {{column}} fails once {{table}} has lost the column: a second run of this script stops here.',
      columns: 'This ALTER TABLE {{table}} makes {{count}} column changes ({{columns}}) that fail once they are done: a second run of this script stops here.',
    },
    schema: {
      type: 'object',
      properties: {
        ...MIGRATION_SCHEMA,
      },
      additionalProperties: false,
    },
    fixable: true,
    docs,
  },
  defaultOptions: { ...MIGRATION_DEFAULTS },
  create(context) {
    const doc = context.doc;
    if (skipsMigration(context.filename, context.options)) return {};
    const checkCreate = (s: CreateStatement): void => {
      const guard = s.name === null ? undefined : CREATE_GUARDS[s.objectType]?.[doc.dialect];
      if (guard === undefined || s.name === null || s.ifNotExists || s.orReplace || s.temporary) return;
      if (droppedBefore(doc, s, s.name) || behindExistenceCheck(doc, s) || inFreshContainer(doc, s, s.name, s.objectType) || isDatedBackup(s)) return;
      const keywords = context.text({ start: s.keywordSpan.start, end: s.keywordSpan.end }).replace(/\s+/g, ' ');
      // `SELECT ... INTO x` (keywords `INTO [TABLE]`) has no IF NOT EXISTS form: the finding comes without a fix.
      const selectInto = !/^create\b/i.test(keywords);
      context.report({
        span: { start: s.keywordSpan.start, end: s.name.span.end },
        messageId: s.objectType === 'view' ? 'createView' : DEFINITIONS.has(s.objectType) ? 'createDefinition' : 'create',
        data: { statement: selectInto ? `SELECT ... ${keywords}` : keywords, name: s.name.name },
        ...(selectInto ? {} : { fix: createFix(doc, s, s.name, guard) }),
      });
    };
    return {
      create: checkCreate,
      block(s) {
        // CREATE FUNCTION / PROCEDURE / TASK with a body the front end reads as statements.
        if (s.definition !== null) checkCreate(s.definition);
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
        const table = s.target;
        if (table === null || replacedBefore(doc, s, table) || behindExistenceCheck(doc, s) || inFreshContainer(doc, s, table, 'table')) return;
        const failing = s.actions.flatMap((action, i) => {
          const columnAt = failingColumn(s, action, i);
          return columnAt === null ? [] : [{ action, columnAt }];
        });
        const first = failing[0];
        if (first === undefined) return;
        // One statement, one finding: the ALTER fails (and is rolled back) as a whole at its first done change.
        const edits = failing.map(({ action, columnAt }) => insertAt(columnAt.start, action.kind === 'add-column' ? 'IF NOT EXISTS ' : 'IF EXISTS '));
        const adding = first.action.kind === 'add-column';
        const name = (f: (typeof failing)[number]): string => f.action.column ?? context.text(f.columnAt);
        if (failing.length === 1) {
          context.report({
            span: { start: first.action.span.start, end: first.columnAt.end },
            messageId: adding ? 'addColumn' : 'dropColumn',
            data: { column: name(first), table: table.name },
            fix: { title: adding ? 'Add `IF NOT EXISTS`' : 'Add `IF EXISTS`', edits },
          });
          return;
        }
        context.report({
          span: { start: first.action.span.start, end: first.columnAt.end },
          messageId: 'columns',
          data: { table: table.name, count: String(failing.length), columns: failing.map(name).join(', ') },
          fix: { title: 'Add `IF [NOT] EXISTS` to each column change', edits },
        });
      },
    };

    /** The column token of an ADD/DROP COLUMN that fails on a second run, or null when it cannot fail or is guarded. */
    function failingColumn(s: AlterTableStatement, action: AlterAction, position: number): Span | null {
      const supported = action.kind === 'add-column' ? ADD_COLUMN_GUARD : action.kind === 'drop-column' ? DROP_COLUMN_GUARD : null;
      if (supported === null || !supported.has(doc.dialect) || action.ifNotExists || action.ifExists) return null;
      if (action.column !== null && changedBefore(doc, s, position, action)) return null;
      return columnToken(s, action);
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

/**
 * ALTER TABLE statements filed by table base name and column: the column changes of a document, for asking whether
 * an earlier change of the same column makes this one safe.
 */
const columnChanges = memoize((doc: SqlDocument): ReadonlyMap<string, { s: AlterTableStatement; position: number; action: AlterAction }[]> => {
  const byKey = new Map<string, { s: AlterTableStatement; position: number; action: AlterAction }[]>();
  for (const s of doc.statements) {
    if (s.kind !== 'alter-table' || s.target === null) continue;
    s.actions.forEach((action, position) => {
      if (action.column === null || (action.kind !== 'add-column' && action.kind !== 'drop-column')) return;
      const key = `${s.target?.baseName}|${action.column.toLowerCase()}`;
      const list = byKey.get(key) ?? [];
      list.push({ s, position, action });
      byKey.set(key, list);
    });
  }
  return byKey;
});

/**
 * True when an earlier change of the same column of the same table (in this file, or earlier in this ALTER) comes
 * first on a re-run: `DROP COLUMN [IF EXISTS] c` before `ADD COLUMN c` re-adds a column it just removed, and
 * `ADD COLUMN c` before `DROP COLUMN c` drops one it just added. The earlier change either succeeds, and this one
 * then cannot fail, or it is the one that fails.
 */
function changedBefore(doc: SqlDocument, s: AlterTableStatement, position: number, action: AlterAction): boolean {
  if (s.target === null || action.column === null) return false;
  const target = s.target;
  const column = action.column.toLowerCase();
  const opposite = action.kind === 'add-column' ? 'drop-column' : 'add-column';
  if (s.actions.some((a, i) => i < position && a.kind === opposite && a.column?.toLowerCase() === column)) return true;
  const list = columnChanges(doc).get(`${target.baseName}|${column}`) ?? [];
  // The first opposite change is found once per list and table name, so many ALTERs of one column stay linear.
  let firsts = firstChanges.get(list);
  if (firsts === undefined) {
    firsts = new Map();
    firstChanges.set(list, firsts);
  }
  const key = `${opposite}|${target.templated}|${target.name}`;
  let first = firsts.get(key);
  if (first === undefined) {
    const found = list.find((e) => e.action.kind === opposite && e.s.target !== null && sameTable(e.s.target, target));
    first = found === undefined ? Infinity : found.s.index;
    firsts.set(key, first);
  }
  return first < s.index;
}

const firstChanges = new WeakMap<readonly unknown[], Map<string, number>>();

/**
 * Whether a statement before `s` in the table's history passes `test`. `key` must name everything `test` depends
 * on besides `name` (the history array is already per name): the first passing statement is found once per key.
 */
function someBefore(doc: SqlDocument, s: Statement, name: TableRef, key: string, test: (p: Statement) => boolean): boolean {
  return someInHistoryBefore(tableHistory(doc, name), s.index, key, test);
}

/** `orders__backup_2024_01_31`, `bak_orders_20240131`: a name that says backup and carries the date it was taken. */
const DATED_BACKUP = /(?:^|_)(?:backup|bak|bkp)(?:_|$|\d)/i;
const DATE_IN_NAME = /(?:19|20)\d\d[-_]?[01]\d[-_]?[0-3]\d/;

/**
 * A one-off copy (CREATE TABLE ... AS) named as a backup of a given day. No guard suits it: OR REPLACE would destroy
 * the earlier copy, and IF NOT EXISTS would keep an old copy while the script goes on to change the rows it was
 * meant to save. Failing on a second run is the safe behaviour.
 */
function isDatedBackup(s: CreateStatement): boolean {
  if (s.objectType !== 'table' || s.asQuery === null || s.name === null) return false;
  return DATED_BACKUP.test(s.name.baseName) && DATE_IN_NAME.test(s.name.baseName);
}

function droppedBefore(doc: SqlDocument, s: CreateStatement, name: TableRef): boolean {
  return someBefore(doc, s, name, `dropped ${s.objectType}`, (p) => p.kind === 'drop' && p.objectType === s.objectType && p.names.some((n) => sameTable(n, name)));
}

/** The CREATE of a statement: itself, or the definition of a function, procedure, trigger or task block. */
function creation(p: Statement): CreateStatement | null {
  return p.kind === 'create' ? p : p.kind === 'block' ? p.definition : null;
}

/** A DROP of any kind of object (table, task, procedure, sequence, stream...) that the file created before. */
function createdBefore(doc: SqlDocument, s: DropStatement, name: TableRef): boolean {
  return someBefore(doc, s, name, `created ${s.objectType}`, (p) => {
    const c = creation(p);
    return c !== null && c.objectType === s.objectType && c.name !== null && sameTable(c.name, name);
  });
}

/**
 * ALTER on a table the script just replaced, created as temporary or dropped runs against a fresh table every time.
 * A plain CREATE TABLE does not count: it is reported itself, and once it says IF NOT EXISTS it keeps the old table.
 */
function replacedBefore(doc: SqlDocument, s: AlterTableStatement, name: TableRef): boolean {
  return someBefore(
    doc,
    s,
    name,
    'replaced',
    (p) => (p.kind === 'create' && (p.orReplace || p.temporary) && p.name !== null && sameTable(p.name, name)) || (p.kind === 'drop' && p.names.some((n) => sameTable(n, name))),
  );
}
