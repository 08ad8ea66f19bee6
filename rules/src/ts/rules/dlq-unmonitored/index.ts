import { defineTsRule } from '../../create-rule.js';
import { cdkIndex, isAlarmed, isDeadLetterQueue } from '../../util/cdk.js';
import { importsOf } from '../../util/imports.js';
import { CDK } from '../../util/relevance.js';

export const dlqUnmonitored = defineTsRule<'unmonitored', Record<string, never>>({
  type: 'suggestion',
  relevant: CDK,
  meta: {
    id: 'dlq-unmonitored',
    concept: 'dead-letter-queues',
    defaultSeverity: 'warn',
    messages: {
      unmonitored:
        'Dead-letter queue `{{queue}}` has no alarm on its depth: failed messages collect there unnoticed and are deleted when their retention period ends.',
    },
    docs: {
      description: 'Reports CDK dead-letter queues with no CloudWatch alarm on the number of messages in them.',
      why: [
        'A dead-letter queue only helps if someone notices it filling up. SQS keeps messages for four days by default (at most',
        'fourteen), so a DLQ nobody watches is a slower way of deleting failed messages. The failure also stays invisible: the main',
        'queue looks healthy because its bad messages moved somewhere else.',
      ].join(' '),
      howToFix: [
        'Alarm on the DLQ depth, e.g. `dlq.metricApproximateNumberOfMessagesVisible().createAlarm(this, "DlqNotEmpty",',
        '{ threshold: 1, evaluationPeriods: 1 })`, route the alarm to the on-call channel, and keep a runbook for replaying',
        'messages once the cause is fixed.',
      ].join(' '),
      whenNotToUse: 'When the DLQ is monitored outside this file (a shared monitoring stack, a dashboard construct that pipelint does not see).',
      bad: [
        {
          title: 'A DLQ with nothing watching it',
          filename: 'stack.ts',
          code: [
            "import { Stack } from 'aws-cdk-lib';",
            "import * as sqs from 'aws-cdk-lib/aws-sqs';",
            '',
            'export class OrdersStack extends Stack {',
            '  build(): void {',
            "    const ordersDlq = new sqs.Queue(this, 'OrdersDlq');",
            "    new sqs.Queue(this, 'Orders', { deadLetterQueue: { queue: ordersDlq, maxReceiveCount: 5 } });",
            '  }',
            '}',
            '',
          ].join('\n'),
        },
      ],
      good: [
        {
          title: 'An alarm fires as soon as one message lands in the DLQ',
          filename: 'stack.ts',
          code: [
            "import { Stack } from 'aws-cdk-lib';",
            "import * as sqs from 'aws-cdk-lib/aws-sqs';",
            '',
            'export class OrdersStack extends Stack {',
            '  build(): void {',
            "    const ordersDlq = new sqs.Queue(this, 'OrdersDlq');",
            "    new sqs.Queue(this, 'Orders', { deadLetterQueue: { queue: ordersDlq, maxReceiveCount: 5 } });",
            "    ordersDlq.metricApproximateNumberOfMessagesVisible().createAlarm(this, 'OrdersDlqNotEmpty', { threshold: 1, evaluationPeriods: 1 });",
            '  }',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
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
