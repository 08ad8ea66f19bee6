import type { TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { dottedName, hasSpread, objectProperty } from '../../util/ast.js';
import { cdkIndex, EVENT_SOURCES, feedsConsumer, isDeadLetterQueue } from '../../util/cdk.js';
import { importsOf } from '../../util/imports.js';
import { pathIs, resolveObject, valuePath } from '../../util/values.js';
import { CDK } from '../../util/relevance.js';

type MessageId = 'queueNoDlq' | 'streamNoOnFailure';

export const queueWithoutDlq = defineTsRule<MessageId, Record<string, never>>({
  type: 'problem',
  relevant: CDK,
  meta: {
    id: 'queue-without-dlq',
    concept: 'dead-letter-queues',
    defaultSeverity: 'warn',
    messages: {
      queueNoDlq:
        'Queue `{{queue}}` feeds a consumer but has no `deadLetterQueue`: a message that always fails is received again and again until its retention period ends, then silently deleted.',
      streamNoOnFailure:
        '`{{source}}` has no `onFailure` destination: a record that keeps failing holds up its shard until it expires, then is dropped without a trace.',
    },
    docs: {
      description: 'Reports CDK SQS queues that feed a consumer without a dead-letter queue, and stream event sources without an on-failure destination.',
      why: [
        'Without a redrive policy, SQS hands a failing message back after every visibility timeout, for as long as the queue keeps',
        'it (four days by default), and then deletes it. Each failed receive costs a Lambda invocation, and the message is gone',
        'before anyone looks. DynamoDB and Kinesis event sources are worse: a failing batch is retried until the records expire,',
        'and nothing behind it in the shard is processed meanwhile.',
      ].join(' '),
      howToFix: [
        'Give the queue a `deadLetterQueue: { queue: dlq, maxReceiveCount: 5 }` (a handful of receives covers transient errors),',
        'and give stream sources `onFailure: new SqsDlq(dlq)` with a bounded `retryAttempts`. Then alarm on the DLQ (see',
        '`dlq-unmonitored`).',
      ].join(' '),
      whenNotToUse: 'When the redrive policy is attached elsewhere (another stack, a `CfnQueue` override) or losing messages is acceptable.',
      bad: [
        {
          title: 'A Lambda consumes a queue with no redrive policy',
          filename: 'stack.ts',
          code: [
            "import { Stack } from 'aws-cdk-lib';",
            "import * as sqs from 'aws-cdk-lib/aws-sqs';",
            "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';",
            '',
            'export class OrdersStack extends Stack {',
            '  build(worker: any): void {',
            "    const orders = new sqs.Queue(this, 'Orders');",
            '    worker.addEventSource(new SqsEventSource(orders));',
            '  }',
            '}',
            '',
          ].join('\n'),
        },
      ],
      good: [
        {
          title: 'The queue dead-letters after five receives',
          filename: 'stack.ts',
          code: [
            "import { Stack } from 'aws-cdk-lib';",
            "import * as sqs from 'aws-cdk-lib/aws-sqs';",
            "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';",
            '',
            'export class OrdersStack extends Stack {',
            '  build(worker: any): void {',
            "    const ordersDlq = new sqs.Queue(this, 'OrdersDlq');",
            "    const orders = new sqs.Queue(this, 'Orders', { deadLetterQueue: { queue: ordersDlq, maxReceiveCount: 5 } });",
            '    worker.addEventSource(new SqsEventSource(orders));',
            '  }',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
  },
  create(context) {
    if (!importsOf(context).importsAny(['aws-cdk-lib/aws-sqs', EVENT_SOURCES])) return {};
    return {
      'Program:exit'(): void {
        for (const queue of cdkIndex(context).queues) {
          if (!queue.propsVisible || objectProperty(queue.props, 'deadLetterQueue')) continue;
          if (!feedsConsumer(context, queue) || isDeadLetterQueue(context, queue)) continue;
          context.report({ node: queue.node.callee, messageId: 'queueNoDlq', data: { queue: queue.label } });
        }
      },
      NewExpression(node): void {
        const path = valuePath(context, node.callee);
        if (!pathIs(path, EVENT_SOURCES, [/^(DynamoEventSource|KinesisEventSource)$/])) return;
        const props = resolveObject(context, node.arguments[1]);
        if (!props || hasSpread(props) || objectProperty(props, 'onFailure')) return;
        context.report({ node: node.callee, messageId: 'streamNoOnFailure', data: { source: sourceLabel(node) } });
      },
    };
  },
});

function sourceLabel(node: TSESTree.NewExpression): string {
  const callee = dottedName(node.callee) ?? 'event source';
  const target = node.arguments[0] ? dottedName(node.arguments[0]) : null;
  return target ? `new ${callee}(${target})` : `new ${callee}`;
}
