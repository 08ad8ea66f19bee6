import * as assert from 'node:assert/strict';
import { formatMessage } from '@pipelint/engine/internal/core/engine-rules.js';
import { prng } from '../sql/prng.js';

/** What formatMessage did before it cut templates once: a regular-expression replace per call. */
function reference(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? data[key] : whole));
}

describe('formatMessage', () => {
  it('fills placeholders, keeps ones without data as written, and repeats a key', () => {
    const data = { table: 'analytics.orders', line: '3' };
    assert.equal(formatMessage('DELETE on {{table}} (line {{ line }}) then {{table}}.', data), 'DELETE on analytics.orders (line 3) then analytics.orders.');
    assert.equal(formatMessage('no {{  missing }} here', data), 'no {{  missing }} here');
    assert.equal(formatMessage('plain text', data), 'plain text');
    assert.equal(formatMessage('{{table}}', data), 'analytics.orders');
    assert.equal(formatMessage('{{ not closed', data), '{{ not closed');
  });

  it('data that looks like a placeholder is inserted literally, not expanded again', () => {
    assert.equal(formatMessage('{{a}} and {{b}}', { a: '{{b}}', b: 'x' }), '{{b}} and x');
  });

  it('agrees with a regular-expression replace on 5,000 random templates', () => {
    const random = prng(11);
    const pieces = ['{{', '}}', '{{a}}', '{{ b }}', '{{c_1}}', '{ {', ' ', 'x', '{{ }}', '{{a-b}}', '}', '{', '\n', '$&', "$'"];
    for (let n = 0; n < 5000; n++) {
      let template = '';
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i++) template += pieces[Math.floor(random() * pieces.length)];
      const data: Record<string, string> = {};
      if (random() < 0.7) data.a = 'A$&';
      if (random() < 0.5) data.b = '{{a}}';
      if (random() < 0.5) data.c_1 = '';
      // Twice: the second call uses the cut template.
      assert.equal(formatMessage(template, data), reference(template, data), JSON.stringify({ template, data }));
      assert.equal(formatMessage(template, data), reference(template, data), JSON.stringify({ template, data }));
    }
  });
});
