import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, objectProperty, staticString, unwrap } from './ast.js';
import { importsOf, type LintContext } from './imports.js';
import { pathEndsWith, pathIs, resolveInitializer, resolveObject, valuePath } from './values.js';

const DEAD_LETTER = /dlq|dead[-_. ]?letter/i;
const SEND_METHODS = new Set(['send', 'publish', 'sendToQueue', 'add']);

/** What a send puts on the wire: where to, the body, and any side-channel metadata (headers, attributes). */
export interface DeadLetterSend {
  destination: string;
  /** Empty when the messages are built in a way pipelint cannot read (`rows.map(...)`). */
  payloads: { payload: TSESTree.Node | null; metadata: TSESTree.Node[] }[];
}

/** Cheap pre-check by method name, before any tracing. */
export function mayBeDeadLetterSend(call: TSESTree.CallExpression): boolean {
  return SEND_METHODS.has(calleeName(call) ?? '');
}

/** A send whose topic, queue URL, exchange or BullMQ queue is named as a dead-letter destination, else null. */
export function deadLetterSend(context: LintContext, call: TSESTree.CallExpression): DeadLetterSend | null {
  if (!mayBeDeadLetterSend(call)) return null;
  const method = calleeName(call);
  const arg0 = call.arguments[0];
  if (method === 'send' && arg0) return kafkaSend(context, arg0) ?? sqsSend(context, arg0);
  if (method === 'publish' || method === 'sendToQueue') return amqpSend(context, call, method);
  if (method === 'add') return bullAdd(context, call);
  return null;
}

function destinationName(context: LintContext, node: TSESTree.Node | undefined): string | null {
  if (!node) return null;
  const text = staticString(node) ?? staticString(resolveInitializer(context, node)) ?? context.sourceCode.getText(node);
  return DEAD_LETTER.test(text) ? text : null;
}

function kafkaSend(context: LintContext, arg: TSESTree.Node): DeadLetterSend | null {
  const record = resolveObject(context, arg);
  const destination = destinationName(context, objectProperty(record, 'topic')?.value);
  const messages = objectProperty(record, 'messages')?.value;
  if (!destination) return null;
  if (messages?.type !== AST_NODE_TYPES.ArrayExpression) return { destination, payloads: [] };
  const payloads = messages.elements.flatMap((element) => {
    const message = element && element.type !== AST_NODE_TYPES.SpreadElement ? resolveObject(context, element) : null;
    if (!message) return [];
    const headers = objectProperty(message, 'headers')?.value;
    return [{ payload: objectProperty(message, 'value')?.value ?? null, metadata: headers ? [headers] : [] }];
  });
  return { destination, payloads };
}

function sqsSend(context: LintContext, arg: TSESTree.Node): DeadLetterSend | null {
  const command = unwrap(arg);
  if (command.type !== AST_NODE_TYPES.NewExpression || !pathIs(valuePath(context, command.callee), '@aws-sdk/client-sqs', ['SendMessageCommand'])) return null;
  const input = resolveObject(context, command.arguments[0]);
  const destination = destinationName(context, objectProperty(input, 'QueueUrl')?.value);
  if (!destination) return null;
  const attributes = objectProperty(input, 'MessageAttributes')?.value;
  return { destination, payloads: [{ payload: objectProperty(input, 'MessageBody')?.value ?? null, metadata: attributes ? [attributes] : [] }] };
}

function amqpSend(context: LintContext, call: TSESTree.CallExpression, method: 'publish' | 'sendToQueue'): DeadLetterSend | null {
  if (!importsOf(context).importsAny(['amqplib', 'amqplib/callback_api', 'amqp-connection-manager'])) return null;
  const targets = method === 'publish' ? call.arguments.slice(0, 2) : call.arguments.slice(0, 1);
  const destination = targets.map((t) => destinationName(context, t)).find((d) => d !== null);
  if (!destination) return null;
  const contentIndex = method === 'publish' ? 2 : 1;
  const options = call.arguments[contentIndex + 1];
  return { destination, payloads: [{ payload: call.arguments[contentIndex] ?? null, metadata: options ? [options] : [] }] };
}

/** `dlq.add(name, data)` on a BullMQ queue whose variable or queue name says dead-letter. */
function bullAdd(context: LintContext, call: TSESTree.CallExpression): DeadLetterSend | null {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !pathEndsWith(valuePath(context, callee.object), 'bullmq', ['Queue', 'new'])) return null;
  const init = resolveInitializer(context, callee.object);
  const queueName = init && unwrap(init).type === AST_NODE_TYPES.NewExpression ? (unwrap(init) as TSESTree.NewExpression).arguments[0] : undefined;
  const destination = destinationName(context, callee.object) ?? destinationName(context, queueName);
  if (!destination) return null;
  return { destination, payloads: [{ payload: call.arguments[1] ?? null, metadata: [] }] };
}
