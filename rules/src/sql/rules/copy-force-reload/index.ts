import { defineSqlRule } from '../../rule-api.js';
import type { CopyOption, CopyStatement, SqlDocument, TableRef } from '../../model.js';
import { tableHistory } from '../util/doc-index.js';
import { resetBefore, someBefore } from '../util/history.js';
import { sameTable } from '../util/tables.js';
import { removalSpan } from '../util/edits.js';
import docs from './docs.js';

export default defineSqlRule({
  meta: {
    id: 'copy-force-reload',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      forced:
        'FORCE = TRUE makes COPY INTO {{table}} load every matching file again, including files it already loaded: each re-run duplicates their rows.',
    },
    hasSuggestions: true,
    docs,
  },
  create(context) {
    return {
      copy(statement) {
        const force = forceOption(statement);
        const target = statement.target;
        if (force === null || target === null || emptiedEarlier(context.doc, statement, target)) return;
        context.report({
          span: force.span,
          messageId: 'forced',
          data: { table: target.name },
          suggestions: [{ title: 'Remove `FORCE = TRUE` so already-loaded files are skipped', edits: [{ span: removalSpan(context.doc.text, force.span), text: '' }] }],
        });
      },
    };
  },
});

function forceOption(statement: CopyStatement): CopyOption | null {
  if (statement.direction !== 'load') return null;
  return statement.options.find((o) => o.name === 'FORCE' && o.value === 'TRUE') ?? null;
}

/** A reload is harmless when the same script emptied or recreated the table before it. */
function emptiedEarlier(doc: SqlDocument, copy: CopyStatement, target: TableRef): boolean {
  if (resetBefore(doc, copy.index, target) !== null) return true;
  return someBefore(tableHistory(doc, target), copy.index, 'unfiltered delete', (s) => s.kind === 'delete' && s.where === null && s.target !== null && sameTable(s.target, target));
}
