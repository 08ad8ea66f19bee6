import * as assert from 'node:assert/strict';
import { lessonHtml } from '@pipelint/vscode/internal/lesson-html.js';
import { renderInline, renderMarkdown } from '@pipelint/vscode/internal/markdown.js';
import { statusText } from '@pipelint/vscode/internal/status-text.js';
import { LESSON_IDS } from '@pipelint/engine/internal/core/types.js';
import { renderLessonMarkdown, rulesTeaching } from '@pipelint/engine/internal/lessons/lesson-markdown.js';
import { docsLinks } from '@pipelint/engine/internal/core/docs-url.js';

describe('the lesson view Markdown renderer', function () {
  it('renders headings, paragraphs and lists', function () {
    assert.equal(
      renderMarkdown('# Title\n\nOne line\nwraps here.\n\n- first\n- second\n\n1. one\n2. two'),
      '<h1>Title</h1>\n<p>One line wraps here.</p>\n<ul><li>first</li><li>second</li></ul>\n<ol><li>one</li><li>two</li></ol>',
    );
  });

  it('escapes code blocks verbatim, with the language as a class', function () {
    assert.equal(renderMarkdown('```sql\nSELECT \'<b>\' & 1;\n**not bold**\n```'), '<pre><code class="language-sql">SELECT &#39;&lt;b&gt;&#39; &amp; 1;\n**not bold**</code></pre>');
  });

  it('renders tables with inline markup in cells', function () {
    assert.equal(
      renderMarkdown('| Pattern | Cost |\n| --- | --- |\n| `MERGE` | **high** |'),
      '<table><thead><tr><th>Pattern</th><th>Cost</th></tr></thead><tbody><tr><td><code>MERGE</code></td><td><strong>high</strong></td></tr></tbody></table>',
    );
  });

  it('links only https targets and keeps other links as plain text', function () {
    assert.equal(renderInline('[docs](https://example.com/a?b=1&c=2)'), '<a href="https://example.com/a?b=1&amp;c=2">docs</a>');
    assert.equal(renderInline('[run](command:workbench.action.terminal.new)'), 'run');
    assert.equal(renderInline('[x](javascript:alert(1))'), '[x](javascript:alert(1))');
    assert.equal(renderInline('[rule](../rules/blind-insert.md)'), 'rule');
  });

  it('never lets HTML through, in text, code spans or link text', function () {
    const html = renderMarkdown('<script>alert(1)</script>\n\n`<img src=x onerror=alert(1)>`\n\n[<b>x</b>](https://e.com/"onmouseover="x)');
    assert.doesNotMatch(html, /<script|<img|<b>|"onmouseover/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('renders emphasis and quotes', function () {
    assert.equal(renderMarkdown('> *Why?* Because **retries** happen.'), '<blockquote><p><em>Why?</em> Because <strong>retries</strong> happen.</p></blockquote>');
  });

  it('renders every lesson with headings and without raw Markdown fences or table rules left over', function () {
    for (const id of LESSON_IDS) {
      const html = renderMarkdown(renderLessonMarkdown(id));
      assert.match(html, /^<h1>/, id);
      assert.doesNotMatch(html, /```|\|\s*---/, id);
    }
  });
});

describe('lessonHtml', function () {
  it('sets a CSP that allows no scripts and only the nonced style', function () {
    const html = lessonHtml('Late <data>', '# Late data', 'abc123');
    assert.match(html, /content="default-src 'none'; style-src 'nonce-abc123'; img-src 'none'; script-src 'none'; font-src 'none'"/);
    assert.match(html, /<style nonce="abc123">/);
    assert.match(html, /<title>Late &lt;data&gt;<\/title>/);
    assert.doesNotMatch(html, /<script/);
  });
});

describe('statusText', function () {
  it('shows the finding count of open files once the server runs', function () {
    assert.deepEqual(statusText('running', { state: 'ready', openFindings: 3, openErrors: 0 }), { text: '$(warning) pipelint 3', tooltip: 'pipelint: 3 findings in open files' });
    assert.deepEqual(statusText('running', { state: 'ready', openFindings: 0, openErrors: 0 }), { text: '$(check) pipelint', tooltip: 'pipelint: no findings in open files' });
  });

  it('uses the error icon when any finding is an error, and counts the rest as warnings', function () {
    assert.deepEqual(statusText('running', { state: 'ready', openFindings: 3, openErrors: 1 }), { text: '$(error) pipelint 1 $(warning) 2', tooltip: 'pipelint: 3 findings in open files, 1 error' });
    assert.deepEqual(statusText('running', { state: 'ready', openFindings: 2, openErrors: 2 }), { text: '$(error) pipelint 2', tooltip: 'pipelint: 2 findings in open files, 2 errors' });
  });

  it('tells off apart from clean, and shows configuration errors and a stopped server', function () {
    assert.deepEqual(statusText('running', { state: 'disabled', openFindings: 0, openErrors: 0 }), { text: '$(circle-slash) pipelint off', tooltip: 'pipelint: off for the open files (setting pipelint.enable)' });
    assert.deepEqual(statusText('running', { state: 'configError', openFindings: 0, openErrors: 0, detail: 'a.json:1:2: bad' }), { text: '$(error) pipelint config', tooltip: 'pipelint: configuration error: a.json:1:2: bad' });
    assert.equal(statusText('stopped', undefined).text, '$(circle-slash) pipelint');
    const shown = ['disabled', 'ready', 'configError'].map((state) => statusText('running', { state: state as 'ready', openFindings: 0, openErrors: 0 }).text);
    assert.equal(new Set(shown).size, 3);
  });
});

describe('the lesson view links', function () {
  it('keeps the command: links to lessons and rule pages and drops every other command', function () {
    const html = lessonHtml(
      'T',
      '[lesson](command:pipelint.showLesson?%5B%7B%22lessonId%22%3A%22idempotency%22%7D%5D) [rule](command:pipelint.showRuleDocs?%5B%7B%22ruleId%22%3A%22blind-insert%22%7D%5D) [term](command:workbench.action.terminal.new) [file](file:///etc/passwd)',
      'n',
    );
    assert.ok(html.includes('<a href="command:pipelint.showLesson?%5B%7B%22lessonId%22%3A%22idempotency%22%7D%5D">lesson</a>'), html);
    assert.ok(html.includes('<a href="command:pipelint.showRuleDocs?%5B%7B%22ruleId%22%3A%22blind-insert%22%7D%5D">rule</a>'), html);
    assert.ok(html.includes(' term ') && !html.includes('workbench') && !html.includes('href="file:'), html);
  });

  it('links every rule of a lesson rendered with command links, as VS Code shows it', function () {
    const html = lessonHtml('Late data', renderLessonMarkdown('late-data', docsLinks({ style: 'command' })), 'n');
    const rules = [...html.matchAll(/<a href="command:pipelint\.showRuleDocs\?([^"]+)">/g)].map((m) => (JSON.parse(decodeURIComponent(m[1])) as [{ ruleId: string }])[0].ruleId);
    assert.deepEqual(rules, rulesTeaching('late-data').map((m) => m.id));
  });
});
