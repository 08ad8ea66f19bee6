import type { DbtModelProject } from '../project/dbt-project.js';
import type { Dialect } from '../constants.js';
import type { LineIndex } from '../core/line-index.js';
import type { Span } from '../core/types.js';

// The dialect list is one of the shared lists; the SQL front end re-exports it where its users look.
export { DIALECTS, type Dialect } from '../constants.js';

export type TokenKind =
  | 'word' // keyword or bare identifier
  | 'quoted-ident' // "x", `x`, [x]
  | 'string' // 'x', E'x', N'x', $tag$x$tag$, "x" in MySQL when it is a string
  | 'number'
  | 'param' // $1, :name, ?, @var, %(name)s
  | 'operator' // = <> != >= <= > < + - * / || :: etc.
  | 'punct' // ( ) , ; . [ ]
  | 'comment' // -- x, # x (MySQL), /* x */
  | 'jinja-expr' // {{ ... }}
  | 'jinja-stmt' // {% ... %}
  | 'jinja-comment' // {# ... #}
  | 'unknown'; // a character no dialect gives meaning to

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The source text of the token. */
  text: string;
  /** For `word` tokens: the upper-cased text; for quoted identifiers: the unquoted name; otherwise the text. */
  value: string;
  /** Set when the token is unterminated (string, comment, quoted identifier, Jinja) at end of input. */
  unterminated?: boolean;
  /** Set on a token that ends a statement: `;`, a MySQL `DELIMITER` in effect, or the argument of a `DELIMITER` line. */
  delimiter?: boolean;
}

/** A dotted name as written: `analytics.daily_orders`, `"Sales"."Orders"`, `{{ this }}`, `{{ ref('orders') }}`. */
export interface TableRef {
  /** Lower-cased, unquoted, dot-joined: `analytics.daily_orders`. Quoted parts keep their case. Jinja parts keep their text. */
  name: string;
  /** Its last part (`daily_orders`), for matching `x` against `schema.x`. */
  baseName: string;
  span: Span;
  /** True when any part is a Jinja expression (`{{ this }}`, `{{ ref('x') }}`, `{{ params.table }}`). */
  templated: boolean;
}

/** A run of tokens (comments excluded) covering an expression or clause. */
export interface Expr {
  span: Span;
  tokens: Token[];
}

export interface SetItem {
  column: string;
  columnSpan: Span;
  value: Expr;
  span: Span;
}

export interface FunctionCall {
  /** Lower-cased, qualified as written: `now`, `current_timestamp`, `pg_catalog.now`, `dbt_utils.star`. */
  name: string;
  nameSpan: Span;
  /** The whole call including arguments; for niladic keywords like `CURRENT_DATE`, the keyword. */
  span: Span;
  /** Top-level arguments; empty for niladic keywords. */
  args: Expr[];
  /** True for SQL-standard niladic forms written without parentheses (`CURRENT_TIMESTAMP`, `SYSDATE`). */
  niladic: boolean;
}

export type StatementKind =
  | 'insert'
  | 'delete'
  | 'update'
  | 'merge'
  | 'create'
  | 'drop'
  | 'alter-table'
  | 'truncate'
  | 'copy'
  | 'select'
  | 'begin'
  | 'commit'
  | 'rollback'
  | 'block' // procedure / function / DO / BigQuery-Snowflake scripting BEGIN...END: statements inside are in `children`
  | 'other';

interface StatementBase {
  kind: StatementKind;
  /** Position in `SqlDocument.statements` (depth-first order, children after their block). */
  index: number;
  /** From the first significant token to the end of the last one, excluding the `;`. */
  span: Span;
  /** Significant tokens of the statement (comments excluded; Jinja tokens included). */
  tokens: Token[];
  /** The first keyword(s) naming the statement (`INSERT INTO`, `CREATE TABLE`), used as the default report span. */
  keywordSpan: Span;
  /** Every function call, at any depth, in source order. */
  calls: FunctionCall[];
  /** The transaction this statement runs in, or null when it autocommits. */
  transaction: TransactionBlock | null;
  /** The enclosing procedure/scripting block, if any. */
  parent: BlockStatement | null;
  /** True when the statement is inside `{% if is_incremental() %} ... {% endif %}`, wholly or partly. */
  inIncrementalBlock: boolean;
}

export type InsertGuard =
  | 'on-conflict' // PostgreSQL / SQLite ON CONFLICT
  | 'on-duplicate-key' // MySQL ON DUPLICATE KEY UPDATE
  | 'insert-ignore' // MySQL INSERT IGNORE, SQLite INSERT OR IGNORE / OR REPLACE, MySQL REPLACE INTO
  | 'overwrite' // Spark/Hive/Snowflake INSERT OVERWRITE
  | 'not-exists' // WHERE NOT EXISTS (... target ...)
  | 'anti-join' // LEFT JOIN target ... WHERE target.key IS NULL, or NOT IN (select ... from target), or EXCEPT select from target
  | 'qualify-dedup'; // reserved: a dedup that references the target

export interface InsertStatement extends StatementBase {
  kind: 'insert';
  target: TableRef | null;
  columns: { name: string; span: Span }[];
  source: { kind: 'values' | 'query' | 'default' | 'unknown'; span: Span | null; rows: Expr[] };
  guards: InsertGuard[];
  onConflict: {
    span: Span;
    /** Conflict target columns, when written: `ON CONFLICT (order_id)`. */
    columns: string[];
    action: 'nothing' | 'update' | 'unknown';
    setItems: SetItem[];
  } | null;
  onDuplicateKey: { span: Span; setItems: SetItem[] } | null;
}

export interface DeleteStatement extends StatementBase {
  kind: 'delete';
  target: TableRef | null;
  where: Expr | null;
}

export interface UpdateStatement extends StatementBase {
  kind: 'update';
  target: TableRef | null;
  setItems: SetItem[];
  from: Expr | null;
  where: Expr | null;
}

export interface MergeWhen {
  matched: boolean;
  /** `WHEN NOT MATCHED BY SOURCE` (BigQuery/SQL Server) */
  bySource: boolean;
  condition: Expr | null;
  action: 'update' | 'delete' | 'insert' | 'nothing' | 'unknown';
  setItems: SetItem[];
  insertColumns: string[];
  insertValues: Expr | null;
  span: Span;
}

export interface MergeStatement extends StatementBase {
  kind: 'merge';
  target: TableRef | null;
  /** A table name, or null when the source is a subquery. */
  sourceTable: TableRef | null;
  source: Expr | null;
  on: Expr | null;
  whens: MergeWhen[];
}

export type ObjectType =
  | 'table'
  | 'view'
  | 'materialized view'
  | 'schema'
  | 'database'
  | 'index'
  | 'sequence'
  | 'function'
  | 'procedure'
  | 'stage'
  | 'stream'
  | 'task'
  | 'type'
  | 'file format'
  | 'integration'
  | 'pipe'
  | 'alert'
  | 'other';

export interface CreateStatement extends StatementBase {
  kind: 'create';
  objectType: ObjectType;
  name: TableRef | null;
  ifNotExists: boolean;
  orReplace: boolean;
  temporary: boolean;
  /** CREATE TABLE ... AS SELECT / CREATE VIEW ... AS; for `SELECT ... INTO x`, the query without its INTO clause. */
  asQuery: Expr | null;
  /** PARTITION BY / PARTITIONED BY / CLUSTER BY columns or expressions, when written. */
  partitionBy: Expr | null;
}

export interface DropStatement extends StatementBase {
  kind: 'drop';
  objectType: ObjectType;
  names: TableRef[];
  ifExists: boolean;
}

export interface AlterAction {
  kind: 'add-column' | 'drop-column' | 'rename' | 'other';
  span: Span;
  ifNotExists: boolean;
  ifExists: boolean;
  column: string | null;
}

export interface AlterTableStatement extends StatementBase {
  kind: 'alter-table';
  target: TableRef | null;
  ifExists: boolean;
  actions: AlterAction[];
}

export interface TruncateStatement extends StatementBase {
  kind: 'truncate';
  targets: TableRef[];
}

export interface CopyOption {
  /** Upper-cased option name: `FORCE`, `ON_ERROR`, `PURGE`. */
  name: string;
  /** Upper-cased value text without quotes: `TRUE`, `CONTINUE`. A bare flag (`CSV`, `HEADER`) has the value `TRUE`. */
  value: string;
  span: Span;
}

export interface CopyStatement extends StatementBase {
  kind: 'copy';
  /** `COPY INTO table FROM @stage` / `COPY table FROM 'file'`: the table being loaded; null when unloading. */
  target: TableRef | null;
  direction: 'load' | 'unload' | 'unknown';
  options: CopyOption[];
}

export interface SelectStatement extends StatementBase {
  kind: 'select';
}

export interface TransactionControlStatement extends StatementBase {
  kind: 'begin' | 'commit' | 'rollback';
}

export interface BlockStatement extends StatementBase {
  kind: 'block';
  /** `procedure`, `function`, `do`, `script` (BigQuery/Snowflake BEGIN...END), `trigger`, `task` (Snowflake CREATE TASK ... AS). */
  blockType: 'procedure' | 'function' | 'do' | 'script' | 'trigger' | 'task';
  /** Statements found in the body, in order; their `parent` is this block. */
  children: Statement[];
  /** Procedure bodies run atomically in most warehouses when called; scripting blocks do not unless they say BEGIN TRANSACTION. */
  atomic: boolean;
  /** For a block made by `CREATE FUNCTION / PROCEDURE / TRIGGER / TASK`: that CREATE (name, OR REPLACE, IF NOT EXISTS). */
  definition: CreateStatement | null;
  /** The text whose statements are `children`: inside the dollar quotes, after BEGIN, or after a task's AS. */
  body: Span;
}

export interface OtherStatement extends StatementBase {
  kind: 'other';
  /** Upper-cased first keyword(s), for example `GRANT`, `SET`, `CALL`, `VACUUM`. */
  verb: string;
}

export type Statement =
  | InsertStatement
  | DeleteStatement
  | UpdateStatement
  | MergeStatement
  | CreateStatement
  | DropStatement
  | AlterTableStatement
  | TruncateStatement
  | CopyStatement
  | SelectStatement
  | TransactionControlStatement
  | BlockStatement
  | OtherStatement;

/** Statements between BEGIN/START TRANSACTION and COMMIT/ROLLBACK, or an atomic procedure body. */
export interface TransactionBlock {
  id: number;
  /** The statement that opened it; null when implied (an atomic block, or the assume-in-transaction setting). */
  begin: Statement | null;
  /** The COMMIT/ROLLBACK (or PostgreSQL PREPARE TRANSACTION) that closed it; null when the file ends inside it. */
  end: Statement | null;
  implicit: boolean;
}

export interface DbtConfigArg {
  /** The literal value: strings unquoted, `true`/`false` as booleans, lists as string arrays; `null` when not a literal. */
  value: string | boolean | number | string[] | null;
  /** The source text of the value. */
  raw: string;
  span: Span;
}

export interface DbtInfo {
  /** The `{{ config(...) }}` call, if present. Keys are lower-cased. */
  config: { span: Span; args: Record<string, DbtConfigArg> } | null;
  /** Spans of `{% if is_incremental() %} ... {% endif %}` bodies (the text between the tags). */
  incrementalBlocks: Span[];
  /** True when the file uses dbt/Jinja constructs (`ref`, `source`, `config`, `this`, `is_incremental`). */
  isDbtModel: boolean;
  /**
   * Bodies of `{% if %}` branches that only a development or CI run takes: the test names `target.*`, `env_var()`
   * or a dev/CI/sample switch (`var('dev_dates')`), and the branch is not the one a `== 'prod'` test selects.
   */
  nonProductionBlocks: Span[];
  /**
   * The model's config from its dbt project's YAML (`dbt_project.yml` folder blocks, then properties files), set by
   * the engine when the linted file lies under a dbt project on disk; undefined otherwise. `config` above wins over it.
   */
  project?: DbtModelProject | null;
}

export interface ParseProblem {
  message: string;
  span: Span;
}

export interface SqlDocument {
  text: string;
  dialect: Dialect;
  lines: LineIndex;
  /** All tokens including comments and Jinja, in order; whitespace is not a token. */
  tokens: Token[];
  /**
   * Every comment and Jinja comment, in order, including those inside re-lexed procedure and `DO` bodies
   * (which `tokens` holds as one dollar-quoted string).
   */
  comments: Token[];
  /** Top-level statements and, after each block, its children: depth-first, in source order. */
  statements: Statement[];
  transactions: TransactionBlock[];
  dbt: DbtInfo;
  /** Unterminated strings, comments or Jinja, unbalanced blocks: the analysis went on, but findings near them may be missed. */
  problems: ParseProblem[];
}

export interface ParseOptions {
  dialect?: Dialect;
  /** Treat the whole file as running in one transaction (runners that wrap each script, like Flyway or dbt hooks). */
  assumeInTransaction?: boolean;
}
