import { SQL_LIBRARIES } from '../embedded/libraries.js';
import { CONSUMER_MODULES } from './handlers.js';

/** A test on the source text alone: false only when the rule cannot report anything in the file. */
export type Relevance = (text: string) => boolean;

/**
 * Text that may spell a name in a way the plain-text tests below cannot see: a `\u`/`\x` escape (legal in
 * identifiers and strings), a legacy octal escape, or a line continuation inside a string.
 */
export const OBSCURED_NAME = /\\(?:[ux1-9]|\r|\n|\u2028|\u2029)/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The file may import one of these modules: the name opens a quoted string (`'kafkajs'`, `"kafkajs/x"`). A name
 * ending in `/` is a scope prefix (`@aws-sdk/`). Quotes are not paired, so a quote in a comment cannot hide a string.
 */
export function importsOneOf(modules: readonly string[]): Relevance {
  const names = modules.map((m) => (m.endsWith('/') ? escapeRegExp(m) : `${escapeRegExp(m)}(?=['"\`/])`));
  const pattern = new RegExp(`['"\`](?:${names.join('|')})`);
  return (text) => pattern.test(text);
}

/** The file mentions one of these names as a whole word: as an identifier, a property or inside a string. */
export function mentions(...words: string[]): Relevance {
  const pattern = new RegExp(`\\b(?:${words.map(escapeRegExp).join('|')})\\b`);
  return (text) => pattern.test(text);
}

export function contains(fragment: RegExp): Relevance {
  return (text) => fragment.test(text);
}

export function anyOf(...tests: Relevance[]): Relevance {
  return (text) => tests.some((test) => test(text));
}

export function allOf(...tests: Relevance[]): Relevance {
  return (text) => tests.every((test) => test(text));
}

export const AMQP = ['amqplib', 'amqp-connection-manager'];
export const CDK = importsOneOf(['aws-cdk-lib', '@aws-cdk/']);
export const SQL_MODULES = SQL_LIBRARIES.map((lib) => lib.module);

/** A queue consumer the handler finder can recognise: a consumer library, or an SQS-fed Lambda handler. */
export const CONSUMER = anyOf(importsOneOf(CONSUMER_MODULES), mentions('SQSEvent', 'SQSHandler', 'Records'));

/** Code that is re-run after a failure: a consumer, a retry helper, a Temporal activity, or a hand-written retry loop (a `try`). */
export const RETRIED = anyOf(CONSUMER, importsOneOf(['p-retry', 'async-retry', 'promise-retry', '@temporalio/activity']), mentions('try'));

