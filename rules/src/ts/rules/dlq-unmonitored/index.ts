import { defineTsRule } from '../../create-rule.js';
import { cdkIndex, isAlarmed, isDeadLetterQueue } from '../../util/cdk.js';
import { importsOf } from '../../util/imports.js';
import { CDK } from '../../util/relevance.js';
import docs from './docs.js';

export const dlqUnmonitored = defineTsRule<'unmonitored', Record<string, never>>({
  type: 'suggestion',
  relevant: CDK,
  meta: {
    id: 'dlq-unmonitored',
    concept: 'dead-letter-queues',
    defaultSeverity: 'hint',
    messages: {
      unmonitored:
        'Dead-letter queue `{{queue}}` has no alarm on its depth: failed messages collect there unnoticed and are deleted when their retention period ends.',
    },
    docs,
  },
  create(context) {
    if (!importsOf(context).importsAny(['aws-cdk-lib/aws-sqs'])) return {};
    return {
      'Program:exit'(): void {
        for (const queue of cdkIndex(context).queues) {
          if (!isDeadLetterQueue(context, queue) || isAlarmed(context, queue)) continue;
          context.report({ node: queue.node.callee, messageId: 'unmonitored', data: { queue: queue.label } });
        }
      },
    };
  },
});
