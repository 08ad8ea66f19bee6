import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ABSOLUTE_LINKS, renderLessonMarkdown } from '@pipelint/engine/internal/lessons/lesson-markdown.js';
import { renderExplain } from '@pipelint/engine/internal/lessons/explain.js';
import { renderHoverCard } from '@pipelint/engine/internal/lessons/hover.js';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { hoverMarkdown } from '@pipelint/engine/internal/markdown/hover.js';
import { renderHtml, renderInlineHtml } from '@pipelint/engine/internal/markdown/html.js';
import { markdownToTerminal } from '@pipelint/engine/internal/markdown/terminal.js';

const SNAPSHOTS = path.resolve(__dirname, '..', '..', 'fixtures', 'markdown');

/** Compares with the stored snapshot; `UPDATE_SNAPSHOTS=1 npx mocha ...` rewrites it, to be reviewed as a diff. */
function matchesSnapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOTS, name);
  if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(file, actual);
  assert.ok(fs.existsSync(file), `${name} has no snapshot: run with UPDATE_SNAPSHOTS=1 and review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its snapshot`);
}

const SAMPLE = [
  '# Replacing a partition',
  '',
  'A load that deletes and inserts',
  'in two transactions leaves a gap.',
  '',
  '- **Upsert**: `MERGE` on the key,',
  '  in one statement.',
  '- *Partition replace*: see [`non-atomic-replace`](https://example.com/rules/non-atomic-replace.md).',
  '',
  '| Pattern | Cost |',
  '| --- | --- |',
  '| [`MERGE`](https://example.com/merge) | high \\| scans the target |',
  '',
  '```sql',
  'BEGIN;',
  'DELETE FROM t WHERE d = 1;',
  'COMMIT;',
  '```',
  '',
].join('\n');

describe('the Markdown renderers', () => {
  it('render the same Markdown as HTML, terminal text and hover Markdown', () => {
    matchesSnapshot('sample.html', `${renderHtml(SAMPLE)}\n`);
    matchesSnapshot('sample.txt', markdownToTerminal(SAMPLE, { color: false, width: 60 }));
    matchesSnapshot('sample.ansi', markdownToTerminal(SAMPLE, { color: true, width: 60 }));
    matchesSnapshot('sample.hover.md', `${hoverMarkdown(SAMPLE)}\n`);
  });

  it('render a link whose text is code as a link', () => {
    assert.equal(renderInlineHtml('[`blind-insert`](https://example.com/r.md)'), '<a href="https://example.com/r.md"><code>blind-insert</code></a>');
    assert.equal(markdownToTerminal('[`blind-insert`](https://example.com/r.md)', { color: false, width: 80 }), '`blind-insert` <https://example.com/r.md>\n');
  });

  it('show the lesson view of a lesson with its rule table linked', () => {
    const html = renderHtml(renderLessonMarkdown('late-data', ABSOLUTE_LINKS));
    assert.doesNotMatch(html, /\[<code>/);
    matchesSnapshot('lesson-late-data.html', `${html}\n`);
  });

  it('show a rule in the terminal and a finding in a hover', () => {
    matchesSnapshot('explain-non-atomic-replace.txt', renderExplain('non-atomic-replace', { color: false, width: 80 }) ?? '');
    const sql = "BEGIN;\nDELETE FROM analytics.daily WHERE d = '2024-06-01';\nCOMMIT;\nINSERT INTO analytics.daily SELECT * FROM staging.daily;\n";
    const finding = lintText(sql, { filename: 'replace.sql' }).findings.find((f) => f.ruleId === 'non-atomic-replace');
    assert.ok(finding, 'the sample replace script has a non-atomic-replace finding');
    matchesSnapshot('hover-non-atomic-replace.md', `${renderHoverCard(finding)}\n`);
  });
});
