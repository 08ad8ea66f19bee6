import type { Dialect, ObjectType, SqlDocument, Statement, TableRef } from '../../model.js';
import { memoize } from '../util/memo.js';
import { isWord } from '../util/tokens.js';
import { readTableRef } from '../../expr.js';

/** Where unqualified names resolve at a point of the script. */
interface Context {
  database: string | null;
  schema: string | null;
}

interface Containers {
  /** Database name -> position of the first statement after which it is new on every run. */
  databases: Map<string, number>;
  /** Schema name -> (its database or null, position) for each time it became new. */
  schemas: Map<string, { database: string | null; index: number }[]>;
  /** The context in force at each top-level statement. */
  contexts: Map<Statement, Context>;
}

/** Dialects where a two-part name is `database.object` (MySQL has no schemas inside databases). */
const DATABASE_IS_SCHEMA = new Set<Dialect>(['mysql', 'spark']);
/** Dialects where CREATE DATABASE / CREATE SCHEMA also make it the current one (Snowflake). */
const CREATE_SETS_CURRENT = new Set<Dialect>(['snowflake']);

/**
 * The databases and schemas the script itself makes new: `CREATE OR REPLACE DATABASE / SCHEMA` and any DROP of one
 * (DROP SCHEMA fails unless the schema is empty or CASCADE removes its objects). Objects created in them afterwards
 * cannot exist yet. Only top-level statements count: a procedure body runs when it is called, not where it is written.
 */
const containersOf = memoize((doc: SqlDocument): Containers => {
  const found: Containers = { databases: new Map(), schemas: new Map(), contexts: new Map() };
  let context: Context = { database: null, schema: null };
  const fresh = (s: Statement, kind: 'database' | 'schema', ref: TableRef, isNew: boolean): void => {
    const parts = nameParts(ref);
    if (kind === 'database' || DATABASE_IS_SCHEMA.has(doc.dialect)) {
      const name = parts[parts.length - 1];
      if (isNew && !found.databases.has(name)) found.databases.set(name, s.index);
      if (CREATE_SETS_CURRENT.has(doc.dialect) && s.kind === 'create') context = { database: name, schema: 'public' };
      return;
    }
    const schema = parts[parts.length - 1];
    const database = parts.length > 1 ? parts[parts.length - 2] : context.database;
    if (isNew) {
      const list = found.schemas.get(schema) ?? [];
      list.push({ database, index: s.index });
      found.schemas.set(schema, list);
    }
    if (CREATE_SETS_CURRENT.has(doc.dialect) && s.kind === 'create') context = { database, schema };
  };
  for (const s of doc.statements) {
    if (s.parent !== null) continue;
    found.contexts.set(s, context);
    if (s.kind === 'create' && (s.objectType === 'database' || s.objectType === 'schema') && s.name !== null && !s.name.templated) {
      // A plain CREATE is reported itself, and its fix (IF NOT EXISTS) keeps an old container: only OR REPLACE counts.
      fresh(s, s.objectType, s.name, s.orReplace);
    } else if (s.kind === 'drop' && (s.objectType === 'database' || s.objectType === 'schema')) {
      for (const name of s.names) if (!name.templated) fresh(s, s.objectType, name, true);
    } else if (s.kind === 'other') {
      context = switched(doc.dialect, s, context);
    }
  }
  return found;
});

/** `USE [DATABASE | SCHEMA] x` (Snowflake, MySQL, Spark) and `SET search_path TO x` (PostgreSQL, Redshift). */
function switched(dialect: Dialect, s: Statement & { kind: 'other' }, context: Context): Context {
  const t = s.tokens;
  if (s.verb === 'USE') {
    let at = 1;
    const kind = isWord(t[1], 'DATABASE', 'SCHEMA') ? t[1].value : isWord(t[1], 'ROLE', 'WAREHOUSE', 'SECONDARY') ? 'OTHER' : 'DATABASE';
    if (kind === 'OTHER') return context;
    if (isWord(t[1], 'DATABASE', 'SCHEMA')) at = 2;
    const ref = readTableRef(t, at)?.ref;
    if (ref === undefined || ref.templated) return { database: kind === 'DATABASE' ? null : context.database, schema: null };
    const parts = nameParts(ref);
    // Snowflake's `USE db.schema` names a schema without saying so.
    if (kind === 'DATABASE' && !isWord(t[1], 'DATABASE') && parts.length > 1 && !DATABASE_IS_SCHEMA.has(dialect)) return { database: parts[parts.length - 2], schema: parts[parts.length - 1] };
    if (kind === 'DATABASE' || DATABASE_IS_SCHEMA.has(dialect)) return { database: parts[parts.length - 1], schema: dialect === 'snowflake' ? 'public' : null };
    return { database: parts.length > 1 ? parts[parts.length - 2] : context.database, schema: parts[parts.length - 1] };
  }
  // `SET [SESSION | LOCAL] search_path TO x`, and PostgreSQL's `SET SCHEMA 'x'`, the same setting by another name.
  const scope = s.verb === 'SET' && isWord(t[1], 'SESSION', 'LOCAL') ? 2 : 1;
  if (s.verb === 'SET' && isWord(t[scope], 'SEARCH_PATH', 'SCHEMA') && (dialect === 'postgres' || dialect === 'redshift' || isWord(t[scope], 'SEARCH_PATH'))) {
    const at = isWord(t[scope + 1], 'TO') || t[scope + 1]?.text === '=' ? scope + 2 : scope + 1;
    const first = t[at];
    if (first === undefined) return context;
    const name = first.kind === 'string' ? first.text.slice(1, -1).split(',')[0].trim().toLowerCase() : first.kind === 'word' || first.kind === 'quoted-ident' ? first.text.replace(/"/g, '').toLowerCase() : null;
    return { database: context.database, schema: name };
  }
  return context;
}

/**
 * True when the object named `name` at statement `s` lies in a database or schema that the script made new before
 * `s` (see `containersOf`): a CREATE there cannot meet an old object.
 */
export function inFreshContainer(doc: SqlDocument, s: Statement, name: TableRef, objectType: ObjectType): boolean {
  if (name.templated || objectType === 'database') return false;
  const top = topLevel(s);
  const found = containersOf(doc);
  const context = found.contexts.get(top);
  if (context === undefined) return false;
  const parts = nameParts(name);
  const before = (index: number | undefined): boolean => index !== undefined && index < top.index;
  let database: string | null;
  let schema: string | null;
  if (DATABASE_IS_SCHEMA.has(doc.dialect) || objectType === 'schema') {
    database = parts.length > 1 ? parts[parts.length - 2] : context.database;
    schema = null;
  } else {
    database = parts.length > 2 ? parts[parts.length - 3] : context.database;
    schema = parts.length > 1 ? parts[parts.length - 2] : context.schema;
  }
  if (database !== null && database !== '' && before(found.databases.get(database))) return true;
  if (schema === null || schema === '') return false;
  return (found.schemas.get(schema) ?? []).some((e) => e.index < top.index && (e.database === null || database === null || e.database === database));
}

/**
 * The parts of a name, lower-cased: containers are compared without case, since warehouses that fold unquoted
 * names (Snowflake to upper case) make `"TESTDB"` and `testdb` the same database.
 */
function nameParts(ref: TableRef): string[] {
  return ref.name.toLowerCase().split('.');
}

function topLevel(s: Statement): Statement {
  let top = s;
  while (top.parent !== null) top = top.parent;
  return top;
}
