import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, calleeName, dottedName, isFunction, propertyName, referencedNames, unwrap, walk } from '../../util/ast.js';
import { enclosingTries, propagates } from '../../util/catches.js';
import { derivedNames, intersects } from '../../util/derived.js';
import { enclosingHandlers, handlersOf, type Handler } from '../../util/handlers.js';
import { importsOf, type LintContext } from '../../util/imports.js';
import { pathEndsWith, pathIs, valuePath } from '../../util/values.js';
import { AMQP, importsOneOf } from '../../util/relevance.js';
type MessageId = 'blocksPartition' | 'redeliveryLoop';

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
    },
    docs: {
      description: 'Reports payload parsing or validation in a Kafka or RabbitMQ consumer whose failure is not routed to a dead-letter destination.',
      why: [
        'Some messages can never succeed: truncated JSON, a payload from an older schema, a field of the wrong type. When the parse',
        'throws out of a kafkajs handler, kafkajs restarts the consumer at the same offset and fails again; the partition stops',
        'moving and every message behind the bad one waits. An amqplib consumer that dies on it gets it redelivered, over and over.',
        'Retrying cannot fix bad data, so the failure has to leave the main flow.',
      ].join(' '),
      howToFix: [
        'Parse inside a `try` (or use `safeParse`) and send the raw message with the error to a dead-letter topic or queue, then',
        'carry on; or for RabbitMQ `nack(msg, false, false)` onto a queue declared with a dead-letter exchange. Keep rethrowing for',
        'transient failures (a database timeout): those deserve a retry, bad data does not.',
      ].join(' '),
      whenNotToUse: [
        'When the producer is trusted to only ever send valid payloads and a stuck partition is the alarm you want. BullMQ and SQS',
        'consumers are not reported: a failing job ends in the failed set, an SQS message in the redrive queue once configured',
        '(see `queue-without-dlq`).',
      ].join(' '),
      bad: [
        {
          title: 'JSON.parse straight in eachMessage',
          filename: 'consumer.ts',
          code: [
            "import { Kafka } from 'kafkajs';",
            '',
            "const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'payments' });",
            '',
            'await consumer.run({',
            '  eachMessage: async ({ message }) => {',
            '    const payment = JSON.parse(message.value!.toString());',
            '    await recordPayment(payment);',
            '  },',
            '});',
            '',
          ].join('\n'),
        },
      ],
      good: [
        {
          title: 'A malformed payload goes to the dead-letter topic with its error',
          filename: 'consumer.ts',
          code: [
            "import { Kafka } from 'kafkajs';",
            '',
            "const kafka = new Kafka({ brokers: ['kafka:9092'] });",
            "const consumer = kafka.consumer({ groupId: 'payments' });",
            'const producer = kafka.producer();',
            '',
            'await consumer.run({',
            '  eachMessage: async ({ message }) => {',
            '    let payment;',
            '    try {',
            '      payment = JSON.parse(message.value!.toString());',
            '    } catch (error) {',
            "      await producer.send({ topic: 'payments.dlq', messages: [{ value: message.value, headers: { error: String(error) } }] });",
            '      return;',
            '    }',
            '    await recordPayment(payment);',
            '  },',
            '});',
            '',
          ].join('\n'),
        },
      ],
    },
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
      context.report({ node, messageId: consumer.kind === 'amqplib' ? 'redeliveryLoop' : 'blocksPartition', data: { call } });
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
