import { SQL_LIBRARIES } from './embedded/libraries.js';
import { EFFECT_MODULES } from './util/effects.js';
import { CONSUMER_MODULES } from './util/handlers.js';

/** A test on the source text alone: false only when the rule cannot report anything in the file. */
export type Relevance = (text: string) => boolean;

/**
 * Text that may spell a name in a way the plain-text tests below cannot see: a `\u`/`\x` escape (legal in
 * identifiers and strings), a legacy octal escape, or a line continuation inside a string.
 */
const OBSCURED_NAME = /\\(?:[ux1-9]|\r|\n|\u2028|\u2029)/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The file may import one of these modules: the name opens a quoted string (`'kafkajs'`, `"kafkajs/x"`). A name
 * ending in `/` is a scope prefix (`@aws-sdk/`). Quotes are not paired, so a quote in a comment cannot hide a string.
 */
function importsOneOf(modules: readonly string[]): Relevance {
  const names = modules.map((m) => (m.endsWith('/') ? escapeRegExp(m) : `${escapeRegExp(m)}(?=['"\`/])`));
  const pattern = new RegExp(`['"\`](?:${names.join('|')})`);
  return (text) => pattern.test(text);
}

/** The file mentions one of these names as a whole word: as an identifier, a property or inside a string. */
function mentions(...words: string[]): Relevance {
  const pattern = new RegExp(`\\b(?:${words.map(escapeRegExp).join('|')})\\b`);
  return (text) => pattern.test(text);
}

function contains(fragment: RegExp): Relevance {
  return (text) => fragment.test(text);
}

function anyOf(...tests: Relevance[]): Relevance {
  return (text) => tests.some((test) => test(text));
}

function allOf(...tests: Relevance[]): Relevance {
  return (text) => tests.every((test) => test(text));
}

const AMQP = ['amqplib', 'amqp-connection-manager'];
const CDK = importsOneOf(['aws-cdk-lib', '@aws-cdk/']);
const SQL_MODULES = SQL_LIBRARIES.map((lib) => lib.module);

/** A queue consumer the handler finder can recognise: a consumer library, or an SQS-fed Lambda handler. */
const CONSUMER = anyOf(importsOneOf(CONSUMER_MODULES), mentions('SQSEvent', 'SQSHandler', 'Records'));

/** Code that is re-run after a failure: a consumer, a retry helper, a Temporal activity, or a hand-written retry loop (a `try`). */
const RETRIED = anyOf(CONSUMER, importsOneOf(['p-retry', 'async-retry', 'promise-retry', '@temporalio/activity']), mentions('try'));

/**
 * What each rule needs to see before it can report, read from the rule and the helpers it relies on. Every test
 * over-approximates: comments and strings count, and a rule missing here always runs.
 */
const RULE_RELEVANCE: Readonly<Record<string, Relevance>> = {
  'dlq-missing-context': importsOneOf(['kafkajs', '@aws-sdk/client-sqs', 'bullmq', ...AMQP]),
  'dlq-unmonitored': CDK,
  'embedded-sql': importsOneOf(SQL_MODULES),
  'ignored-write-backpressure': mentions('write'),
  'nack-without-dead-letter': importsOneOf(AMQP),
  'nondeterministic-key': anyOf(contains(/idempotency/i), mentions('MessageDeduplicationId'), importsOneOf(['kafkajs', 'bullmq', 'bull', '@prisma/client'])),
  'per-row-write': importsOneOf([...SQL_MODULES, 'mongodb', 'mongoose', '@aws-sdk/client-sqs', '@aws-sdk/client-sns', 'kafkajs']),
  'poison-message': importsOneOf(['kafkajs', ...AMQP]),
  'queue-without-dlq': CDK,
  'retry-side-effect': allOf(anyOf(importsOneOf(EFFECT_MODULES), contains(/fetch/)), RETRIED),
  'silent-drop': anyOf(mentions('push', 'unshift'), CONSUMER),
  'swallowed-consumer-error': anyOf(importsOneOf(CONSUMER_MODULES), contains(/Records/)),
  'tight-polling-interval': anyOf(
    mentions('setInterval', 'setTimeout', 'sleep', 'delay', 'wait', 'pause'),
    importsOneOf(['node-cron', 'node-schedule', 'cron']),
    CDK,
  ),
  'unbounded-buffer': allOf(
    mentions('push', 'unshift'),
    anyOf(mentions('on', 'addListener', 'addEventListener', 'prependListener', 'setInterval'), CONSUMER),
  ),
  'unbounded-concurrency': allOf(mentions('Promise'), mentions('all', 'allSettled')),
};

/** The ids among `ruleIds` that might report in a file with this text; every id when in doubt. */
export function relevantRuleIds(text: string, ruleIds: readonly string[]): string[] {
  if (OBSCURED_NAME.test(text)) return [...ruleIds];
  return ruleIds.filter((id) => RULE_RELEVANCE[id]?.(text) ?? true);
}
