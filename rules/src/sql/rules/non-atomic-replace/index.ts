import type { Fix, TextEdit } from '../../../core/types.js';
import type { Dialect, SqlDocument, Statement, TableRef, Token } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { indentationAt, insertAt } from '../util/edits.js';
import { sameTransaction } from '../util/history.js';
import { readersOf } from '../util/doc-index.js';
import { MIGRATION_DEFAULTS, MIGRATION_SCHEMA, skipsMigration, type MigrationOptions } from '../util/migrations.js';
import { countWhile } from '../util/search.js';
import { precedingReplace, type Emptying, type Load } from '../util/replace.js';
import { sameTable } from '../util/tables.js';
import { isPunct } from '../util/tokens.js';
import docs from './docs.js';

/** Dialects where TRUNCATE commits the open transaction (Snowflake counts TRUNCATE as DML and does not). */
const TRUNCATE_COMMITS = new Set<Dialect>(['mysql', 'redshift']);

/** Statements that may sit between the pair when the fix wraps them: no DDL (implicit commits), no session commands. */
const WRAPPABLE = new Set<Statement['kind']>(['insert', 'delete', 'update', 'merge', 'select']);

const BEGIN: Partial<Record<Dialect, string>> = { bigquery: 'BEGIN TRANSACTION;', snowflake: 'BEGIN TRANSACTION;', mysql: 'START TRANSACTION;' };

export default defineSqlRule<MigrationOptions, 'separate' | 'truncateCommits'>({
  meta: {
    id: 'non-atomic-replace',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      separate:
        'This {{verb}} empties {{table}} and the load on line {{line}} refills it in a separate transaction: readers see the gap, and a failure in between leaves {{table}} empty or half loaded.',
      truncateCommits:
        'TRUNCATE commits the open transaction on {{dialect}}, so the transaction around it does not cover the load on line {{line}}: a failure in between leaves {{table}} empty.',
    },
    schema: {
      type: 'object',
      properties: { ...MIGRATION_SCHEMA },
      additionalProperties: false,
    },
    fixable: true,
    hasSuggestions: true,
    docs,
  },
  defaultOptions: { ...MIGRATION_DEFAULTS },
  create(context) {
    if (skipsMigration(context.filename, context.options)) return {};
    const doc = context.doc;
    const reported = new Set<number>();
    const check = (load: Load): void => {
      const target = load.target;
      if (target === null) return;
      const emptying = precedingReplace(doc, load);
      if (emptying === null || reported.has(emptying.index)) return;
      const commits = emptying.kind === 'truncate' && TRUNCATE_COMMITS.has(doc.dialect);
      if (sameTransaction(emptying, load) && !commits) return;
      if (!commits && isPrivateStaging(doc, emptying, load, target)) return;
      reported.add(emptying.index);
      const line = String(doc.lines.position(load.span.start).line);
      const data = { verb: emptying.kind === 'truncate' ? 'TRUNCATE' : 'DELETE', table: target.name, line, dialect: doc.dialect };
      const inTransaction = sameTransaction(emptying, load);
      context.report({
        span: emptyingSpan(emptying, target),
        messageId: inTransaction ? 'truncateCommits' : 'separate',
        data,
        fix: commits ? undefined : wrapFix(doc, emptying, load),
        suggestions: commits ? deleteInstead(doc, emptying, target, load, inTransaction) : undefined,
        related: [{ span: load.keywordSpan, message: `${target.name} is refilled here.` }],
      });
    };
    return { insert: check, copy: (s) => (s.direction === 'load' ? check(s) : undefined) };
  },
});

/**
 * A table emptied whole, refilled, and then read by the same script to write another table is the job's own
 * scratch space: nobody else reads it in between, so the gap harms no one.
 */
function isPrivateStaging(doc: SqlDocument, emptying: Emptying, load: Load, target: TableRef): boolean {
  if (emptying.kind === 'delete' && emptying.where !== null) return false;
  return readersOf(doc, target).some((s) => s.index > load.index && writesOtherThan(s, target));
}

function writesOtherThan(s: Statement, table: TableRef): boolean {
  const written = s.kind === 'create' ? s.name : s.kind === 'insert' || s.kind === 'merge' || s.kind === 'update' ? s.target : null;
  return written !== null && !sameTable(written, table);
}

function emptyingSpan(s: Emptying, target: TableRef): { start: number; end: number } {
  const name = s.kind === 'delete' ? s.target : s.targets.find((t) => t.baseName === target.baseName);
  return { start: s.keywordSpan.start, end: name?.span.end ?? s.keywordSpan.end };
}

/** Safe only in autocommit, at top level, with nothing but DML between the pair. */
function wrapFix(doc: SqlDocument, emptying: Emptying, load: Load): Fix | undefined {
  if (doc.dialect === 'spark') return undefined;
  const between = doc.statements.slice(emptying.index, load.index + 1);
  const wrappable = between.every((s) => s.parent === null && s.transaction === null && (s === emptying || s === load || WRAPPABLE.has(s.kind)));
  if (!wrappable) return undefined;
  const begin = BEGIN[doc.dialect] ?? 'BEGIN;';
  return { title: `Wrap the ${emptying.kind === 'truncate' ? 'TRUNCATE' : 'DELETE'} and the load in one transaction`, edits: [insertAt(emptying.span.start, `${begin}\n${indentationAt(doc.text, emptying.span.start)}`), commitAfter(doc, load)] };
}

/** The first token that is not a comment at or after `offset`. */
function firstTokenFrom(doc: SqlDocument, offset: number): Token | undefined {
  const tokens = doc.tokens;
  let lo = countWhile(tokens.length, (i) => tokens[i].start < offset);
  while (lo < tokens.length && tokens[lo].kind === 'comment') lo++;
  return tokens[lo];
}

function commitAfter(doc: SqlDocument, s: Statement): TextEdit {
  const next = firstTokenFrom(doc, s.span.end);
  const indent = indentationAt(doc.text, s.span.start);
  if (next !== undefined && isPunct(next, ';')) return insertAt(next.end, `\n${indent}COMMIT;`);
  return insertAt(s.span.end, `;\n${indent}COMMIT;`);
}

/** TRUNCATE -> DELETE FROM, plus a transaction when there is none: slower, but it rolls back with the load. */
function deleteInstead(doc: SqlDocument, truncate: Emptying, target: TableRef, load: Load, inTransaction: boolean): Fix[] {
  if (truncate.kind !== 'truncate' || truncate.targets.length !== 1) return [];
  const replacement = `DELETE FROM ${doc.text.slice(target.span.start, target.span.end)}`;
  const title = 'Replace `TRUNCATE` with `DELETE FROM`, which rolls back with the load';
  if (inTransaction) return [{ title, edits: [{ span: truncate.span, text: replacement }] }];
  const wrap = wrapFix(doc, truncate, load);
  if (wrap === undefined) return [];
  const [begin, commit] = wrap.edits;
  return [{ title, edits: [{ span: truncate.span, text: begin.text + replacement }, commit] }];
}
