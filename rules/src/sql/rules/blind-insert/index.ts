import type { Fix } from '../../../core/types.js';
import type { InsertStatement, SqlDocument, TableRef } from '../../model.js';
import { defineSqlRule } from '../../rule-api.js';
import { insertAt } from '../util/edits.js';
import { isTemporaryTable, resetBefore } from '../util/history.js';
import { declaredKey } from '../util/keys.js';
import { sourceTables } from '../util/regions.js';
import { deletedColumns, precedingMismatchedDelete, precedingReplace, sourceFilterColumns } from '../util/replace.js';
import { LOG_TABLES, namedPerRun } from '../util/log-tables.js';
import { MIGRATION_DEFAULTS, MIGRATION_SCHEMA, skipsMigration, type MigrationOptions } from '../util/migrations.js';
import { globMatcher } from '../util/glob.js';
import { sameTable } from '../util/tables.js';
import { isWord } from '../util/tokens.js';
import docs from './docs.js';

interface Options extends MigrationOptions {
  allowTables: string[];
}

export default defineSqlRule<Options, 'append' | 'mismatch'>({
  meta: {
    id: 'blind-insert',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      append: 'A re-run inserts every row into {{table}} again: nothing here stops duplicates.',
      mismatch:
        'The DELETE on line {{line}} clears rows of {{table}} by {{deleted}}, but this INSERT picks its rows by {{filtered}}: a re-run adds rows that DELETE never removed.',
    },
    schema: {
      type: 'object',
      properties: {
        allowTables: {
          type: 'array',
          items: { type: 'string' },
          default: LOG_TABLES,
          description:
            'Glob patterns (matched against `schema.table` and the bare table name, case-insensitively) of append-only tables, such as audit or event logs whose rows each carry a unique run id. The default lists tables named as logs (`logs`, `*_log`, `*_audit`, `*_run_stats`); set it to `[]` to check those too.',
        },
        ...MIGRATION_SCHEMA,
      },
      additionalProperties: false,
    },
    hasSuggestions: true,
    docs,
  },
  defaultOptions: { allowTables: [...LOG_TABLES], ...MIGRATION_DEFAULTS },
  create(context) {
    const doc = context.doc;
    if (skipsMigration(context.filename, context.options)) return {};
    const allowed = globMatcher(context.options.allowTables);
    return {
      insert(s) {
        const target = s.target;
        if (target === null || s.guards.length > 0 || replacesWhere(s, target)) return;
        if (allowed !== null && (allowed(target.name) || allowed(target.baseName))) return;
        if (namedPerRun(doc.text, target)) return;
        if (isTemporaryTable(doc, target) || resetBefore(doc, s.index, target) !== null) return;
        if (sourceTables(s).some((ref) => sameTable(ref, target)) || precedingReplace(doc, s) !== null) return;
        const span = { start: s.keywordSpan.start, end: target.span.end };
        const suggestions = upsertSuggestion(doc, s, target);
        const mismatched = precedingMismatchedDelete(doc, s);
        if (mismatched?.where) {
          const data = {
            table: target.name,
            line: String(doc.lines.position(mismatched.span.start).line),
            deleted: [...deletedColumns(mismatched)].join(', '),
            filtered: [...sourceFilterColumns(s)].join(', '),
          };
          context.report({ span, messageId: 'mismatch', data, suggestions, related: [{ span: mismatched.keywordSpan, message: 'This DELETE removes other rows than the INSERT writes.' }] });
          return;
        }
        context.report({ span, messageId: 'append', data: { table: target.name }, suggestions });
      },
    };
  },
});

/** Databricks `INSERT INTO t REPLACE WHERE ... | REPLACE USING (...)`: the slice is overwritten in one commit. */
function replacesWhere(s: InsertStatement, target: TableRef): boolean {
  const after = s.tokens.findIndex((t) => t.start >= target.span.end);
  return after >= 0 && isWord(s.tokens[after], 'REPLACE') && isWord(s.tokens[after + 1], 'WHERE', 'USING', 'ON');
}

/** `ON CONFLICT (key) DO NOTHING`, offered where the dialect has it and the file declares the key. */
function upsertSuggestion(doc: SqlDocument, s: InsertStatement, target: TableRef): Fix[] {
  const supported = doc.dialect === 'postgres' || (doc.dialect === 'sqlite' && s.source.kind === 'values');
  const key = supported ? declaredKey(doc, target) : null;
  if (key === null) return [];
  const clause = `ON CONFLICT (${key.join(', ')}) DO NOTHING`;
  const returning = s.tokens.find((t) => isWord(t, 'RETURNING'));
  const edit = returning === undefined ? insertAt(s.span.end, `\n${clause}`) : insertAt(returning.start, `${clause}\n`);
  return [{ title: `Add \`${clause}\``, edits: [edit] }];
}
