import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  manifestProblems,
  parseManifest,
  parseResults,
  parseTriage,
  readJsonFile,
  triageProblems,
  triageReposOutsideManifest,
} from '@pipelint/engine/internal/soak/format.js';
import { readAccuracyInputs, thinlyTriaged } from '@pipelint/engine/internal/soak/accuracy.js';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';

const SOAK = path.resolve(__dirname, '..', '..', '..', 'soak');

/** Reserved by issue 9 for an independent evaluation: never in the corpus. */
const RESERVED = [
  'AbhimanyuTak/medium_crawler', 'AmrKhaled1818/NotificationService', 'C2FO/fast-csv', 'DataDog/browser-sdk',
  'Group1-SDC/Reviews-Service', 'Jud1cator/de_challenge', 'PostHog/plugin-server', 'Weswwn/project-notify',
  'alissoncorsair/Notes-Backend', 'andresWeitzel/RabbitMQ_Nodejs_example', 'arletaantosik/etl-in-snowflake',
  'aws-samples/aws-cdk-examples', 'aws-samples/serverless-patterns', 'brindashree/E-Canteen-B-end', 'chancehl/gregor',
  'consolomon/de-project-sprint-3', 'cristiscu/programming-in-snowflake', 'dbt-labs/jaffle_shop',
  'dbt-labs/rapid-onboarding-exemplar', 'erosons/my_sandbox_new', 'fernandobhz/new-hire-test',
  'garystafford/tickit-data-lake-demo', 'gilisiel/sakila_dbt_course', 'greasyfork-org/greasyfork', 'igooruh/export-csv',
  'juanfelipehdezm/Snowflake', 'khaitrandinh/Saga_Microservices_Architecture', 'mattermost/mattermost-data-warehouse',
  'mjlocke0529/SimpleTable2Csv', 'mozilla/bigquery-etl', 'sale-boat/service_Cart_ls', 'taylor-ortiz/snowflake-course',
  'temporalio/samples-typescript', 'the-original-h-bomb/Garden_Plants', 'tulios/kafkajs', 'voteamerica/backend',
  'zBrainiac/mother-of-all-Projects', 'zakmayfield/csv-to-db',
].map((r) => r.toLowerCase());

const REPO = {
  repo: 'acme/pipes', commit: 'a'.repeat(40), category: 'dbt', warehouse: 'snowflake', dialect: 'snowflake', paths: ['models/**/*.sql'], note: 'fixture',
};
const ENTRY = { repo: 'acme/pipes', path: 'models/a.sql', line: 3, rule: 'blind-insert', verdict: 'tp', reason: 'appends on rerun' };

describe('soak corpus files', () => {
  describe('the committed manifest, triage and results', () => {
    const manifest = parseManifest(readJsonFile(path.join(SOAK, 'manifest.json')), 'soak/manifest.json');
    const triage = parseTriage(readJsonFile(path.join(SOAK, 'triage.json')), 'soak/triage.json');
    const results = parseResults(readJsonFile(path.join(SOAK, 'results.json')), 'soak/results.json');

    it('are valid, sorted and free of duplicates (parse* throws with every problem otherwise)', () => {
      assert.deepEqual(manifestProblems(manifest), []);
      assert.deepEqual(triageProblems(triage), []);
    });

    it('judge only repositories the manifest lists', () => {
      assert.deepEqual(triageReposOutsideManifest(manifest, triage), []);
    });

    it('hold results only for manifest repositories, at their pinned commit', () => {
      const pinned = new Map(manifest.repositories.map((r) => [r.repo, r.commit]));
      assert.deepEqual(results.repositories.filter((r) => pinned.get(r.repo) !== r.commit).map((r) => r.repo), []);
    });

    it('say in soak/coverage.json why each rule with fewer than 15 triaged findings has so few, and name only known rules', () => {
      const inputs = readAccuracyInputs(SOAK);
      const metas = allRuleMetas();
      const reasons = inputs.coverage ?? {};
      assert.deepEqual(thinlyTriaged(inputs, metas).filter((t) => reasons[t.rule] === undefined), [], 'add a reason for each to soak/coverage.json');
      assert.deepEqual(Object.keys(reasons).filter((id) => !metas.some((m) => m.id === id)), []);
    });

    it('include none of the repositories reserved for the independent evaluation', () => {
      const listed = [...manifest.repositories.map((r) => r.repo), ...triage.entries.map((e) => e.repo)];
      assert.deepEqual(listed.filter((r) => RESERVED.includes(r.toLowerCase())), []);
    });
  });

  describe('validation', () => {
    it('accepts a well-formed manifest and triage', () => {
      assert.deepEqual(manifestProblems({ repositories: [REPO] }), []);
      assert.deepEqual(triageProblems({ entries: [ENTRY, { ...ENTRY, line: 9, rule: 'none:create-function-guard', verdict: 'fn', class: 'function-ddl' }] }), []);
    });

    it('names each bad manifest field', () => {
      const bad = { ...REPO, commit: 'ABC', category: 'etl', warehouse: 'oracle', dialect: 'tsql', paths: [], note: '', extra: 1 };
      assert.deepEqual(manifestProblems({ repositories: [bad] }), [
        'manifest repositories[0] (acme/pipes): unknown key "extra"',
        'manifest repositories[0] (acme/pipes): "commit" must be 40 lowercase hex digits',
        'manifest repositories[0] (acme/pipes): "category" must be one of dbt, warehouse-sql, migrations, node, python',
        'manifest repositories[0] (acme/pipes): "warehouse" must be one of snowflake, bigquery, redshift, postgres, mysql, databricks, duckdb, other',
        'manifest repositories[0] (acme/pipes): "dialect" must be one of ansi, postgres, snowflake, bigquery, spark, redshift, mysql, sqlite',
        'manifest repositories[0] (acme/pipes): "paths" must be a non-empty list of globs',
        'manifest repositories[0] (acme/pipes): "note" must say what the repository is',
      ]);
    });

    it('rejects a repository listed twice and an unsorted manifest', () => {
      const other = { ...REPO, repo: 'aaa/first' };
      assert.deepEqual(manifestProblems({ repositories: [REPO, other, REPO] }), [
        'manifest: repository acme/pipes is listed more than once',
        'manifest: aaa/first is out of order (sorted by repo)',
      ]);
    });

    it('names each bad triage field, and refuses text beyond coordinates and verdicts', () => {
      const bad = { repo: 'acme', path: '/abs/a.sql', line: 0, rule: 'no-such-rule', verdict: 'maybe', reason: ' ', class: 'Not Kebab', message: 'copied text' };
      assert.deepEqual(triageProblems({ entries: [bad] }), [
        'triage entries[0] (acme /abs/a.sql:0 no-such-rule): unknown key "message" (the triage holds coordinates and verdicts only)',
        'triage entries[0] (acme /abs/a.sql:0 no-such-rule): "repo" must be owner/name',
        'triage entries[0] (acme /abs/a.sql:0 no-such-rule): "path" must be repo-relative with forward slashes',
        'triage entries[0] (acme /abs/a.sql:0 no-such-rule): "line" must be a 1-based integer',
        'triage entries[0] (acme /abs/a.sql:0 no-such-rule): "rule" must be a pipelint rule id or none:<kebab-idea>',
        'triage entries[0] (acme /abs/a.sql:0 no-such-rule): "verdict" must be one of tp, fp, debatable, fn',
        'triage entries[0] (acme /abs/a.sql:0 no-such-rule): "reason" must say why, in one sentence',
        'triage entries[0] (acme /abs/a.sql:0 no-such-rule): "class" must be a short kebab-case tag',
      ]);
    });

    it('keeps none: rules for misses only', () => {
      assert.deepEqual(triageProblems({ entries: [{ ...ENTRY, rule: 'none:alert-schedule' }] }), [
        'triage entries[0] (acme/pipes models/a.sql:3 none:alert-schedule): a none: rule is only for misses (verdict fn)',
      ]);
    });

    it('rejects two entries for one (repo, path, line, rule) and entries out of order', () => {
      assert.deepEqual(triageProblems({ entries: [ENTRY, { ...ENTRY, verdict: 'fp' }] }), ['triage: more than one entry for acme/pipes models/a.sql 3 blind-insert']);
      assert.deepEqual(triageProblems({ entries: [{ ...ENTRY, line: 10 }, { ...ENTRY, line: 9 }] }), ['triage: entries[1] is out of order (sorted by repo, path, line, rule)']);
      assert.deepEqual(triageProblems({ entries: [{ ...ENTRY, rule: 'unguarded-ddl' }, ENTRY] }), ['triage: entries[1] is out of order (sorted by repo, path, line, rule)']);
    });

    it('finds triage repositories missing from the manifest', () => {
      assert.deepEqual(triageReposOutsideManifest({ repositories: [REPO as never] }, { entries: [{ ...ENTRY, repo: 'zed/other' } as never, ENTRY as never] }), ['zed/other']);
    });

    it('rejects a file that is not the expected shape', () => {
      assert.deepEqual(manifestProblems([]), ['manifest: expected an object with a list "repositories"']);
      assert.deepEqual(triageProblems({ entry: [] }), ['triage: expected an object with a list "entries"']);
    });
  });
});
