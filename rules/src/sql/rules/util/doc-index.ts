import { readTableRef, sameTable, tableRefsIn } from '../../expr.js';
import type { SqlDocument, Statement, TableRef } from '../../model.js';
import { memoize } from './memo.js';
import { mergeSourceTokens, sourceTables } from './regions.js';
import { countWhile } from './search.js';

interface Entry {
  ref: TableRef;
  statement: Statement;
}

/**
 * Statements filed under the tables they name. `sameTable` matches two names by their last part or, failing that,
 * by their full name, so an entry is filed under both and a lookup checks the candidates of both.
 */
class TableIndex {
  private readonly byBase = new Map<string, Entry[]>();
  private readonly byName = new Map<string, Entry[]>();
  // sameTable reads only `templated`, `baseName` and `name` of the table asked about
  private readonly answers = { plain: new Map<string, Map<string, readonly Statement[]>>(), templated: new Map<string, Map<string, readonly Statement[]>>() };

  add(ref: TableRef, statement: Statement): void {
    const entry = { ref, statement };
    listOf(this.byBase, ref.baseName).push(entry);
    listOf(this.byName, ref.name).push(entry);
  }

  /** Each statement with a name that `sameTable` matches to `table`, once, in source order. */
  naming(table: TableRef): readonly Statement[] {
    const byBase = table.templated ? this.answers.templated : this.answers.plain;
    let byName = byBase.get(table.baseName);
    if (byName === undefined) {
      byName = new Map();
      byBase.set(table.baseName, byName);
    }
    let statements = byName.get(table.name);
    if (statements === undefined) {
      statements = this.collect(table);
      byName.set(table.name, statements);
    }
    return statements;
  }

  private collect(table: TableRef): Statement[] {
    const entries = (this.byBase.get(table.baseName) ?? []).filter((e) => sameTable(e.ref, table));
    const extra = (this.byName.get(table.name) ?? []).filter((e) => e.ref.baseName !== table.baseName && sameTable(e.ref, table));
    const all = extra.length === 0 ? entries : [...entries, ...extra].sort((a, b) => a.statement.index - b.statement.index);
    const statements: Statement[] = [];
    for (const e of all) if (statements[statements.length - 1] !== e.statement) statements.push(e.statement);
    return statements;
  }
}

function listOf(map: Map<string, Entry[]>, key: string): Entry[] {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  return list;
}

const historyIndex = memoize((doc: SqlDocument) => {
  const index = new TableIndex();
  for (const s of doc.statements) for (const ref of historyNames(s)) index.add(ref, s);
  return index;
});

const temporaryIndex = memoize((doc: SqlDocument) => {
  const index = new TableIndex();
  for (const s of doc.statements) {
    const name = s.kind === 'create' && s.temporary ? s.name : declaredTemporaryTable(s);
    if (name !== null) index.add(name, s);
  }
  return index;
});

const readerIndex = memoize((doc: SqlDocument) => {
  const index = new TableIndex();
  for (const s of doc.statements) for (const ref of tablesReadBy(s)) index.add(ref, s);
  return index;
});

/**
 * The CREATE, DROP, TRUNCATE, DELETE and DECLARE TEMPORARY TABLE statements naming the table, in source order:
 * everything that decides whether the table is new, empty or temporary at a point of the script. Procedure, function,
 * trigger and task blocks are filed under the name their CREATE gives them.
 */
export function tableHistory(doc: SqlDocument, table: TableRef): readonly Statement[] {
  return historyIndex(doc).naming(table);
}

/** The CREATE TEMPORARY TABLE and DECLARE TEMPORARY TABLE statements naming the table, in source order. */
export function temporaryDeclarations(doc: SqlDocument, table: TableRef): readonly Statement[] {
  return temporaryIndex(doc).naming(table);
}

/** The INSERT, MERGE, CREATE and UPDATE statements that read the table while writing (see `tablesReadBy`). */
export function readersOf(doc: SqlDocument, table: TableRef): readonly Statement[] {
  return readerIndex(doc).naming(table);
}

/** How many of `statements` (in source order) come before position `index` of the document. */
export function countBefore(statements: readonly Statement[], index: number): number {
  return countWhile(statements.length, (i) => statements[i].index < index);
}

function historyNames(s: Statement): readonly TableRef[] {
  switch (s.kind) {
    case 'truncate':
      return s.targets;
    case 'drop':
      return s.names;
    case 'create':
      return s.name === null ? [] : [s.name];
    case 'block':
      return s.definition?.name == null ? [] : [s.definition.name];
    case 'delete':
      return s.target === null ? [] : [s.target];
    case 'other': {
      const declared = declaredTemporaryTable(s);
      return declared === null ? [] : [declared];
    }
    default:
      return [];
  }
}

/** DB2 `DECLARE GLOBAL TEMPORARY TABLE session.x`: the table declared, or null. */
export function declaredTemporaryTable(s: Statement): TableRef | null {
  return s.kind === 'other' && s.verb.startsWith('DECLARE') ? declaredIn(s) : null;
}

const declaredIn = memoize((s: Statement): TableRef | null => {
  const at = s.tokens.findIndex((t) => t.value === 'TEMPORARY');
  if (at < 0 || s.tokens[at + 1]?.value !== 'TABLE') return null;
  return readTableRef(s.tokens, at + 2)?.ref ?? null;
});

/**
 * Tables a statement reads while it writes: an INSERT's source, a MERGE's USING table or subquery, a CREATE's query,
 * everything after an UPDATE's keyword.
 */
export const tablesReadBy = memoize((s: Statement): readonly TableRef[] => {
  switch (s.kind) {
    case 'insert':
      return sourceTables(s);
    case 'merge':
      return [...(s.sourceTable === null ? [] : [s.sourceTable]), ...tableRefsIn(mergeSourceTokens(s))];
    case 'create':
      return s.asQuery === null ? [] : tableRefsIn(s.asQuery);
    case 'update':
      return tableRefsIn(s.tokens.filter((t) => t.start >= s.keywordSpan.end));
    default:
      return [];
  }
});
