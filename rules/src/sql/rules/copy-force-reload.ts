import { defineSqlRule, NO_OPTIONS } from '../rule-api.js';
import type { CopyOption, CopyStatement, SqlDocument, TableRef } from '../model.js';
import { tableHistory } from './util/doc-index.js';
import { resetBefore, someBefore } from './util/history.js';
import { sameTable } from './util/tables.js';
import { removalSpan } from './util/edits.js';

export default defineSqlRule({
  meta: {
    id: 'copy-force-reload',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'error',
    messages: {
      forced:
        'FORCE = TRUE makes COPY INTO {{table}} load every matching file again, including files it already loaded: each re-run duplicates their rows.',
    },
    schema: NO_OPTIONS,
    fixable: false,
    hasSuggestions: true,
    docs: {
      description: 'Flags Snowflake `COPY INTO <table>` with `FORCE = TRUE`, which reloads files that were already loaded.',
      why: [
        'Snowflake remembers, for 64 days, which staged files a `COPY INTO` has loaded into a table, and skips them on the',
        'next run. That load metadata is what makes a plain `COPY INTO` safe to retry.',
        '',
        '`FORCE = TRUE` switches the memory off: every file that matches the pattern is loaded again. A retried task or a',
        'rerun of yesterday\'s job appends the same rows a second time, and nothing downstream can tell the copies apart.',
      ].join('\n'),
      howToFix: [
        'Remove `FORCE = TRUE` (or set it to `FALSE`) and let the load metadata skip files already loaded.',
        'If you really need to reload everything, empty the table first in the same script (`TRUNCATE`, or',
        '`CREATE OR REPLACE TABLE`), so that a reload replaces rows instead of adding to them.',
      ].join('\n'),
      whenNotToUse: [
        'A one-off backfill run by hand into an empty table, or a load whose target is truncated or recreated by',
        'another step just before this one (pipelint sees a `TRUNCATE` in the same file and stays quiet).',
      ].join('\n'),
      bad: [
        {
          title: 'Forcing a reload appends every file again',
          code: "COPY INTO raw.events\nFROM @landing/events/\nFILE_FORMAT = (TYPE = 'JSON')\nFORCE = TRUE;\n",
          filename: 'load_events.sql',
        },
      ],
      good: [
        {
          title: 'Load metadata skips files already loaded',
          code: "COPY INTO raw.events\nFROM @landing/events/\nFILE_FORMAT = (TYPE = 'JSON');\n",
          filename: 'load_events.sql',
        },
        {
          title: 'A full reload into a table emptied first',
          code: "TRUNCATE TABLE raw.events;\nCOPY INTO raw.events\nFROM @landing/events/\nFORCE = TRUE;\n",
          filename: 'reload_events.sql',
        },
      ],
    },
  },
  defaultOptions: {},
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
