import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import type { Finding, Span } from '../core/types.js';
import { mapFinding, withFileLines, WRITE_OR_DDL } from '../sql/embedded-map.js';
import type { Dialect } from '../sql/model.js';
import { parseSql } from '../sql/parse.js';
import { sqlRules } from '../sql/rules/index.js';
import { runSqlRules } from '../sql/run-rules.js';
import { looksLikeSql } from '../ts/embedded/libraries.js';
import { MappedText, type QuoteKind } from '../ts/embedded/mapped-text.js';
import { callArguments, calleeName, dottedPath, enclosing, field, isTrue, MAX_NESTING, qualifiedCallee, receiver, stringValue } from './ast.js';
import { importsAny, isMigrationFile, isTestFile, spanOf, type PyDocument } from './model.js';
import { isLintedFile } from './linted-files.js';
import type { PyNode } from './parser.js';

/**
 * SQL a Python file sends to a database, linted with the SQL rules and reported at the Python source:
 * DB-API `cursor.execute` / `executemany`, SQLAlchemy `text()`, `spark.sql()`, pandas `read_sql`, and the `sql`
 * of Airflow SQL operators (inline, or a `.sql` file they name) and BigQuery job configurations.
 */

interface Site {
  /** The expression that evaluates to the SQL. */
  value: PyNode;
  /** Calls of one function form one script, in call order; an operator is a script of its own. */
  group: PyNode;
  dialect: Dialect | null;
  /** True when the statements run inside one transaction (DB-API without autocommit; an operator without it). */
  transactional: boolean;
  /** An Airflow operator may name a .sql file instead of holding the SQL. */
  fileReference: boolean;
}

/** Driver modules and the dialect their SQL is in. */
const DRIVER_DIALECTS: readonly [string, Dialect][] = [
  ['psycopg2', 'postgres'],
  ['psycopg', 'postgres'],
  ['asyncpg', 'postgres'],
  ['pg8000', 'postgres'],
  ['redshift_connector', 'redshift'],
  ['snowflake', 'snowflake'],
  ['google.cloud.bigquery', 'bigquery'],
  ['pymysql', 'mysql'],
  ['MySQLdb', 'mysql'],
  ['mysql.connector', 'mysql'],
  ['sqlite3', 'sqlite'],
  ['pyspark', 'spark'],
  ['databricks', 'spark'],
];

/** Airflow operators whose `sql` argument is SQL (or a .sql file), with the dialect the operator implies. */
const SQL_OPERATORS: Readonly<Record<string, Dialect | null>> = {
  SQLExecuteQueryOperator: null,
  PostgresOperator: 'postgres',
  SnowflakeOperator: 'snowflake',
  SnowflakeSqlApiOperator: 'snowflake',
  RedshiftSQLOperator: 'redshift',
  RedshiftDataOperator: 'redshift',
  MySqlOperator: 'mysql',
  SqliteOperator: 'sqlite',
  DatabricksSqlOperator: 'spark',
  SparkSqlOperator: 'spark',
  BigQueryExecuteQueryOperator: 'bigquery',
  TrinoOperator: null,
  MsSqlOperator: null,
  OracleOperator: null,
};

function driverDialect(doc: PyDocument): Dialect | null {
  for (const [module, dialect] of DRIVER_DIALECTS) if (importsAny(doc, [module])) return dialect;
  return null;
}

const FUNCTIONS = new Set(['function_definition', 'lambda']);

function groupOf(doc: PyDocument, call: PyNode): PyNode {
  return enclosing(call, FUNCTIONS) ?? doc.root;
}

function operatorName(doc: PyDocument, call: PyNode): string | null {
  const qualified = qualifiedCallee(doc, call);
  if (!qualified?.startsWith('airflow.')) return null;
  const name = qualified.slice(qualified.lastIndexOf('.') + 1);
  return name in SQL_OPERATORS || name === 'BigQueryInsertJobOperator' ? name : null;
}

/** `autocommit=True` anywhere in the file (a DB-API connection setting) means no implicit transaction. */
const AUTOCOMMIT = /\bautocommit\s*(?:=|\()\s*True\b|\.autocommit\s*=\s*True\b|set_session\([^)]*autocommit\s*=\s*True/;

function sitesOf(doc: PyDocument): Site[] {
  const sites: Site[] = [];
  const dbApiTransactional = !AUTOCOMMIT.test(doc.text);
  const driver = driverDialect(doc);
  const spark = importsAny(doc, ['pyspark', 'databricks', 'delta']);
  for (const call of doc.calls) {
    const name = calleeName(call);
    if (!name) continue;
    // The arguments are read only for the calls that can send SQL: most calls of a file are not among them.
    if ((name === 'execute' || name === 'executemany') && receiver(call)) {
      const args = callArguments(call);
      const value = args.positional[0] ?? args.keywords.get('operation') ?? args.keywords.get('query') ?? args.keywords.get('sql');
      if (value) sites.push({ value, group: groupOf(doc, call), dialect: driver, transactional: dbApiTransactional, fileReference: false });
      continue;
    }
    if (name === 'sql') {
      const first = callArguments(call).positional[0];
      if (first && (spark || /^spark|^session$/i.test(dottedPath(receiver(call)) ?? ''))) {
        sites.push({ value: first, group: groupOf(doc, call), dialect: 'spark', transactional: false, fileReference: false });
        continue;
      }
    }
    const qualified = qualifiedCallee(doc, call);
    if (qualified && /^sqlalchemy(\.sql(\.expression)?)?\.text$/.test(qualified)) {
      const first = callArguments(call).positional[0];
      if (first) {
        sites.push({ value: first, group: groupOf(doc, call), dialect: driver, transactional: dbApiTransactional, fileReference: false });
        continue;
      }
    }
    if (qualified && /^pandas\.read_sql(_query)?$/.test(qualified)) {
      const args = callArguments(call);
      const value = args.positional[0] ?? args.keywords.get('sql');
      if (value) sites.push({ value, group: groupOf(doc, call), dialect: driver, transactional: false, fileReference: false });
      continue;
    }
    const operator = operatorName(doc, call);
    if (!operator) continue;
    const args = callArguments(call);
    // Airflow's DbApiHook runs every statement of one task and commits once at the end, unless autocommit is on.
    const transactional = !isTrue(args.keywords.get('autocommit'));
    if (operator === 'BigQueryInsertJobOperator') {
      const query = dictValue(dictValue(args.keywords.get('configuration') ?? null, 'query'), 'query');
      if (query) sites.push({ value: query, group: call, dialect: 'bigquery', transactional: false, fileReference: true });
      continue;
    }
    const value = args.keywords.get('sql') ?? args.keywords.get('query');
    if (!value) continue;
    for (const item of value.type === 'list' || value.type === 'tuple' ? value.namedChildren : [value]) {
      if (item) sites.push({ value: item, group: call, dialect: SQL_OPERATORS[operator] ?? driver, transactional, fileReference: true });
    }
  }
  return sites;
}

/** The value of key `key` in a dict literal (`{"query": ...}`), or of `dict(query=...)`. */
function dictValue(node: PyNode | null, key: string): PyNode | null {
  if (!node) return null;
  if (node.type === 'dictionary') {
    for (const pair of node.namedChildren) {
      if (pair?.type === 'pair' && stringValue(field(pair, 'key')) === key) return field(pair, 'value');
    }
    return null;
  }
  if (node.type === 'call' && dottedPath(field(node, 'function')) === 'dict') return callArguments(node).keywords.get(key) ?? null;
  return null;
}

/** The placeholder an f-string interpolation becomes: a Jinja expression, which the SQL front end reads as a value or a name. */
function placeholder(expression: PyNode | null): string {
  const text = expression?.text ?? '';
  return `{{ ${/^[A-Za-z_][\w.]*$/.test(text) ? text : 'value'} }}`;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', a: '\u0007', '\\': '\\', "'": "'", '"': '"', '\n': '' };

function decodeEscape(raw: string): string {
  const ch = raw[1] ?? '';
  if (ch in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[ch];
  if (ch === '\r') return '';
  if (ch === 'x' || ch === 'u' || ch === 'U') return String.fromCodePoint(Number.parseInt(raw.slice(2), 16) || 0);
  if (/[0-7]/.test(ch)) return String.fromCodePoint(Number.parseInt(raw.slice(1), 8));
  return raw; // `\N{...}` and unknown escapes stay as written: Python keeps unknown ones too.
}

class Reader {
  readonly text = new MappedText();
  /** Spans of f-strings read: an edit there must not add braces. */
  readonly fStrings: Span[] = [];

  constructor(private readonly doc: PyDocument) {}

  /** Appends the SQL an expression evaluates to; false when it is not (partly) static text. */
  read(node: PyNode, depth = 0, nesting = 0): boolean {
    if (nesting > MAX_NESTING) return false;
    switch (node.type) {
      case 'string':
        return this.readString(node);
      case 'concatenated_string':
        return node.namedChildren.every((part) => part !== null && this.readString(part));
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner !== null && this.read(inner, depth, nesting + 1);
      }
      case 'binary_operator': {
        if (field(node, 'operator')?.type !== '+') return false;
        const mark = this.text.length;
        let anyText = false;
        for (const operand of [field(node, 'left'), field(node, 'right')]) {
          if (!operand) return false;
          if (this.read(operand, depth, nesting + 1)) anyText = true;
          else this.text.appendStandIn(placeholder(operand), spanOf(operand));
        }
        if (!anyText) this.text.truncate(mark);
        return anyText;
      }
      case 'identifier': {
        const value = depth < 3 ? assignedValue(this.doc, node) : null;
        return value !== null && this.read(value, depth + 1, nesting + 1);
      }
      default:
        return false;
    }
  }

  private readString(node: PyNode): boolean {
    const parts = node.children;
    const start = parts[0];
    if (!start || start.type !== 'string_start') return false;
    const prefix = start.text.replace(/["']+$/, '').toLowerCase();
    if (prefix.includes('b')) return false; // bytes
    const raw = prefix.includes('r');
    const quote = (start.text.endsWith('"') ? '"' : "'") as QuoteKind;
    if (prefix.includes('f') || prefix.includes('t')) this.fStrings.push(spanOf(node));
    for (const part of parts) {
      if (!part) continue;
      if (part.type === 'string_content') this.readContent(part, raw, quote);
      else if (part.type === 'interpolation') this.text.appendStandIn(placeholder(field(part, 'expression')), spanOf(part));
    }
    return true;
  }

  private readContent(content: PyNode, raw: boolean, quote: QuoteKind): void {
    const text = content.text;
    const base = content.startIndex;
    let at = 0;
    // Escapes (`\n`) and doubled braces (`{{` in an f-string) are the only children, and each has its character:
    // most strings have neither, and need no look at their children.
    for (const child of raw || !/[\\{}]/.test(text) ? [] : content.children) {
      if (!child) continue;
      const offset = child.startIndex - base;
      if (offset > at) this.text.appendVerbatim(text.slice(at, offset), base + at, quote);
      const decoded = child.type === 'escape_interpolation' ? child.text[0] : decodeEscape(child.text);
      if (decoded.length > 0) this.text.appendStandIn(decoded, spanOf(child));
      at = child.endIndex - base;
    }
    if (at < text.length) this.text.appendVerbatim(text.slice(at), base + at, quote);
  }
}

/** The value last assigned to a name before its use, in the same function (or module); null when none. */
function assignedValue(doc: PyDocument, name: PyNode): PyNode | null {
  const scope = enclosing(name, FUNCTIONS) ?? doc.root;
  let found: PyNode | null = null;
  for (const assignment of scope.descendantsOfType('assignment')) {
    if (!assignment || assignment.startIndex >= name.startIndex) continue;
    if (field(assignment, 'left')?.text !== name.text) continue;
    if ((enclosing(assignment, FUNCTIONS) ?? doc.root).id !== scope.id) continue;
    found = field(assignment, 'right');
  }
  return found;
}

export function lintEmbeddedSql(doc: PyDocument, filename: string, config: ResolvedConfig): Finding[] {
  // Tests set up fixtures and migrations run once; neither is a re-runnable load.
  if (isTestFile(filename) || isMigrationFile(doc, filename)) return [];
  const sites = sitesOf(doc);
  if (sites.length === 0) return [];
  const findings = new Map<string, Finding>();
  const groups = new Map<number, Site[]>();
  for (const site of sites) {
    const list = groups.get(site.group.id) ?? [];
    list.push(site);
    groups.set(site.group.id, list);
  }
  const groupTexts = new Map<number, string>();
  for (const group of groups.values()) {
    const script = new MappedText();
    const fStrings: Span[] = [];
    let writes = 0;
    for (const site of group) {
      if (site.fileReference) {
        const file = stringValue(site.value);
        if (file !== null && /\.sql$/i.test(file.trim())) {
          for (const f of sqlFileFindings(doc, file.trim(), site, filename, config)) findings.set(`file:${findings.size}`, f);
          continue;
        }
      }
      const reader = new Reader(doc);
      if (!reader.read(site.value) || !looksLikeSql(reader.text.text)) continue;
      if (WRITE_OR_DDL.test(reader.text.text)) writes += 1;
      script.appendMapped(reader.text);
      script.appendSynthetic(reader.text.text.trimEnd().endsWith(';') ? '\n' : ';\n');
      fStrings.push(...reader.fStrings);
    }
    groupTexts.set(group[0].group.id, script.text);
    if (writes === 0) continue;
    const dialect = config.dialect !== 'ansi' ? config.dialect : (group[0].dialect ?? 'ansi');
    const sqlDoc = parseSql(script.text, { dialect, assumeInTransaction: config.assumeInTransaction || group[0].transactional });
    for (const finding of runSqlRules(sqlDoc, sqlRules, config, filename, 'embedded-sql')) {
      if (finding.ruleId === 'blind-insert' && insertGuardedInPython(doc, finding.data?.table, script.text, group[0], groupTexts, groups)) continue;
      const mapped = mapFinding(withFileLines(finding, sqlDoc.lines, script, doc.lines), script, doc.lines);
      if (!mapped) continue;
      dropBraceEdits(mapped, fStrings);
      const key = `${mapped.ruleId}:${mapped.messageId}:${mapped.range.start.offset}:${mapped.range.end.offset}`;
      if (!findings.has(key)) findings.set(key, mapped);
    }
  }
  return [...findings.values()];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The SQL of every other group of the file (another task's operator, another function), read lazily. */
function otherGroupsText(doc: PyDocument, self: number, texts: Map<number, string>, groups: Map<number, Site[]>): string {
  let out = '';
  for (const [id, sites] of groups) {
    if (id === self) continue;
    let text = texts.get(id);
    if (text === undefined) {
      text = sites.map((s) => {
        const reader = new Reader(doc);
        return reader.read(s.value) ? reader.text.text : '';
      }).join(';\n');
      texts.set(id, text);
    }
    out += `${text};\n`;
  }
  return out;
}

/**
 * What makes a row-by-row INSERT from Python safe to re-run, seen in the SQL around it rather than in the INSERT:
 * - a claim in one transaction: the rows come from a query on `col IS NULL` / `col = false`, and the same function
 *   sets `col` (`UPDATE trees SET earnings_id = ...`), so a re-run finds nothing left to insert for;
 * - the rows exclude what the target holds (`... NOT IN (SELECT id FROM target)`, `NOT EXISTS (... FROM target`);
 * - another task of the same DAG file drops or truncates the target first (`drop_table >> create_table >> load`).
 */
function insertGuardedInPython(doc: PyDocument, table: string | undefined, script: string, site: Site, texts: Map<number, string>, groups: Map<number, Site[]>): boolean {
  if (site.transactional) {
    for (const m of script.matchAll(/\b(?:\w+\.)?(\w+)\s+(?:is\s+null\b|=\s*false\b)/gi)) {
      const column = escapeRegExp(m[1]);
      if (new RegExp(`\\bupdate\\s+[\\w."\`]+(?:\\s+(?:as\\s+)?\\w+)?\\s+set\\b[^;]*?(?:^|[\\s,.])${column}\\s*=`, 'i').test(script)) return true;
    }
  }
  if (!table) return false;
  const name = escapeRegExp(table.split('.').pop() ?? table);
  const ref = `[\\w."\`]*?\\b${name}\\b`;
  if (new RegExp(`\\bnot\\s+(?:in\\s*\\(\\s*select|exists\\s*\\(\\s*select)\\b[^;]*?\\bfrom\\s+${ref}`, 'i').test(script)) return true;
  return new RegExp(`\\b(?:drop\\s+table(?:\\s+if\\s+exists)?|truncate(?:\\s+table)?)\\s+${ref}`, 'i').test(otherGroupsText(doc, site.group.id, texts, groups));
}

/** In an f-string a `{` or `}` starts or ends an interpolation: a fix that would insert one is dropped. */
function dropBraceEdits(finding: Finding, fStrings: readonly Span[]): void {
  const unsafe = (fix: NonNullable<Finding['fix']>): boolean =>
    fix.edits.some((e) => /[{}]/.test(e.text) && fStrings.some((s) => s.start <= e.span.start && e.span.end <= s.end));
  if (finding.fix && unsafe(finding.fix)) delete finding.fix;
  if (finding.suggestions) {
    finding.suggestions = finding.suggestions.filter((s) => !unsafe(s));
    if (finding.suggestions.length === 0) delete finding.suggestions;
  }
}

/**
 * An operator's `sql="load.sql"` runs that file. Airflow resolves it against the DAG folder and the DAG's
 * `template_searchpath`; pipelint looks beside the DAG file. A file the run lints anyway (it lies under the paths
 * given to the CLI) is reported there, once; otherwise its findings come here, on the `sql=` argument.
 */
function sqlFileFindings(doc: PyDocument, file: string, site: Site, filename: string, config: ResolvedConfig): Finding[] {
  if (path.isAbsolute(file) || file.includes('{{')) return [];
  const absolute = path.resolve(path.dirname(filename), file);
  if (isLintedFile(absolute)) return [];
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch {
    return [];
  }
  const dialect = config.dialect !== 'ansi' ? config.dialect : (site.dialect ?? 'ansi');
  const sqlDoc = parseSql(text, { dialect, assumeInTransaction: config.assumeInTransaction || site.transactional });
  const at = spanOf(site.value);
  const lines = doc.lines;
  return runSqlRules(sqlDoc, sqlRules, config, absolute, 'embedded-sql').map((f) => {
    const where = `${path.basename(absolute)}:${f.range.start.line}:${f.range.start.column}`;
    const data = { ...f.data, file: where };
    const moved: Finding = { ...f, data, message: `${where}: ${f.message}`, range: lines.range(at.start, at.end) };
    delete moved.fix;
    delete moved.suggestions;
    delete moved.related;
    return moved;
  });
}
