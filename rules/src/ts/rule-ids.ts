/**
 * Ids of the TypeScript rules (and `embedded-sql`), alphabetical. Kept apart from the rule modules so the
 * SQL path can validate configs and comments without loading ESLint; a test checks it matches the plugin.
 */
export const TS_RULE_IDS: readonly string[] = [
  'dlq-missing-context',
  'dlq-unmonitored',
  'embedded-sql',
  'ignored-write-backpressure',
  'nack-without-dead-letter',
  'nondeterministic-key',
  'per-row-write',
  'poison-message',
  'queue-without-dlq',
  'retry-side-effect',
  'silent-drop',
  'swallowed-consumer-error',
  'tight-polling-interval',
  'unbounded-buffer',
  'unbounded-concurrency',
];
