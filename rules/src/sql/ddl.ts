import { emptyExpr, exprOf, findTopLevel, findTopLevelWord, isKeyword, isPunct, isWord, partText, readTableRef, stepOver, topLevelRanges } from './expr.js';
import { spanOf, withBase, type Base, type Clauses } from './clauses.js';
import type {
  AlterAction,
  AlterTableStatement,
  CopyOption,
  CopyStatement,
  CreateStatement,
  DropStatement,
  Expr,
  ObjectType,
  TableRef,
  Token,
  TruncateStatement,
} from './model.js';

const OBJECT_WORDS: Record<string, ObjectType> = {
  TABLE: 'table',
  VIEW: 'view',
  SCHEMA: 'schema',
  DATABASE: 'database',
  INDEX: 'index',
  SEQUENCE: 'sequence',
  FUNCTION: 'function',
  PROCEDURE: 'procedure',
  STAGE: 'stage',
  STREAM: 'stream',
  TASK: 'task',
  TYPE: 'type',
  TRIGGER: 'other',
  EXTENSION: 'other',
  ROLE: 'other',
  USER: 'other',
  EVENT: 'other',
  PIPE: 'pipe',
  INTEGRATION: 'integration',
  ALERT: 'alert',
  DATASET: 'schema',
  WAREHOUSE: 'other',
  MACRO: 'function',
};

const TEMP_WORDS = new Set(['TEMP', 'TEMPORARY', 'VOLATILE']);

export interface ObjectHeader {
  objectType: ObjectType;
  orReplace: boolean;
  temporary: boolean;
  /** Index just after the object-type word(s). */
  next: number;
  /** Index of the last keyword of the header. */
  lastKeyword: number;
}

/** Reads `[OR REPLACE] [TEMP] [MATERIALIZED] TABLE` after CREATE/DROP; modifiers are skipped up to the object word. */
export function readObjectHeader(sig: readonly Token[], from: number): ObjectHeader {
  let orReplace = false;
  let temporary = false;
  let materialized = false;
  const limit = Math.min(sig.length, from + 16);
  for (let i = from; i < limit; i++) {
    const t = sig[i];
    if (t.kind !== 'word') continue;
    if (t.value === 'REPLACE' && isKeyword(sig[i - 1], 'OR')) orReplace = true;
    else if (TEMP_WORDS.has(t.value)) temporary = true;
    else if (t.value === 'MATERIALIZED') materialized = true;
    else if (t.value in OBJECT_WORDS) {
      let objectType = OBJECT_WORDS[t.value];
      let next = i + 1;
      if (materialized && objectType === 'view') objectType = 'materialized view';
      if (t.value === 'TABLE' && isKeyword(sig[i + 1], 'FUNCTION')) {
        objectType = 'function';
        next++;
      }
      return { objectType, orReplace, temporary, next, lastKeyword: next - 1 };
    } else if (t.value === 'FILE' && isKeyword(sig[i + 1], 'FORMAT')) {
      return { objectType: 'file format', orReplace, temporary, next: i + 2, lastKeyword: i + 1 };
    } else if (i > from && !MODIFIER_WORDS.has(t.value)) break;
  }
  return { objectType: 'other', orReplace, temporary, next: from, lastKeyword: Math.max(from - 1, 0) };
}

const MODIFIER_WORDS = new Set([
  'OR', 'REPLACE', 'ALTER', 'GLOBAL', 'LOCAL', 'TRANSIENT', 'UNLOGGED', 'EXTERNAL', 'SECURE', 'RECURSIVE', 'UNIQUE',
  'CLUSTERED', 'NONCLUSTERED', 'MULTISET', 'DEFINER', 'ALGORITHM', 'SQL', 'SECURITY', 'INVOKER', 'AGGREGATE', 'CONSTRAINT',
  'SNAPSHOT', 'STREAMING', 'LIVE', 'DYNAMIC', 'ICEBERG', 'HYBRID', 'EVENT', 'FOREIGN', 'FULLTEXT', 'SPATIAL',
  // Snowflake integrations: `STORAGE INTEGRATION`, `NOTIFICATION INTEGRATION`, `API INTEGRATION`...
  'STORAGE', 'NOTIFICATION', 'API', 'EXTERNAL_ACCESS', 'CATALOG',
]);

function readIfExists(sig: readonly Token[], i: number, negated: boolean): number {
  if (!isKeyword(sig[i], 'IF')) return i;
  if (negated && isKeyword(sig[i + 1], 'NOT') && isKeyword(sig[i + 2], 'EXISTS')) return i + 3;
  if (!negated && isKeyword(sig[i + 1], 'EXISTS')) return i + 2;
  return i;
}

const PARTITION_STOPS = new Set([
  'AS', 'CLUSTER', 'CLUSTERED', 'PARTITION', 'PARTITIONED', 'OPTIONS', 'TBLPROPERTIES', 'LOCATION', 'COMMENT', 'WITH',
  'USING', 'STORED', 'ROW', 'SORTKEY', 'DISTKEY', 'DISTSTYLE', 'INTERLEAVED', 'COMPOUND', 'DATA_RETENTION_TIME_IN_DAYS',
  'COPY', 'CHANGE_TRACKING', 'TABLESPACE', 'INTO', 'ORDER', 'SETTINGS', 'ENGINE', 'PRIMARY', 'TTL', 'SAMPLE',
]);

export function buildCreate(c: Clauses, base: Base): CreateStatement {
  const { sig } = c;
  const header = readObjectHeader(sig, c.verb + 1);
  let i = header.next;
  if (isKeyword(sig[i], 'CONCURRENTLY')) i++;
  const afterIf = readIfExists(sig, i, true);
  const ifNotExists = afterIf > i;
  i = afterIf;
  let name: TableRef | null = null;
  if (!(header.objectType === 'index' && isKeyword(sig[i], 'ON'))) {
    const read = readTableRef(sig, i);
    if (read) {
      name = read.ref;
      i = read.next;
    }
  }
  const relational = header.objectType === 'table' || header.objectType === 'view' || header.objectType === 'materialized view';
  const asQuery = relational ? findAsQuery(c, i) : null;
  const partitionBy = relational ? findPartitionBy(c, i, asQuery ? tokenIndexAt(sig, asQuery.span.start) - 1 : sig.length) : null;
  return withBase(base, {
    kind: 'create',
    objectType: header.objectType,
    name,
    ifNotExists,
    orReplace: header.orReplace,
    temporary: header.temporary,
    asQuery,
    partitionBy,
  }, spanOf(sig, c.verb, header.lastKeyword));
}

const SELECT_INTO_STOPS = new Set(['INTO', 'FROM', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'UNION', 'INTERSECT', 'EXCEPT']);
/** `INTO` followed by these writes a file or assigns variables (MySQL, PL/pgSQL), never a table. */
const NOT_INTO_TABLE = new Set(['OUTFILE', 'DUMPFILE', 'STRICT']);

/**
 * `SELECT ... INTO [TEMP | UNLOGGED] [TABLE] x FROM ...` creates `x` like CREATE TABLE AS, where the dialect reads it
 * so (the caller checks). Null when the SELECT has no INTO right after its select list, or it names variables.
 */
export function buildSelectInto(c: Clauses, base: Base): CreateStatement | null {
  const { sig, ends } = c;
  const into = findTopLevel(sig, c.verb + 1, sig.length, ends, SELECT_INTO_STOPS);
  if (into < 0 || !isKeyword(sig[into], 'INTO')) return null;
  let i = into + 1;
  let temporary = false;
  if (isWord(sig[i], 'LOCAL', 'GLOBAL') && isWord(sig[i + 1], 'TEMP', 'TEMPORARY')) i++;
  if (isWord(sig[i], 'TEMP', 'TEMPORARY', 'UNLOGGED')) temporary = sig[i++].value !== 'UNLOGGED';
  if (isKeyword(sig[i], 'TABLE')) i++;
  const lastKeyword = i - 1;
  if (sig[i]?.kind === 'word' && NOT_INTO_TABLE.has(sig[i].value)) return null;
  const read = readTableRef(sig, i);
  if (!read || isPunct(sig[read.next], ',')) return null;
  const asQuery: Expr = { span: base.span, tokens: [...sig.slice(0, into), ...sig.slice(read.next)] };
  return withBase(base, {
    kind: 'create',
    objectType: 'table' as const,
    name: read.ref,
    ifNotExists: false,
    orReplace: false,
    // SQL Server's `#name` is a session temporary table.
    temporary: temporary || read.ref.baseName.startsWith('#'),
    asQuery,
    partitionBy: null,
  }, spanOf(sig, into, lastKeyword));
}

function tokenIndexAt(sig: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = sig.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sig[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function findAsQuery(c: Clauses, from: number): Expr | null {
  const { sig, ends } = c;
  for (let i = from; i < sig.length; i = stepOver(ends, i)) {
    if (!isKeyword(sig[i], 'AS')) continue;
    const next = sig[i + 1];
    if (isWord(next, 'SELECT', 'WITH', 'VALUES', 'TABLE') || isPunct(next, '(')) return exprOf(sig, i + 1, sig.length);
  }
  return null;
}

function findPartitionBy(c: Clauses, from: number, to: number): Expr | null {
  const { sig, ends } = c;
  let cluster: Expr | null = null;
  for (let i = from; i < to; i = stepOver(ends, i)) {
    const t = sig[i];
    if (!isWord(t, 'PARTITION', 'PARTITIONED', 'CLUSTER', 'CLUSTERED') || !isKeyword(sig[i + 1], 'BY')) continue;
    const expr = byClause(c, i + 2, to);
    if (t.value.startsWith('PARTITION')) return expr;
    cluster ??= expr;
  }
  return cluster;
}

function byClause(c: Clauses, from: number, to: number): Expr {
  const { sig, ends } = c;
  if (isPunct(sig[from], '(')) return exprOf(sig, from, Math.min(ends[from], sig.length - 1) + 1) ?? emptyExpr(sig[from].start);
  let end = findTopLevel(sig, from, to, ends, PARTITION_STOPS);
  if (end < 0) end = to;
  return exprOf(sig, from, end) ?? emptyExpr(sig[from - 1].end);
}

export function buildDrop(c: Clauses, base: Base): DropStatement {
  const { sig, ends } = c;
  const header = readObjectHeader(sig, c.verb + 1);
  let i = header.next;
  if (isKeyword(sig[i], 'CONCURRENTLY')) i++;
  const afterIf = readIfExists(sig, i, false);
  const ifExists = afterIf > i;
  const names: TableRef[] = [];
  for (const [a, b] of topLevelRanges(sig, afterIf, sig.length, ',', ends)) {
    const read = a < b ? readTableRef(sig, a) : null;
    if (read) names.push(read.ref);
  }
  return withBase(base, { kind: 'drop', objectType: header.objectType, names, ifExists }, spanOf(sig, c.verb, header.lastKeyword));
}

const NOT_COLUMN_ADD = new Set(['CONSTRAINT', 'PRIMARY', 'FOREIGN', 'UNIQUE', 'INDEX', 'KEY', 'PARTITION', 'CHECK', 'ROW', 'SEARCH', 'FULLTEXT', 'SPATIAL', 'EXCLUDE', 'CLUSTERING']);

export function buildAlterTable(c: Clauses, base: Base): AlterTableStatement {
  const { sig, ends } = c;
  let i = c.verb + 2;
  const afterIf = readIfExists(sig, i, false);
  const ifExists = afterIf > i;
  i = afterIf;
  if (isKeyword(sig[i], 'ONLY')) i++;
  const read = readTableRef(sig, i);
  if (read) i = read.next;
  if (isPunct(sig[i], '*')) i++;
  const actions: AlterAction[] = [];
  for (const [a, b] of topLevelRanges(sig, i, sig.length, ',', ends)) if (a < b) actions.push(parseAlterAction(sig, a, b));
  return withBase(base, { kind: 'alter-table', target: read?.ref ?? null, ifExists, actions }, spanOf(sig, c.verb, c.verb + 1));
}

function parseAlterAction(sig: readonly Token[], a: number, b: number): AlterAction {
  const action: AlterAction = { kind: 'other', span: spanOf(sig, a, b - 1), ifNotExists: false, ifExists: false, column: null };
  const verb = sig[a];
  let i = a + 1;
  if (isKeyword(verb, 'ADD') && !(sig[i]?.kind === 'word' && NOT_COLUMN_ADD.has(sig[i].value))) {
    action.kind = 'add-column';
    if (isWord(sig[i], 'COLUMN', 'COLUMNS')) i++;
    const afterIf = readIfExists(sig, i, true);
    action.ifNotExists = afterIf > i;
    i = afterIf;
    if (isPunct(sig[i], '(')) i++;
    action.column = i < b ? partText(sig[i]) : null;
  } else if (isKeyword(verb, 'DROP') && !(sig[i]?.kind === 'word' && NOT_COLUMN_ADD.has(sig[i].value) && !isKeyword(sig[i], 'COLUMN'))) {
    action.kind = 'drop-column';
    if (isKeyword(sig[i], 'COLUMN')) i++;
    const afterIf = readIfExists(sig, i, false);
    action.ifExists = afterIf > i;
    i = afterIf;
    action.column = i < b ? partText(sig[i]) : null;
  } else if (isKeyword(verb, 'RENAME') && !isWord(sig[i], 'CONSTRAINT', 'INDEX', 'KEY', 'PARTITION')) {
    action.kind = 'rename';
    if (isKeyword(sig[i], 'COLUMN')) i++;
    action.column = isWord(sig[i], 'TO', 'AS') || i >= b ? null : partText(sig[i]);
  }
  return action;
}

export function buildTruncate(c: Clauses, base: Base): TruncateStatement {
  const { sig, ends } = c;
  let i = c.verb + 1;
  if (isKeyword(sig[i], 'TABLE')) i++;
  const keywordSpan = spanOf(sig, c.verb, i - 1);
  if (isKeyword(sig[i], 'ONLY')) i++;
  i = readIfExists(sig, i, false);
  const targets: TableRef[] = [];
  for (const [a, b] of topLevelRanges(sig, i, sig.length, ',', ends)) {
    const read = a < b ? readTableRef(sig, a) : null;
    if (read) targets.push(read.ref);
  }
  return withBase(base, { kind: 'truncate', targets }, keywordSpan);
}

/** COPY INTO (Snowflake, Databricks), COPY ... FROM/TO (Postgres, Redshift), LOAD DATA (MySQL, Spark). */
export function buildCopy(c: Clauses, base: Base): CopyStatement {
  const { sig } = c;
  const verb = sig[c.verb];
  if (verb.value === 'LOAD') return buildLoadData(c, base);
  let i = c.verb + 1;
  const into = isKeyword(sig[i], 'INTO');
  if (into) i++;
  const keywordSpan = spanOf(sig, c.verb, i - 1);
  const destination = sig[i];
  let target: TableRef | null = null;
  let direction: CopyStatement['direction'] = 'unknown';
  if (destination && (destination.kind === 'param' || destination.kind === 'string')) {
    direction = 'unload';
    i++;
  } else if (isPunct(destination, '(')) {
    direction = 'unload';
    i = stepOver(c.ends, i);
  } else {
    const read = readTableRef(sig, i);
    if (read) {
      target = read.ref;
      i = read.next;
    }
    if (isPunct(sig[i], '(')) i = stepOver(c.ends, i);
  }
  const dirWord = findTopLevel(sig, i, sig.length, c.ends, COPY_DIRECTIONS);
  if (dirWord >= 0) {
    if (direction === 'unknown') direction = sig[dirWord].value === 'FROM' ? 'load' : 'unload';
    i = skipCopySource(c, dirWord + 1);
  }
  if (direction === 'unload') target = null;
  return withBase(base, { kind: 'copy', target, direction, options: parseCopyOptions(c, i) }, keywordSpan);
}

function skipCopySource(c: Clauses, at: number): number {
  const { sig } = c;
  if (isPunct(sig[at], '(')) return stepOver(c.ends, at);
  if (isKeyword(sig[at], 'PROGRAM')) return at + 2;
  if (sig[at]?.kind === 'word' || sig[at]?.kind === 'quoted-ident') {
    const read = readTableRef(sig, at);
    return read ? read.next : at + 1;
  }
  return at + 1;
}

const COPY_DIRECTIONS = new Set(['FROM', 'TO']);
const VALUE_WORDS = new Set(['TRUE', 'FALSE', 'ON', 'OFF', 'AUTO', 'NONE']);

function parseCopyOptions(c: Clauses, from: number): CopyOption[] {
  const { sig, ends } = c;
  const options: CopyOption[] = [];
  for (let i = from; i < sig.length; ) {
    const t = sig[i];
    if (isPunct(t, '(')) {
      const close = Math.min(ends[i], sig.length);
      for (const [a, b] of topLevelRanges(sig, i + 1, close, ',', ends)) if (a < b) options.push(itemOption(sig, a, b));
      i = close + 1;
      continue;
    }
    if (t.kind !== 'word' || t.value === 'WITH' || isPunct(sig[i + 1], '(')) {
      // `WITH (...)`, Databricks `COPY_OPTIONS (...)`: the items inside are the options.
      i++;
      continue;
    }
    let v = i + 1;
    if (isPunct(sig[v], '=') || isKeyword(sig[v], 'AS')) v++;
    const value = sig[v];
    const explicit = v > i + 1;
    if (value && (explicit || value.kind === 'string' || value.kind === 'number' || value.kind === 'param' || isWord(value, ...VALUE_WORDS))) {
      const valueEnd = isPunct(value, '(') ? Math.min(ends[v], sig.length - 1) : v;
      options.push({ name: t.value, value: optionValue(sig, v, valueEnd), span: spanOf(sig, i, valueEnd) });
      i = valueEnd + 1;
    } else {
      options.push({ name: t.value, value: 'TRUE', span: spanOf(sig, i, i) });
      i++;
    }
  }
  return options;
}

/** `FORMAT csv`, `HEADER`, `DELIMITER ','` inside `WITH (...)`. */
function itemOption(sig: readonly Token[], a: number, b: number): CopyOption {
  let v = a + 1;
  if (isPunct(sig[v], '=')) v++;
  const name = sig[a].kind === 'string' ? unquote(sig[a].text) : sig[a].value;
  return { name: name.toUpperCase(), value: v < b ? optionValue(sig, v, b - 1) : 'TRUE', span: spanOf(sig, a, b - 1) };
}

function optionValue(sig: readonly Token[], from: number, toInclusive: number): string {
  if (from === toInclusive) {
    const t = sig[from];
    if (t.kind === 'string') return unquote(t.text).toUpperCase();
    return t.text.toUpperCase();
  }
  let out = '';
  for (let i = from; i <= toInclusive; i++) out += (i > from && sig[i].start > sig[i - 1].end ? ' ' : '') + sig[i].text;
  return out.toUpperCase();
}

function unquote(text: string): string {
  const first = text.charAt(0);
  if (first === "'" || first === '"') return text.slice(1, text.length > 1 && text.endsWith(first) ? -1 : undefined);
  return text;
}

function buildLoadData(c: Clauses, base: Base): CopyStatement {
  const { sig, ends } = c;
  const intoAt = findTopLevelWord(sig, 'INTO', c.verb, sig.length, ends);
  let i = intoAt + 1;
  if (isKeyword(sig[i], 'TABLE')) i++;
  const read = intoAt >= 0 ? readTableRef(sig, i) : null;
  const options: CopyOption[] = [];
  for (let k = c.verb + 1; k < (intoAt >= 0 ? intoAt : sig.length); k++) {
    if (isWord(sig[k], 'REPLACE', 'IGNORE', 'OVERWRITE', 'LOCAL')) options.push({ name: sig[k].value, value: 'TRUE', span: spanOf(sig, k, k) });
  }
  return withBase(base, { kind: 'copy', target: read?.ref ?? null, direction: 'load', options }, spanOf(sig, c.verb, c.verb + 1));
}
