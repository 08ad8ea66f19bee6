import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, boundNames, propertyKey, referencedNames, walk } from '../../util/ast.js';
import { derivedNames, intersects } from '../../util/derived.js';
import { deadLetterSend, mayBeDeadLetterSend } from '../../util/dead-letter.js';
import { enclosingHandlers, handlersOf, type Handler } from '../../util/handlers.js';
import { importsOf } from '../../util/imports.js';
import { AMQP, importsOneOf } from '../../util/relevance.js';
import docs from './docs.js';
type MessageId = 'dropsOriginal' | 'noErrorContext';

const ERROR_KEY = /error|reason|stack|exception|failure|cause/i;

export const dlqMissingContext = defineTsRule<MessageId, Record<string, never>>({
  type: 'problem',
  relevant: importsOneOf(['kafkajs', '@aws-sdk/client-sqs', 'bullmq', ...AMQP]),
  meta: {
    id: 'dlq-missing-context',
    concept: 'dead-letter-queues',
    defaultSeverity: 'warn',
    messages: {
      dropsOriginal:
        'This send to `{{destination}}` carries only the error: the original message is dropped, so it cannot be replayed once the cause is fixed.',
      noErrorContext:
        'This send to `{{destination}}` carries the original message but no error: whoever reviews the dead-letter queue cannot tell why it failed.',
    },
    docs,
  },
  create(context) {
    if (!importsOf(context).importsAny(['kafkajs', '@aws-sdk/client-sqs', 'amqplib', 'amqplib/callback_api', 'amqp-connection-manager', 'bullmq'])) return {};
    return {
      CallExpression(node): void {
        if (!mayBeDeadLetterSend(node) || handlersOf(context).length === 0) return;
        const handler = enclosingHandlers(context, node).find((h) => h.consumer);
        const send = handler ? deadLetterSend(context, node) : null;
        if (!handler || !send) return;
        const origin = derivedNames(handler.body, new Set(handler.messageNames));
        const errors = derivedNames(handler.body, caughtNames(node, handler));
        for (const { payload, metadata } of send.payloads) {
          const problem = problemOf(payload, metadata, origin, errors);
          if (problem) {
            context.report({ node: node.callee, messageId: problem, data: { destination: send.destination } });
            return;
          }
        }
      },
    };
  },
});

function problemOf(payload: TSESTree.Node | null, metadata: TSESTree.Node[], origin: Set<string>, errors: Set<string>): MessageId | null {
  if (!payload) return null;
  const payloadNames = referencedNames(payload);
  const hasOriginal = intersects(payloadNames, origin);
  const errorInPayload = intersects(payloadNames, errors) || hasErrorKey(payload);
  if (!hasOriginal) return errorInPayload ? 'dropsOriginal' : null;
  const errorInMetadata = metadata.some((m) => intersects(referencedNames(m), errors) || hasErrorKey(m));
  return errorInPayload || errorInMetadata ? null : 'noErrorContext';
}

/** Names of the errors caught around this call inside the handler. */
function caughtNames(node: TSESTree.Node, handler: Handler): Set<string> {
  const names = new Set<string>();
  for (const a of ancestors(node, handler.body)) {
    if (a.type === AST_NODE_TYPES.CatchClause && a.param) for (const n of boundNames(a.param)) names.add(n);
  }
  return names;
}

function hasErrorKey(root: TSESTree.Node): boolean {
  let found = false;
  walk(root, (n) => {
    if (found) return false;
    if (n.type === AST_NODE_TYPES.Property && ERROR_KEY.test(propertyKey(n) ?? '')) found = true;
    return undefined;
  });
  return found;
}
