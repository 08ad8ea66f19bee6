import * as assert from 'node:assert/strict';
import type { Finding, RuleMeta } from '@pipelint/engine/internal/core/types.js';
import { hoverCardFor, messageMarkdown, renderHoverCard } from '@pipelint/engine/internal/lessons/hover.js';
import { getLesson } from '@pipelint/engine/internal/lessons/index.js';
import { docsFileUrl } from '../cli/helpers.js';

const BAD_SQL = `
  INSERT INTO daily_sales
  SELECT order_date, sum(amount)
  FROM orders
  WHERE order_date = :run_date
  GROUP BY order_date;
  -- a second statement
  SELECT 1;
  SELECT 2;
  SELECT 3;
  SELECT 4;
`;

function meta(overrides: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id: 'blind-insert',
    language: 'sql',
    concept: 'idempotency',
    defaultSeverity: 'warn',
    messages: { blind: 'A re-run inserts every row into `{{table}}` again.' },
    schema: { type: 'object', properties: {}, additionalProperties: false },
    fixable: false,
    hasSuggestions: true,
    docs: {
      description: 'INSERT without a key.',
      why: 'Retries duplicate rows.',
      howToFix: 'Replace the partition in one transaction.\n\nOr MERGE on a key.',
      whenNotToUse: 'Staging tables rebuilt from scratch.',
      bad: [{ code: BAD_SQL, filename: 'load.sql' }],
      good: [{ code: 'DELETE FROM daily_sales WHERE order_date = :run_date;\nINSERT INTO daily_sales SELECT 1;', filename: 'load.sql' }],
    },
    ...overrides,
  };
}

function finding(overrides: Partial<Finding> = {}): Finding {
  const at = { line: 2, column: 1, offset: 1 };
  return {
    ruleId: 'blind-insert',
    concept: 'idempotency',
    severity: 'warn',
    message: 'A re-run inserts every row into `daily_sales` again.',
    messageId: 'blind',
    data: { table: 'daily_sales' },
    range: { start: at, end: { ...at, column: 7, offset: 7 } },
    origin: 'sql',
    ...overrides,
  };
}

/** The first line of each paragraph: the card's section markers. */
function sectionHeads(card: string): string[] {
  return card.split(/\n\n+/).map((paragraph) => paragraph.split('\n')[0].replace(/^(\*\*[^*]+\*\*|###|\[[^\]]+\]|Before:|After:).*$/, '$1'));
}

describe('hover card', () => {
  it('has the title, the consequence, the fix with its after code, the concept and the links, in that order', () => {
    const card = hoverCardFor(finding(), meta());
    assert.deepEqual(sectionHeads(card), ['###', '**What goes wrong:**', '**Fix:**', 'After:', '**Concept:**', '[Open lesson]']);
    assert.match(card, /^### Blind insert `blind-insert`\n/);
  });

  it('says what the finding costs without repeating the diagnostic message, naming the table from its data', () => {
    const card = hoverCardFor(finding(), meta());
    assert.equal(card.includes(finding().message), false);
    assert.equal(
      card.split('\n\n')[1],
      '**What goes wrong:** Retries, redeliveries, backfills and manual re-runs are routine, so this code will run more than once; ' +
        'the second pass through `daily_sales` must change nothing that the first did not.',
    );
  });

  it('shows Markdown in a workspace name literally: no image, link, HTML or code span breaks out', () => {
    const table = '![x](http://e.example/p.png) `tick` <img src=x> [link](command:workbench.action.terminal.new)';
    const why = hoverCardFor(finding({ message: `A re-run inserts every row into \`${table}\` again.`, data: { table } }), meta()).split('\n\n')[1];
    const code = '``![x](http://e.example/p.png) `tick` <img src=x> [link](command:workbench.action.terminal.new)``';
    assert.equal(why, `**What goes wrong:** Retries, redeliveries, backfills and manual re-runs are routine, so this code will run more than once; the second pass through ${code} must change nothing that the first did not.`);
  });

  it('escapes workspace text in prose placeholders of a message and names its line breaks', () => {
    const table = 'x\n\n# [a](command:evil) <img src=y>';
    const md = messageMarkdown(finding({ message: `A re-run inserts every row into ${table} again.`, data: { table } }), { blind: 'A re-run inserts every row into {{table}} again.' });
    assert.equal(md, 'A re-run inserts every row into x\\\\n\\\\n# \\[a\\](command\\:evil) \\<img src=y\\> again.');
  });

  it('escapes a whole message that is not its template filled in', () => {
    assert.equal(messageMarkdown(finding({ message: 'Raw ![i](http://e.example/i.png)', data: {} }), meta().messages), 'Raw \\!\\[i\\](http\\://e.example/i.png)');
  });

  it('prefers the call over the handler as the subject', () => {
    const why = hoverCardFor(finding({ data: { handler: 'onReceipt', call: 'mailer.send' } }), meta()).split('\n\n')[1];
    assert.match(why, /the second pass through `mailer\.send` must/);
  });

  it('falls back to the lesson default subject when the finding names nothing', () => {
    const card = hoverCardFor(finding({ data: {} }), meta());
    assert.match(card, /the second pass through the target must change nothing/);
  });

  it('names the concept by its title with the interview question it answers, not by its key', () => {
    const card = hoverCardFor(finding(), meta());
    const lesson = getLesson('idempotency');
    assert.ok(card.includes(`**Concept:** Idempotent pipelines, the answer to *"${lesson.signals[0]}"*`));
    assert.equal(card.includes(lesson.conceptKey), false);
  });

  it('shows the first paragraph of the fix text and the whole passing example, no before example', () => {
    const card = hoverCardFor(finding(), meta());
    assert.ok(card.includes('**Fix:** Replace the partition in one transaction.\n\nAfter:\n```sql\nDELETE FROM daily_sales WHERE order_date = :run_date;\nINSERT INTO daily_sales SELECT 1;\n```'));
    assert.equal(card.includes('Before:'), false);
  });

  it('keeps the imports of a TypeScript example, so the code runs as shown', () => {
    const good = { code: "import { Worker } from 'bullmq';\nconst mailer = require('mailer');\n\nnew Worker('q', async (job) => {\n  await mailer.send(job.data);\n});", filename: 'worker.ts' };
    const card = hoverCardFor(finding(), meta({ docs: { ...meta().docs, good: [good] } }));
    assert.ok(card.includes(`After:\n\`\`\`ts\n${good.code}\n\`\`\``));
  });

  it('prefers a passing example that fits over a longer one that would be cut', () => {
    const long = { code: Array.from({ length: 30 }, (_, i) => `DELETE FROM t${i};`).join('\n'), filename: 'a.sql' };
    const short = { code: 'BEGIN;\nDELETE FROM t;\nCOMMIT;', filename: 'b.sql' };
    assert.ok(hoverCardFor(finding(), meta({ docs: { ...meta().docs, good: [long, short] } })).includes('After:\n```sql\nBEGIN;\nDELETE FROM t;\nCOMMIT;\n```'));
    const cut = hoverCardFor(finding(), meta({ docs: { ...meta().docs, good: [long] } }));
    assert.ok(cut.includes('DELETE FROM t19;\n-- ...\n```'), cut);
  });

  it('keeps the list a fix paragraph introduces with a colon, reflowing hard-wrapped lines', () => {
    const howToFix = 'Pick one\npattern:\n\n- Upsert on\n  the key.\n- Replace the partition.\n\nMore detail.';
    const card = hoverCardFor(finding(), meta({ docs: { ...meta().docs, howToFix } }));
    assert.ok(card.includes('**Fix:** Pick one pattern:\n\n- Upsert on the key.\n- Replace the partition.\n\nAfter:'));
  });

  it('links the lesson and the rule docs as command: links for VS Code', () => {
    const card = hoverCardFor(finding(), meta(), { links: { style: 'command' } });
    assert.ok(
      card.endsWith(
        '[Open lesson](command:pipelint.showLesson?%5B%7B%22lessonId%22%3A%22idempotency%22%7D%5D) · [Rule docs](command:pipelint.showRuleDocs?%5B%7B%22ruleId%22%3A%22blind-insert%22%7D%5D)',
      ),
      card,
    );
  });

  it('links the pages in the installed docs/ when no link style is given, and the docsBaseUrl when one is', () => {
    assert.ok(hoverCardFor(finding(), meta()).endsWith(`[Open lesson](${docsFileUrl('lessons', 'idempotency')}) · [Rule docs](${docsFileUrl('rules', 'blind-insert')})`));
    const card = hoverCardFor(finding(), meta(), { links: { style: 'command', docsBaseUrl: 'https://docs.example.com/pipelint' } });
    assert.ok(card.endsWith('[Open lesson](https://docs.example.com/pipelint/lessons/idempotency.md) · [Rule docs](https://docs.example.com/pipelint/rules/blind-insert.md)'));
  });

  it('stays short enough for a hover', () => {
    assert.ok(hoverCardFor(finding(), meta()).split('\n').length < 40);
  });

  it('gives engine findings a short card without a lesson', () => {
    const card = renderHoverCard(
      finding({ ruleId: 'unused-suppression', concept: null, message: 'This pipelint-disable comment suppresses no finding; remove it.', data: {}, origin: 'engine' }),
    );
    assert.equal(
      card,
      '### Unused suppression `unused-suppression`\n\n' +
        'This pipelint-disable comment suppresses no finding; remove it.\n\n' +
        'A pipelint-disable comment that suppresses nothing hides future findings without reason.\n\n' +
        `[Rule docs](${docsFileUrl('rules', 'unused-suppression')})`,
    );
  });
});
