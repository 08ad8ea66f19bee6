import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, calleeName, dottedName, isFunction, propertyName, referencedNames, unwrap, walk } from '../../util/ast.js';
import { enclosingTries, propagates } from '../../util/catches.js';
import { derivedNames, intersects } from '../../util/derived.js';
import { enclosingHandlers, handlersOf, type Handler } from '../../util/handlers.js';
import { importsOf, type LintContext } from '../../util/imports.js';
import { pathEndsWith, pathIs, valuePath } from '../../util/values.js';
import { AMQP, importsOneOf } from '../../util/relevance.js';
import docs from './docs.js';
type MessageId = 'blocksPartition' | 'redeliveryLoop' | 'blocksPartitionFrom' | 'redeliveryLoopFrom';

const SCHEMA_NAME = /schema|validator|codec|type$/i;

export const poisonMessage = defineTsRule<MessageId, Record<string, never>>({
  type: 'problem',
  relevant: importsOneOf(['kafkajs', ...AMQP]),
  meta: {
    id: 'poison-message',
    concept: 'dead-letter-queues',
    defaultSeverity: 'error',
    messages: {
      blocksPartition:
        '`{{call}}` throws on a malformed message and nothing routes it away: kafkajs retries the same offset, so one bad message blocks the partition.',
      redeliveryLoop:
        '`{{call}}` throws on a malformed message and nothing routes it away: RabbitMQ redelivers it, it fails again, and the consumer loops on it.',
      blocksPartitionFrom:
        '`{{call}}` throws on a malformed message from the consumer built in `{{file}}` and nothing routes it away: kafkajs retries the same offset, so one bad message blocks the partition.',
      redeliveryLoopFrom:
        '`{{call}}` throws on a malformed message from the channel built in `{{file}}` and nothing routes it away: RabbitMQ redelivers it, it fails again, and the consumer loops on it.',
    },
    docs,
  },
  create(context) {
    if (!importsOf(context).importsAny(['kafkajs', 'amqplib', 'amqplib/callback_api', 'amqp-connection-manager'])) return {};
    const messageData = new Map<Handler, Set<string>>();
    /** `input` is the expression that fails: it has to come from the message, not a cache or a config string. */
    const check = (node: TSESTree.Node, call: string, input: TSESTree.Node | undefined): void => {
      if (handlersOf(context).length === 0 || !input) return;
      const consumer = poisonableConsumer(context, node);
      if (!consumer || isRoutedAway(node, consumer)) return;
      let names = messageData.get(consumer);
      if (!names) {
        names = derivedNames(consumer.body, consumer.messageNames);
        messageData.set(consumer, names);
      }
      if (!intersects(referencedNames(input), names)) return;
      const base = consumer.kind === 'amqplib' ? 'redeliveryLoop' : 'blocksPartition';
      if (consumer.sourceFile === null) context.report({ node, messageId: base, data: { call } });
      else context.report({ node, messageId: `${base}From`, data: { call, file: consumer.sourceFile } });
    };
    return {
      CallExpression(node): void {
        const name = throwingParse(context, node);
        if (name) check(node.callee, name, node.arguments[0]);
      },
      ThrowStatement(node): void {
        const test = validationTest(node);
        if (test) check(node, `if (${context.sourceCode.getText(test)}) throw`, test);
      },
    };
  },
});

function poisonableConsumer(context: LintContext, node: TSESTree.Node): Handler | null {
  const handler = enclosingHandlers(context, node).find((h) => h.consumer);
  return handler && (handler.kind === 'kafkajs-message' || handler.kind === 'kafkajs-batch' || handler.kind === 'amqplib') ? handler : null;
}

/** Inside a `try` whose catch does something other than rethrow: the failure is handled (or swallowed, which another rule reports). */
function isRoutedAway(node: TSESTree.Node, consumer: Handler): boolean {
  for (const attempt of enclosingTries(node, consumer.body)) {
    if (attempt.handler && !propagates(attempt.handler)) return true;
  }
  return false;
}

/** `JSON.parse`, zod `schema.parse`, avsc `type.fromBuffer`, a schema-registry `decode`, `Joi.attempt`: calls that throw on bad input. */
function throwingParse(context: LintContext, call: TSESTree.CallExpression): string | null {
  const method = calleeName(call);
  if (method === null || !/^(parse|parseAsync|fromBuffer|decode|attempt)$/.test(method)) return null;
  const path = valuePath(context, call.callee);
  const name = dottedName(call.callee) ?? method;
  // `JSON.parse(JSON.stringify(x))` is a deep copy of a value already decoded: its input is always valid JSON.
  if (pathIs(path, 'global', ['JSON', 'parse'])) return isStringify(context, call.arguments[0]) ? null : name;
  if (path && ['zod', 'avsc', 'joi'].includes(path.module)) return name;
  if (pathEndsWith(path, '@kafkajs/confluent-schema-registry', ['SchemaRegistry', 'new', 'decode'])) return name;
  const callee = unwrap(call.callee);
  const object = callee.type === AST_NODE_TYPES.MemberExpression ? dottedName(callee.object) : null;
  return method !== 'decode' && method !== 'attempt' && object !== null && SCHEMA_NAME.test(object) && !/^JSON$/.test(object) ? name : null;
}

function isStringify(context: LintContext, node: TSESTree.Node | undefined): boolean {
  const n = node ? unwrap(node) : null;
  return n?.type === AST_NODE_TYPES.CallExpression && pathIs(valuePath(context, n.callee), 'global', ['JSON', 'stringify']);
}

/** `if (!validate(payload)) throw ...` or `if (!result.success) throw ...`: the test of that `if`, else null. */
function validationTest(node: TSESTree.ThrowStatement): TSESTree.Expression | null {
  for (const a of ancestors(node)) {
    if (isFunction(a)) return null;
    if (a.type === AST_NODE_TYPES.IfStatement) return readsValidation(a.test) ? a.test : null;
  }
  return null;
}

function readsValidation(test: TSESTree.Node): boolean {
  let found = false;
  walk(test, (n) => {
    if (n.type === AST_NODE_TYPES.MemberExpression && propertyName(n) === 'success') found = true;
    if (n.type === AST_NODE_TYPES.CallExpression && /valid/i.test(calleeName(n) ?? '')) found = true;
    return !found;
  });
  return found;
}
