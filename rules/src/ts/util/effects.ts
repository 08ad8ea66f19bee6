import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, dottedName, hasSpread, objectProperty, propertyKey, staticString, unwrap, walk } from './ast.js';
import { importsOf, type LintContext } from './imports.js';
import { CALL, GLOBAL_MODULE, NEW, pathEndsWith, pathIs, resolveInitializer, resolveObject, valuePath, type ValuePath } from './values.js';

export type EffectKind = 'email' | 'payment' | 'http' | 'publish';

/** A call that changes the world outside the process: running it twice is visible to someone. */
export interface SideEffect {
  kind: EffectKind;
  call: TSESTree.CallExpression;
  /** How to name it in a message: `transporter.sendMail`, `fetch POST`, `ses.send(SendEmailCommand)`. */
  name: string;
  /** True when the call carries an idempotency key or a deduplication id the receiver can use. */
  keyed: boolean;
  /** Stripe calls take the key as a request option; only there can pipelint add it. */
  acceptsIdempotencyKey: boolean;
}

export const EFFECT_MODULES = [
  'nodemailer',
  '@aws-sdk/client-ses',
  '@aws-sdk/client-sesv2',
  '@sendgrid/mail',
  'stripe',
  'axios',
  'got',
  'undici',
  'kafkajs',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-sqs',
  'amqplib',
  'amqplib/callback_api',
  'amqp-connection-manager',
];

const KEY_PROPERTY = /^(idempotency[-_]?key|x-idempotency-key|messageDeduplicationId|dedup(lication)?[-_]?id|x-dedup(lication)?-id)$/i;
const PUBLISH_KEY_PROPERTY = /^(messageId|message[-_]id|event[-_]?id|x-event-id|x-message-id)$/i;
const STRIPE_WRITES = /^(create|confirm|capture|pay|refund|finalizeInvoice)$/;
const HTTP_WRITE_METHODS = /^(post|patch)$/i;

const EFFECT_METHODS = new Set(['sendMail', 'send', 'sendMultiple', 'sendBatch', 'publish', 'sendToQueue', 'fetch', 'request', 'post', 'patch']);

/** Cheap pre-check: the call is made by a side-effect method name, a Stripe write, or a name imported from a module. */
function mayBeEffect(context: LintContext, call: TSESTree.CallExpression): boolean {
  const name = calleeName(call);
  if (name === null) return false;
  if (EFFECT_METHODS.has(name) || STRIPE_WRITES.test(name)) return true;
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.Identifier && importsOf(context).binding(name) !== undefined;
}

/** Classifies a call as a side effect, or null. Only calls traced to a known library (or global `fetch`) count. */
export function sideEffectOf(context: LintContext, call: TSESTree.CallExpression): SideEffect | null {
  if (!mayBeEffect(context, call)) return null;
  const path = valuePath(context, call.callee);
  const imports = importsOf(context);
  const name = dottedName(call.callee) ?? calleeName(call) ?? 'call';
  return (
    emailEffect(call, path, name, imports.importsAny(['nodemailer'])) ??
    awsCommandEffect(context, call) ??
    stripeEffect(context, call, path, name) ??
    httpEffect(context, call, path, name) ??
    publishEffect(context, call, path, name, imports.importsAny(['kafkajs']), imports.importsAny(['amqplib', 'amqplib/callback_api', 'amqp-connection-manager']))
  );
}

function effect(kind: EffectKind, call: TSESTree.CallExpression, name: string, keyed: boolean, acceptsIdempotencyKey = false): SideEffect {
  return { kind, call, name, keyed, acceptsIdempotencyKey };
}

function emailEffect(call: TSESTree.CallExpression, path: ValuePath | null, name: string, nodemailer: boolean): SideEffect | null {
  const method = calleeName(call);
  if (method === 'sendMail' && (pathEndsWith(path, 'nodemailer', ['createTransport', CALL, 'sendMail']) || (nodemailer && untraced(path)))) {
    return effect('email', call, name, false);
  }
  if (pathIs(path, '@sendgrid/mail', [/^send(Multiple)?$/])) return effect('email', call, name, false);
  return null;
}

const AWS_COMMANDS: { module: string; command: RegExp; kind: EffectKind }[] = [
  { module: '@aws-sdk/client-ses', command: /^Send(Raw|Templated|BulkTemplated)?Email(Command)?$/, kind: 'email' },
  { module: '@aws-sdk/client-sesv2', command: /^Send(Bulk)?EmailCommand$/, kind: 'email' },
  { module: '@aws-sdk/client-sns', command: /^Publish(Batch)?Command$/, kind: 'publish' },
  { module: '@aws-sdk/client-sqs', command: /^SendMessage(Batch)?Command$/, kind: 'publish' },
];

/** `client.send(new SendEmailCommand({...}))`: the command names the effect. */
function awsCommandEffect(context: LintContext, call: TSESTree.CallExpression): SideEffect | null {
  if (calleeName(call) !== 'send' || call.arguments.length === 0) return null;
  const arg = unwrap(call.arguments[0]);
  const command = arg.type === AST_NODE_TYPES.NewExpression ? arg : resolvedNew(context, arg);
  if (!command) return null;
  const path = valuePath(context, command.callee);
  for (const known of AWS_COMMANDS) {
    if (path && path.module === known.module && path.steps.length === 1 && known.command.test(path.steps[0])) {
      const keyed = known.kind === 'publish' && hasKeyProperty(context, command.arguments, KEY_PROPERTY);
      return effect(known.kind, call, `${dottedName(call.callee) ?? 'send'}(${path.steps[0]})`, keyed);
    }
  }
  return null;
}

function resolvedNew(context: LintContext, node: TSESTree.Node): TSESTree.NewExpression | null {
  const init = resolveInitializer(context, node);
  const value = init ? unwrap(init) : null;
  return value?.type === AST_NODE_TYPES.NewExpression ? value : null;
}

/** Stripe instances come from `new Stripe(key)`, `Stripe(key)` or the named `Stripe` export. */
function stripeEffect(context: LintContext, call: TSESTree.CallExpression, path: ValuePath | null, name: string): SideEffect | null {
  if (!path || path.module !== 'stripe' || path.steps.length < 3) return null;
  const start = path.steps[0] === 'Stripe' ? 1 : 0;
  if (path.steps[start] !== NEW && path.steps[start] !== CALL) return null;
  if (!STRIPE_WRITES.test(path.steps[path.steps.length - 1])) return null;
  const options = call.arguments[1];
  const object = resolveObject(context, options);
  const keyed = options !== undefined && (object === null || objectProperty(object, 'idempotencyKey') !== null || hasSpread(object));
  return effect('payment', call, name, keyed, true);
}

function httpEffect(context: LintContext, call: TSESTree.CallExpression, path: ValuePath | null, name: string): SideEffect | null {
  if (pathIs(path, GLOBAL_MODULE, ['fetch']) || pathIs(path, ['undici', 'node-fetch'], ['fetch']) || pathIs(path, 'node-fetch', [])) {
    return requestWithOptions(context, call, call.arguments[1], `${name} ${methodOf(context, call.arguments[1]) ?? ''}`.trim());
  }
  if (pathIs(path, 'undici', ['request'])) return requestWithOptions(context, call, call.arguments[1], name);
  if (pathIs(path, ['axios', 'got'], [HTTP_WRITE_METHODS]) || pathEndsWith(path, ['axios', 'got'], [/^(create|extend)$/, CALL, HTTP_WRITE_METHODS])) {
    const options = path?.module === 'axios' ? call.arguments[2] : call.arguments[1];
    return effect('http', call, name, headersCarryKey(context, options));
  }
  if (pathIs(path, 'axios', []) || pathIs(path, 'axios', ['request'])) return requestWithOptions(context, call, call.arguments[0], name);
  if (pathIs(path, 'got', [])) return requestWithOptions(context, call, call.arguments[1], name);
  return null;
}

/** A request whose method is given in an options object: only a literal POST or PATCH counts as a write. */
function requestWithOptions(context: LintContext, call: TSESTree.CallExpression, options: TSESTree.Node | undefined, name: string): SideEffect | null {
  const method = methodOf(context, options);
  if (!method || !HTTP_WRITE_METHODS.test(method)) return null;
  return effect('http', call, name, headersCarryKey(context, options));
}

function methodOf(context: LintContext, options: TSESTree.Node | undefined): string | null {
  const object = resolveObject(context, options);
  const method = staticString(objectProperty(object, 'method')?.value);
  return method ? method.toUpperCase() : null;
}

/** Headers we cannot see (a variable, a spread) might carry the key: only a visible object without one counts as unkeyed. */
function headersCarryKey(context: LintContext, options: TSESTree.Node | undefined): boolean {
  const object = resolveObject(context, options);
  if (options !== undefined && object === null) return true;
  if (!object) return false;
  if (hasSpread(object)) return true;
  const headers = objectProperty(object, 'headers');
  if (!headers) return false;
  const value = unwrap(headers.value);
  const literal = value.type === AST_NODE_TYPES.NewExpression ? value.arguments[0] : value;
  const headerObject = resolveObject(context, literal);
  if (!headerObject || hasSpread(headerObject)) return true;
  return objectProperty(headerObject, KEY_PROPERTY) !== null;
}

function publishEffect(
  context: LintContext,
  call: TSESTree.CallExpression,
  path: ValuePath | null,
  name: string,
  kafkajs: boolean,
  amqp: boolean,
): SideEffect | null {
  const method = calleeName(call);
  const kafkaProducer = pathEndsWith(path, 'kafkajs', ['producer', CALL, /^send(Batch)?$/]);
  const kafkaShape = kafkajs && method === 'send' && untraced(path) && objectProperty(call.arguments[0], 'messages') !== null && objectProperty(call.arguments[0], 'topic') !== null;
  if (kafkaProducer || kafkaShape) {
    return effect('publish', call, name, hasKeyProperty(context, call.arguments, new RegExp(`${KEY_PROPERTY.source}|${PUBLISH_KEY_PROPERTY.source}`, 'i')));
  }
  if (amqp && (method === 'publish' || method === 'sendToQueue') && (untraced(path) || path?.module.startsWith('amqp'))) {
    // A channel publishes (exchange, routingKey, content) and sends (queue, content): shorter calls are in-process buses.
    const contentIndex = method === 'publish' ? 2 : 1;
    if (call.arguments.length <= contentIndex) return null;
    const options = call.arguments[contentIndex + 1];
    return effect('publish', call, name, hasKeyProperty(context, options ? [options] : [], /^messageId$/));
  }
  return null;
}

function untraced(path: ValuePath | null): boolean {
  return path === null;
}

/** True when any object literal among the arguments (resolved through `const`s) has a key property. */
function hasKeyProperty(context: LintContext, args: readonly TSESTree.Node[], key: RegExp): boolean {
  let found = false;
  for (const arg of args) {
    const root = resolveObject(context, arg) ?? arg;
    walk(root, (node) => {
      if (found) return false;
      if (node.type === AST_NODE_TYPES.Property) {
        const name = propertyKey(node);
        if (name !== null && key.test(name)) found = true;
      }
      return undefined;
    });
  }
  return found;
}
