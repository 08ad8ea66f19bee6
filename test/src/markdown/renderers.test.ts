import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderLessonMarkdown } from '@pipelint/engine/internal/lessons/lesson-markdown.js';
import { docsLinks } from '@pipelint/engine/internal/core/docs-url.js';
import { renderExplain } from '@pipelint/engine/internal/lessons/explain.js';
import { renderHoverCard, snippet } from '@pipelint/engine/internal/lessons/hover.js';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';
import { exampleSource } from '@pipelint/engine/internal/lessons/md.js';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { REPO_ROOT } from '../cli/helpers.js';
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

  // Hosted docs give the same https links on every machine; the VS Code view's command: links are in lesson-view.test.
  it('show the lesson view of a lesson with its rule table linked', () => {
    const html = renderHtml(renderLessonMarkdown('late-data', docsLinks({ docsBaseUrl: 'https://docs.example.com/pipelint' })));
    assert.doesNotMatch(html, /\[<code>/);
    matchesSnapshot('lesson-late-data.html', `${html}\n`);
  });

  it('show a rule in the terminal and a finding in a hover', () => {
    // The footer links the page in the installed package; the snapshot names this checkout's docs/ <pipelint>.
    const explained = (renderExplain('non-atomic-replace', { color: false, width: 80 }) ?? '').replaceAll(pathToFileURL(REPO_ROOT).href, 'file://<pipelint>');
    matchesSnapshot('explain-non-atomic-replace.txt', explained);
    const sql = "BEGIN;\nDELETE FROM analytics.daily WHERE d = '2024-06-01';\nCOMMIT;\nINSERT INTO analytics.daily SELECT * FROM staging.daily;\n";
    const finding = lintText(sql, { filename: 'replace.sql' }).findings.find((f) => f.ruleId === 'non-atomic-replace');
    assert.ok(finding, 'the sample replace script has a non-atomic-replace finding');
    matchesSnapshot('hover-non-atomic-replace.md', `${renderHoverCard(finding, { links: { style: 'command' } })}\n`);
  });

  it('show a TypeScript finding in a hover', () => {
    const ts = [
      "import axios from 'axios';",
      "import { Pool } from 'pg';",
      '',
      'const db = new Pool();',
      'export async function pushAccounts(): Promise<void> {',
      "  const { rows } = await db.query('SELECT id, plan FROM accounts');",
      '  await Promise.all(rows.map((a) => axios.post(`https://billing.example.com/accounts/${a.id}`, { plan: a.plan })));',
      '}',
      '',
    ].join('\n');
    const finding = lintText(ts, { filename: 'sync.ts' }).findings.find((f) => f.ruleId === 'unbounded-concurrency');
    assert.ok(finding, 'the sample sync has an unbounded-concurrency finding');
    matchesSnapshot('hover-unbounded-concurrency.md', `${renderHoverCard(finding, { links: { style: 'command' } })}\n`);
  });
});

describe('hover cards', () => {
  it('put the consequence, the fix with its code, the concept with its question and the links in that order', () => {
    const sql = "DELETE FROM analytics.daily WHERE d = '2024-06-01';\nINSERT INTO analytics.daily SELECT * FROM staging.daily;\n";
    const finding = lintText(sql, { filename: 'replace.sql' }).findings.find((f) => f.ruleId === 'non-atomic-replace');
    assert.ok(finding);
    const card = renderHoverCard(finding);
    const at = ['**What goes wrong:**', '**Fix:**', 'After:\n```sql', '**Concept:** Idempotent pipelines, the answer to *"', '[Open lesson]('].map((part) => card.indexOf(part));
    assert.ok(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1])), JSON.stringify(at));
    assert.equal(card.includes(finding.message), false, 'the card does not repeat the diagnostic message');
    assert.doesNotMatch(card, /paBatchProcessing|`pa[A-Z]/);
    assert.match(card, /INSERT INTO[\s\S]*COMMIT;\n```/);
  });

  it('show every rule\'s passing example whole, so no fixed script stops before its COMMIT', () => {
    for (const meta of allRuleMetas()) {
      const card = renderHoverCard({ ruleId: meta.id, concept: meta.concept, severity: 'warn', message: 'm', messageId: 'x', data: {}, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, origin: meta.language === 'sql' ? 'sql' : 'ts' } as never);
      const last = exampleSource(meta.docs.good[0].code).trimEnd().split('\n').pop() ?? '';
      assert.ok(card.includes(`${last}\n\`\`\``), `${meta.id}: the After example ends with its last line ${JSON.stringify(last)}`);
    }
  });

  it('cut a long example only after a complete statement, with a visible ...', () => {
    const statements = Array.from({ length: 8 }, (_, i) => `INSERT INTO t${i}\nSELECT *\nFROM s${i};`).join('\n');
    const sql = snippet({ filename: 'long.sql', code: `BEGIN;\n${statements}\nCOMMIT;\n` });
    assert.equal(sql.cut, true);
    assert.equal(sql.markdown, `\`\`\`sql\nBEGIN;\n${statements.split('\n').slice(0, 18).join('\n')}\n-- ...\n\`\`\``);
    const one = `SELECT\n${Array.from({ length: 24 }, (_, i) => `  c${i},`).join('\n')}\n  c99\nFROM t;`;
    assert.deepEqual(snippet({ filename: 'wide.sql', code: one }), { markdown: `\`\`\`sql\n${one}\n\`\`\``, cut: false });
    const handlers = Array.from({ length: 7 }, (_, i) => `app.get('/${i}', (req, res) => {\n  res.send('; {');\n});`).join('\n');
    const ts = snippet({ filename: 'app.ts', code: `import express from 'express';\n\nconst app = express();\n${handlers}\n` });
    assert.equal(ts.markdown, `\`\`\`ts\nimport express from 'express';\n\nconst app = express();\n${handlers.split('\n').slice(0, 15).join('\n')}\n// ...\n\`\`\``);
  });
});
