import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, calleeName, dottedName, findAll, isCall, isFunction, objectProperty, propertyKey, staticString, walk } from '../../util/ast.js';
import { importsOf, type LintContext } from '../../util/imports.js';
import { resolveInitializer, resolveObject, valuePath } from '../../util/values.js';
import { AMQP, importsOneOf } from '../../util/relevance.js';
import docs from './docs.js';
type MessageId = 'requeueLoop' | 'discarded';

const AMQP_MODULES = ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager'];
/** A branch that looks at redelivery or a retry count has a way out of the loop. */
const REDELIVERY_AWARE = /redelivered|x-death|retr(y|ies)|attempt|deliveryCount|delivery-count/i;

export const nackWithoutDeadLetter = defineTsRule<MessageId, Record<string, never>>({
  type: 'problem',
  relevant: importsOneOf(AMQP),
  meta: {
    id: 'nack-without-dead-letter',
    concept: 'dead-letter-queues',
    defaultSeverity: 'warn',
    messages: {
      requeueLoop:
        '`{{call}}` puts the failed message straight back on the queue: a message that always fails is redelivered forever and never reaches a dead-letter queue.',
      discarded:
        "`{{call}}` rejects without requeueing, but queue '{{queue}}' is declared without a dead-letter exchange here: RabbitMQ deletes the message.",
    },
    docs,
  },
  create(context) {
    if (!importsOf(context).importsAny(AMQP_MODULES)) return {};
    return {
      CallExpression(node): void {
        const method = calleeName(node);
        if ((method !== 'nack' && method !== 'reject') || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const path = valuePath(context, node.callee);
        if (path && !AMQP_MODULES.includes(path.module)) return;
        const requeue = requeueOf(node, method);
        const call = dottedName(node.callee) ?? method;
        if (requeue === true && onFailurePath(node) && !redeliveryAware(context, node) && !hasDeliveryLimit(context, node)) {
          context.report({ node: node.callee, messageId: 'requeueLoop', data: { call } });
        } else if (requeue === false) {
          const queue = undeadLetteredQueue(context, node);
          if (queue) context.report({ node: node.callee, messageId: 'discarded', data: { call, queue } });
        }
      },
    };
  },
});

/** `nack(msg, allUpTo = false, requeue = true)`, `reject(msg, requeue = true)`; null when the argument is computed. */
function requeueOf(call: TSESTree.CallExpression, method: 'nack' | 'reject'): boolean | null {
  const arg = call.arguments[method === 'nack' ? 2 : 1];
  if (!arg) return true;
  return arg.type === AST_NODE_TYPES.Literal && typeof arg.value === 'boolean' ? arg.value : null;
}

/** In a `catch` block or a `.catch(...)` callback. */
function onFailurePath(node: TSESTree.Node): boolean {
  for (const a of ancestors(node)) {
    if (a.type === AST_NODE_TYPES.CatchClause) return true;
    if (isFunction(a) && a.parent?.type === AST_NODE_TYPES.CallExpression && calleeName(a.parent) === 'catch') return true;
  }
  return false;
}

function redeliveryAware(context: LintContext, node: TSESTree.Node): boolean {
  for (const a of ancestors(node)) {
    if (isFunction(a)) return false;
    if ((a.type === AST_NODE_TYPES.IfStatement || a.type === AST_NODE_TYPES.ConditionalExpression) && REDELIVERY_AWARE.test(context.sourceCode.getText(a.test))) {
      return true;
    }
  }
  return false;
}

/** The name of the consumed queue when this file asserts it without any dead-letter exchange; null when unknown or dead-lettered. */
function undeadLetteredQueue(context: LintContext, node: TSESTree.CallExpression): string | null {
  const declared = consumedQueue(context, node);
  if (!declared) return null;
  if (!declared.assertion.arguments[1]) return declared.queue;
  return declared.options && !declaresDeadLetter(declared.options) ? declared.queue : null;
}

/** A quorum queue with `x-delivery-limit` dead-letters (or drops) a message after that many redeliveries: requeueing is bounded. */
function hasDeliveryLimit(context: LintContext, node: TSESTree.CallExpression): boolean {
  const options = consumedQueue(context, node)?.options;
  return options !== null && options !== undefined && hasKey(options, /^(x-delivery-limit|deliveryLimit)$/);
}

interface DeclaredQueue {
  queue: string;
  assertion: TSESTree.CallExpression;
  /** The options object, or null when absent or not visible. */
  options: TSESTree.ObjectExpression | null;
}

/** The `assertQueue` in this file of the queue whose consume callback holds `node`. */
function consumedQueue(context: LintContext, node: TSESTree.CallExpression): DeclaredQueue | null {
  const consume = enclosingConsume(node);
  const queue = consume ? queueName(context, consume.arguments[0]) : null;
  if (queue === null) return null;
  const assertion = findAll(context.sourceCode.ast, isCall).find(
    (call) => calleeName(call) === 'assertQueue' && queueName(context, call.arguments[0]) === queue,
  );
  return assertion ? { queue, assertion, options: resolveObject(context, assertion.arguments[1]) } : null;
}

function declaresDeadLetter(options: TSESTree.ObjectExpression): boolean {
  if (options.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement)) return true;
  return objectProperty(options, 'deadLetterExchange') !== null || hasKey(options, /^x-dead-letter-exchange$/);
}

function hasKey(options: TSESTree.ObjectExpression, key: RegExp): boolean {
  let found = false;
  walk(options, (n) => {
    if (n.type === AST_NODE_TYPES.Property && key.test(propertyKey(n) ?? '')) found = true;
    return !found;
  });
  return found;
}

function enclosingConsume(node: TSESTree.Node): TSESTree.CallExpression | null {
  for (const a of ancestors(node)) {
    if (isFunction(a) && a.parent?.type === AST_NODE_TYPES.CallExpression && calleeName(a.parent) === 'consume' && a.parent.arguments[1] === a) {
      return a.parent;
    }
  }
  return null;
}

function queueName(context: LintContext, node: TSESTree.Node | undefined): string | null {
  if (!node) return null;
  const literal = staticString(node);
  if (literal !== null) return literal;
  const init = resolveInitializer(context, node);
  return staticString(init);
}
