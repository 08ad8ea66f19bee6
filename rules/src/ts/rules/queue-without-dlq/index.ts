import type { TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { dottedName, hasSpread, objectProperty } from '../../util/ast.js';
import { cdkIndex, EVENT_SOURCES, feedsConsumer, isDeadLetterQueue } from '../../util/cdk.js';
import { importsOf } from '../../util/imports.js';
import { pathIs, resolveObject, valuePath } from '../../util/values.js';
import { CDK } from '../../util/relevance.js';
import docs from './docs.js';

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
    docs,
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
