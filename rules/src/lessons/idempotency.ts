import type { Lesson } from './types.js';

export const idempotency: Lesson = {
  id: 'idempotency',
  title: 'Idempotent pipelines',
  sectionTitle: 'Idempotent Pipelines',
  conceptKey: 'paBatchProcessing',
  failure: 'a retry, backfill or re-run writes the data twice or fails half way',
  summary:
    'Pipelines get re-run all the time: a scheduler retries a failed task, someone backfills last month, an operator ' +
    'clicks "clear" in Airflow. An idempotent pipeline ends in the same state no matter how many times it ran on a ' +
    'given input. Code that appends blindly, derives keys from the clock or mutates rows relative to their current ' +
    'value turns each of those routine re-runs into duplicated or corrupted data.',
  signals: [
    'Suppose this job runs twice. What does the data look like afterwards?',
    'What makes a retry safe to run?',
    'What does idempotent mean for a pipeline?',
  ],
  shortAnswer:
    'Running the job once or five times on the same input must leave the same result, so retries, backfills and ' +
    're-runs are always safe. A transaction only makes one run all-or-nothing; it does not make the second run harmless.',
  answer: [
    'Idempotent means repeatable without consequence: given the same input, the first run and the fifth run leave the ' +
      'target tables in exactly the same state. Once that holds, a retry is never a risk, a backfill is just another ' +
      'run, and nobody has to work out which partial run already wrote what.',
    'A common weak answer is "wrap it in a transaction". A transaction makes a single run atomic, all of it or none ' +
      'of it. It does nothing about a second, fully committed run appending the same rows again.',
    'This load doubles the day every time it is retried:',
    '```sql\nINSERT INTO daily_sales\nSELECT order_date, sum(amount) FROM orders\nWHERE order_date = DATE \'2024-06-01\'\nGROUP BY order_date;\n```',
    'Replacing the partition inside one transaction makes the retry a no-op in effect:',
    '```sql\nBEGIN;\nDELETE FROM daily_sales WHERE order_date = DATE \'2024-06-01\';\nINSERT INTO daily_sales\nSELECT order_date, sum(amount) FROM orders\nWHERE order_date = DATE \'2024-06-01\'\nGROUP BY order_date;\nCOMMIT;\n```',
  ].join('\n\n'),
  stake: {
    template:
      'Retries, redeliveries, backfills and manual re-runs are routine, so this code will run more than once; the second pass through {{subject}} must change nothing that the first did not.',
    defaultSubject: 'the target',
  },
  probes: [
    {
      question: 'MERGE takes hours on a table with a billion rows. What now?',
      answer:
        'Stop matching against the whole table. Either rewrite the affected partition wholesale (delete it, write it ' +
        'again), or land the delta in a staging table and MERGE only into the partitions it covers, with the ' +
        'partition predicate inside the `ON` condition so the engine can prune.',
      rules: ['merge-without-partition-filter'],
    },
    {
      question: 'The job sends emails, charges cards or calls a webhook. Is it still idempotent?',
      answer:
        'Not by itself: a re-run repeats every side effect. Move side effects into a separate step that ' +
        'deduplicates on its own, either by recording what was already sent and checking first, or by passing an ' +
        'idempotency key that the receiving API respects.',
      rules: ['retry-side-effect'],
    },
    {
      question: 'How would you test that a pipeline is idempotent?',
      answer:
        'Run it twice against the same input and compare the output tables; they must match byte for byte. Any ' +
        'difference means some step is not idempotent.',
      rules: ['blind-insert', 'non-atomic-replace', 'relative-update', 'unguarded-ddl', 'copy-force-reload', 'incremental-without-unique-key'],
    },
    {
      question: 'The two runs differ only in timestamps and generated ids. Does that count?',
      answer:
        'Yes, that is the failure. `now()`, `random()`, fresh UUIDs and filters like "the last 24 hours from now" ' +
        'change between runs. Drive the run from its logical date (the partition it is responsible for) and build ' +
        'keys from input columns, so a re-run reproduces the same values.',
      rules: ['nondeterministic-value', 'nondeterministic-key'],
    },
  ],
  patterns: {
    caption: 'Three ways to make a write idempotent',
    columns: ['Pattern', 'How it works', 'Best for'],
    rows: [
      ['MERGE / UPSERT', 'Match incoming rows on a key: update the ones that exist, insert the rest.', 'Slowly changing data keyed by a business id'],
      ['Partition replace', 'In one transaction, delete a whole partition (say one day) and write it again.', 'Daily or hourly batch loads'],
      ['Tombstone + append', 'Tag every write with a unique run id; readers keep only the latest version of each row.', 'Targets where existing rows must never be modified'],
    ],
  },
  dos: [
    'Key every write: MERGE or `ON CONFLICT` on a business key, or replace the partition the run owns.',
    'Parameterise runs by their logical date, not by the time the job happens to start.',
    'Prove it in CI: run twice, diff the outputs.',
  ],
  donts: [
    'Rely on a transaction to make a re-run safe.',
    'Append without a key to a table that a retry can reach.',
    'Send emails, payments or events from the same step that writes the data.',
  ],
};
