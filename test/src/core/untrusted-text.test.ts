import * as assert from 'node:assert/strict';
import { codeSpanOf, escapeControlCharacters, escapeMarkdownText, markdownFromTemplate } from '@pipelint/engine/internal/core/untrusted-text.js';

describe('untrusted text', () => {
  it('names control characters so a message stays on one line and sends no escape sequence', () => {
    assert.equal(escapeControlCharacters('a\u001b[2Jb\nc\r\u0000\u007f\u009b\u2028\u202ed\te'), 'a\\x1b[2Jb\\nc\\r\\x00\\x7f\\x9b\\u2028\\u202ed\te');
    assert.equal(escapeControlCharacters('analytics.daily_orders'), 'analytics.daily_orders');
  });

  it('escapes Markdown images, links, code, HTML, entities and bare URLs in prose', () => {
    assert.equal(escapeMarkdownText('![x](http://e.example/a.png)'), '\\!\\[x\\](http\\://e.example/a.png)');
    assert.equal(escapeMarkdownText('[link](command:workbench.action.terminal.new)'), '\\[link\\](command\\:workbench.action.terminal.new)');
    assert.equal(escapeMarkdownText('`tick` <img src=x> &amp; *b* _i_ ~s~ a|b www.e.example'), '\\`tick\\` \\<img src=x\\> \\&amp; \\*b\\* \\_i\\_ \\~s\\~ a\\|b www\\.e.example');
    assert.equal(escapeMarkdownText('a\\b\n\nc'), 'a\\\\b\\\\n\\\\nc');
    assert.equal(escapeMarkdownText('analytics.daily_orders'), 'analytics.daily\\_orders');
  });

  it('fences a code span with one backtick more than the longest run inside it', () => {
    assert.equal(codeSpanOf('daily_orders'), '`daily_orders`');
    assert.equal(codeSpanOf('a`b'), '``a`b``');
    assert.equal(codeSpanOf('`a``'), '``` `a`` ```');
    assert.equal(codeSpanOf('x\n\ny'), '`x\\n\\ny`');
    assert.equal(codeSpanOf(''), '');
  });

  it('fills a template: values in its code spans are fenced, values in prose escaped, the template kept', () => {
    const template = '`{{assignment}}` changes {{column}} of {{table}}: *twice*.';
    const data = { assignment: 'n = n + `1`', column: '<b>', table: '![x](http://e.example/p.png)' };
    assert.equal(markdownFromTemplate(template, data), '`` n = n + `1` `` changes \\<b\\> of \\!\\[x\\](http\\://e.example/p.png): *twice*.');
    assert.equal(markdownFromTemplate('keeps {{missing}} as it is', {}), 'keeps {{missing}} as it is');
  });
});
