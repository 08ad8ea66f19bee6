import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';
import { parseCoverage, readAccuracyInputs, renderAccuracy, thinlyTriaged, type AccuracyInputs } from '@pipelint/engine/internal/soak/accuracy.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function repo(name: string): AccuracyInputs['manifest']['repositories'][number] {
  return { repo: name, commit: 'c'.repeat(40), category: 'dbt', warehouse: 'snowflake', dialect: 'snowflake', paths: ['models/**/*.sql'], note: 'fixture' };
}

type Entry = AccuracyInputs['triage']['entries'][number];

function entry(name: string, file: string, line: number, rule: string, verdict: Entry['verdict'], extra: Partial<Entry> = {}): Entry {
  return { repo: name, path: file, line, rule, verdict, reason: `reason ${file}:${line}`, ...extra };
}

/** 16 blind-insert findings (15 tp, 1 fp), 2 unguarded-ddl (1 tp, 1 debatable), one reported miss, two open misses. */
function inputs(): AccuracyInputs {
  const blind = Array.from({ length: 16 }, (_, i) => ({ path: `models/m${String(i).padStart(2, '0')}.sql`, line: 1, column: 1, rule: 'blind-insert' }));
  const findings = [
    ...blind,
    { path: 'models/setup.sql', line: 1, column: 1, rule: 'unguarded-ddl' },
    { path: 'models/setup.sql', line: 5, column: 1, rule: 'unguarded-ddl' },
    { path: 'models/w.sql', line: 2, column: 9, rule: 'wall-clock-window' },
  ];
  const entries: Entry[] = [
    ...blind.map((f, i) => entry('acme/big', f.path, 1, 'blind-insert', i === 3 ? 'fp' : 'tp', i === 3 ? { class: 'claim-pattern' } : {})),
    entry('acme/big', 'models/setup.sql', 1, 'unguarded-ddl', 'tp'),
    entry('acme/big', 'models/setup.sql', 5, 'unguarded-ddl', 'debatable', { class: 'scheduler-drops-first' }),
    entry('acme/big', 'models/w.sql', 2, 'wall-clock-window', 'fn'),
    entry('acme/big', 'models/w.sql', 7, 'wall-clock-window', 'fn', { class: 'alert-schedule' }),
    entry('acme/big', 'models/z.sql', 3, 'none:create-function-guard', 'fn'),
    entry('zed/unrun', 'models/q.sql', 1, 'blind-insert', 'fp'),
  ].sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return {
    manifest: { repositories: [repo('acme/big'), repo('zed/unrun')] },
    triage: { entries },
    results: { repositories: [{ repo: 'acme/big', commit: 'c'.repeat(40), pipelint: { version: '0.1.0', commit: 'd'.repeat(40) }, findings }] },
    coverage: { 'unguarded-ddl': 'few set-up scripts in the fixture corpus.' },
  };
}

function row(markdown: string, first: string): string {
  return markdown.split('\n').find((l) => l.startsWith(`| ${first} |`)) ?? `(no row for ${first})`;
}

describe('docs/accuracy.md', () => {
  // The page's numbers are what is tested here, not the rules' current defaults: pin the severities the rows assert.
  const PINNED: Record<string, 'warn' | 'hint'> = { 'blind-insert': 'warn', 'unguarded-ddl': 'warn', 'wall-clock-window': 'warn', 'freshness-cost': 'hint' };
  const metas = allRuleMetas().map((m) => (m.id in PINNED ? { ...m, defaultSeverity: PINNED[m.id] } : m));
  const page = renderAccuracy(inputs(), metas);

  it('summarises the corpus: repositories, findings, misses, overall numbers and the build', () => {
    assert.ok(
      page.includes(
        [
          '- Repositories: 2 in the manifest, 1 with results.',
          '- Findings: 19, of which 19 triaged (17 tp, 1 fp, 1 debatable) and 0 not yet triaged.',
          '- Known misses: 2 (fn entries no finding reports yet).',
          '- Overall precision 89.4%, recall 89.4%.',
          '- Measured with pipelint 0.1.0 (dddddddddddd).',
          '- 1 triage entries belong to repositories without results and are not counted.',
        ].join('\n'),
      ),
      page,
    );
  });

  it('gives each rule its numbers and its status against the bar, marking too few findings', () => {
    assert.equal(row(page, '[`blind-insert`](rules/blind-insert.md)'), '| [`blind-insert`](rules/blind-insert.md) | idempotency | `warn` | 1 | 16 | 15 | 1 | 0 | 0 | 93.7% | - | UNDER the 95.0% bar |');
    assert.equal(
      row(page, '[`unguarded-ddl`](rules/unguarded-ddl.md)'),
      '| [`unguarded-ddl`](rules/unguarded-ddl.md) | idempotency | `warn` | 1 | 2 | 1 | 0 | 1 | 0 | 50.0% | - | UNDER the 95.0% bar; only 2 triaged findings (fewer than 15) |',
    );
    assert.equal(
      row(page, '[`wall-clock-window`](rules/wall-clock-window.md)'),
      '| [`wall-clock-window`](rules/wall-clock-window.md) | late-data | `warn` | 1 | 1 | 1 | 0 | 0 | 0 | 100.0% | 50.0% (1 missed) | meets the 95.0% bar; only 1 triaged finding (fewer than 15) |',
    );
    assert.equal(row(page, '[`freshness-cost`](rules/freshness-cost.md)'), '| [`freshness-cost`](rules/freshness-cost.md) | cost-of-freshness | `hint` | 0 | 0 | 0 | 0 | 0 | 0 | - | - | not recommended; no triaged findings yet |');
    assert.equal(metas.filter((m) => row(page, `[\`${m.id}\`](rules/${m.id}.md)`).startsWith('(no row')).length, 0, 'every rule has a row');
    assert.equal(row(page, '`none:create-function-guard`'), '(no row for `none:create-function-guard`)', 'an idea without a rule has no rule row');
  });

  it('gives each concept precision and recall, the uncovered misses under (no rule)', () => {
    assert.equal(row(page, 'idempotency'), '| idempotency | 1 | 18 | 16 | 1 | 1 | 0 | 88.8% | 0 | 0 | - |');
    assert.equal(row(page, 'late-data'), '| late-data | 1 | 1 | 1 | 0 | 0 | 0 | 100.0% | 2 | 1 | 50.0% |');
    assert.equal(row(page, '(no rule)'), '| (no rule) | 0 | 0 | 0 | 0 | 0 | 0 | - | 1 | 1 | 0.0% |');
  });

  it('lists the recommended rules against the bar, the false-alarm classes and the known misses with their reasons', () => {
    assert.ok(page.includes('- [`blind-insert`](rules/blind-insert.md) (`warn`): UNDER the 95.0% bar\n'));
    assert.ok(page.includes('| [`blind-insert`](rules/blind-insert.md) | fp | claim-pattern | 1 |\n| [`unguarded-ddl`](rules/unguarded-ddl.md) | debatable | scheduler-drops-first | 1 |'));
    assert.ok(page.includes('### `none:create-function-guard` (no rule covers it)\n\n- acme/big `models/z.sql:3`: reason models/z.sql:3'));
    assert.ok(page.includes('### [`wall-clock-window`](rules/wall-clock-window.md)\n\n- acme/big `models/w.sql:7` [alert-schedule]: reason models/w.sql:7\n'));
    assert.ok(!page.includes('models/w.sql:2`'), 'a miss that is now reported is not listed');
  });

  it('says why each rule with fewer than 15 triaged findings has so few, or that no reason is recorded', () => {
    const section = page.slice(page.indexOf('## Rules with fewer than 15 triaged findings'), page.indexOf('## Known misses'));
    assert.ok(section.includes('- [`unguarded-ddl`](rules/unguarded-ddl.md) (2): few set-up scripts in the fixture corpus.\n'), section);
    assert.ok(section.includes('- [`wall-clock-window`](rules/wall-clock-window.md) (1): no reason recorded yet (soak/coverage.json).\n'), section);
    assert.ok(!section.includes('[`blind-insert`]'), 'a rule with 16 triaged findings is not listed');
    assert.deepEqual(
      thinlyTriaged(inputs(), metas).filter((t) => ['blind-insert', 'unguarded-ddl', 'wall-clock-window'].includes(t.rule)),
      [{ rule: 'unguarded-ddl', count: 2 }, { rule: 'wall-clock-window', count: 1 }],
    );
  });

  it('reads soak/coverage.json as reasons by rule, and refuses an empty reason or another shape', () => {
    assert.deepEqual(parseCoverage({ rules: { 'copy-force-reload': 'rare in public code.' } }, 'c.json'), { 'copy-force-reload': 'rare in public code.' });
    assert.throws(() => parseCoverage({ rules: { 'copy-force-reload': ' ' } }, 'c.json'), /c\.json: the reason for copy-force-reload must be a sentence/);
    assert.throws(() => parseCoverage({ rules: [] }, 'c.json'), /c\.json: expected/);
    assert.equal(Object.getPrototypeOf(parseCoverage({ rules: JSON.parse('{"__proto__": "x"}') }, 'c.json')), Object.prototype);
  });

  it('is deterministic', () => {
    assert.equal(renderAccuracy(inputs(), metas), page);
  });

  it('is up to date with soak/triage.json and soak/results.json (run `npm run docs` and commit)', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'docs', 'accuracy.md'), 'utf8');
    assert.equal(committed, renderAccuracy(readAccuracyInputs(path.join(ROOT, 'soak')), allRuleMetas()), 'docs/accuracy.md is stale: run `npm run docs` and commit it');
  });
});
