import * as assert from 'node:assert/strict';
import { explainCommand } from '@pipelint/engine/internal/cli/explain.js';
import { LESSON_IDS } from '@pipelint/engine/internal/core/types.js';
import { renderExplain } from '@pipelint/engine/internal/lessons/explain.js';
import { getLesson } from '@pipelint/engine/internal/lessons/index.js';
import { markdownToTerminal, wrap } from '@pipelint/engine/internal/markdown/terminal.js';
import { docsFileUrl } from '../cli/helpers.js';

const ANSI = /\x1b\[[0-9;]*m/;

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = explainCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), color: false });
  return { code, stdout, stderr };
}

describe('pipelint explain', () => {
  for (const id of LESSON_IDS) {
    it(`renders the ${id} lesson with its sections, signals and probes`, () => {
      const text = renderExplain(id, { color: false });
      assert.ok(text !== null);
      const lesson = getLesson(id);
      assert.ok(text.startsWith(`${lesson.title}\n${'='.repeat(lesson.title.length)}\n`));
      for (const heading of ['INTERVIEW SIGNALS', 'THE ANSWER', 'FOLLOW-UP PROBES', 'RULES THAT TEACH THIS']) {
        assert.ok(text.includes(`\n${heading}\n`), heading);
      }
      assert.ok(text.includes(`  - "${lesson.signals[0]}"`));
      assert.ok(text.includes(`  ${lesson.probes[0].question}`));
      assert.ok(text.endsWith(`\nDocs: ${docsFileUrl('lessons', id)}\n`));
      assert.doesNotMatch(text, ANSI);
    });
  }

  it('wraps prose at the requested width', () => {
    for (const width of [60, 80]) {
      const text = renderExplain('backpressure', { color: false, width }) ?? '';
      const isCode = (line: string): boolean => line.startsWith('      ');
      const tooLong = text.split('\n').filter((l) => l.length > width && !isCode(l) && !l.startsWith('Docs: '));
      assert.deepEqual(tooLong, [], `width ${width}`);
    }
  });

  it('indents code blocks under the answer', () => {
    const text = renderExplain('idempotency', { color: false }) ?? '';
    assert.ok(text.includes('\n      BEGIN;\n      DELETE FROM daily_sales'));
  });

  it('renders the pattern table as one labelled block per row', () => {
    const text = renderExplain('backpressure', { color: false }) ?? '';
    assert.ok(text.includes('\n  Drop oldest\n    What it does: Throw away the oldest queued events to make room.\n'));
  });

  it('makes headings bold and code cyan when colour is on', () => {
    const text = renderExplain('backpressure', { color: true }) ?? '';
    assert.ok(text.includes('\x1b[1mINTERVIEW SIGNALS\x1b[22m'));
    assert.ok(text.includes('\x1b[36mPromise.all\x1b[39m'));
  });

  it('shows the code after `--fix` under the anti-pattern it fixes', () => {
    const text = renderExplain('unguarded-ddl', { color: false }) ?? '';
    const fixed = '    Fixed by `--fix`:\n\n        CREATE TABLE IF NOT EXISTS analytics.daily_orders (\n';
    assert.ok(text.indexOf('  Anti-pattern: Fails on the second run\n') < text.indexOf(fixed), text);
    assert.ok(text.indexOf(fixed) < text.indexOf('  Fix: A no-op when the table exists\n'), text);
  });

  it('explains engine findings too', () => {
    const text = renderExplain('parse-error', { color: false }) ?? '';
    assert.ok(text.startsWith('Parse error\n'));
    assert.ok(text.includes('HOW TO TURN IT OFF'));
  });

  it('returns null for an id that is neither a lesson nor a rule', () => {
    assert.equal(renderExplain('no-such-thing', { color: false }), null);
  });

  it('prints a lesson and exits 0', () => {
    const out = run(['late-data']);
    assert.equal(out.code, 0);
    assert.equal(out.stderr, '');
    assert.ok(out.stdout.startsWith('Late-arriving data\n'));
  });

  it('exits 2 with a suggestion for a misspelt id', () => {
    const out = run(['backpresure']);
    assert.equal(out.code, 2);
    assert.equal(out.stdout, '');
    assert.match(out.stderr, /^pipelint: 'backpresure' is neither a lesson nor a rule\. Did you mean 'backpressure'\?/);
  });

  it('exits 2 without a suggestion when nothing is close', () => {
    const out = run(['zzz']);
    assert.equal(out.code, 2);
    assert.doesNotMatch(out.stderr, /Did you mean/);
  });

  it('exits 2 when no id or several ids are given', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['idempotency', 'late-data']).code, 2);
  });
});

describe('terminal wrapping', () => {
  it('breaks at word boundaries with a hanging indent', () => {
    assert.equal(wrap('- one two three four', 10, '', '  '), '- one two\n  three\n  four');
  });

  it('keeps a word longer than the line whole', () => {
    assert.equal(wrap('see https://example.com/a/very/long/path', 12, ''), 'see\nhttps://example.com/a/very/long/path');
  });

  it('keeps the numbers of an ordered list and hangs wrapped lines under the text', () => {
    const text = markdownToTerminal('1. first item that is long enough to wrap\n2. second', { color: false, width: 24 });
    assert.equal(text, '1. first item that is\n   long enough to wrap\n2. second\n');
  });

  it('measures width without colour codes', () => {
    assert.equal(wrap('\x1b[1mab\x1b[22m cd', 5, ''), '\x1b[1mab\x1b[22m cd');
  });
});
