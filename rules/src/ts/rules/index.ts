import type { RuleMeta } from '../../core/types.js';
import type { AnyRuleModule, TsRule } from '../create-rule.js';
import { dlqMissingContext } from './dlq-missing-context.js';
import { dlqUnmonitored } from './dlq-unmonitored.js';
import { embeddedSql } from './embedded-sql.js';
import { ignoredWriteBackpressure } from './ignored-write-backpressure.js';
import { nackWithoutDeadLetter } from './nack-without-dead-letter.js';
import { nondeterministicKey } from './nondeterministic-key.js';
import { perRowWrite } from './per-row-write.js';
import { poisonMessage } from './poison-message.js';
import { queueWithoutDlq } from './queue-without-dlq.js';
import { retrySideEffect } from './retry-side-effect.js';
import { silentDrop } from './silent-drop.js';
import { swallowedConsumerError } from './swallowed-consumer-error.js';
import { tightPollingInterval } from './tight-polling-interval.js';
import { unboundedBuffer } from './unbounded-buffer.js';
import { unboundedConcurrency } from './unbounded-concurrency.js';

/** Every TypeScript rule, alphabetical by id. */
export const tsRules: readonly TsRule[] = [
  dlqMissingContext,
  dlqUnmonitored,
  embeddedSql,
  ignoredWriteBackpressure,
  nackWithoutDeadLetter,
  nondeterministicKey,
  perRowWrite,
  poisonMessage,
  queueWithoutDlq,
  retrySideEffect,
  silentDrop,
  swallowedConsumerError,
  tightPollingInterval,
  unboundedBuffer,
  unboundedConcurrency,
];

/** Metadata of every TypeScript rule, alphabetical by id. */
export const tsRuleMetas: readonly RuleMeta[] = tsRules.map((r) => r.meta);

/** The ESLint rule modules by id (without the `pipelint/` prefix). */
export const tsRuleModules: Readonly<Record<string, AnyRuleModule>> = Object.fromEntries(tsRules.map((r) => [r.meta.id, r.module]));
