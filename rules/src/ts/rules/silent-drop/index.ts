import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, calleeName, enclosingFunction, isFunction, objectProperty, propertyName, unwrap, walk } from '../../util/ast.js';
import { CONSUMER_MODULES, enclosingHandlers, type Handler } from '../../util/handlers.js';
import { importsOf } from '../../util/imports.js';
import { isLoggingCall } from '../../util/logging.js';
import { bufferOf, enclosingHandler, type Buffer } from '../unbounded-buffer/index.js';
import { anyOf, CONSUMER, mentions } from '../../util/relevance.js';
import docs from './docs.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Libraries that feed a process events it does not pace itself: an array filled from them is a pipeline buffer. */
const PIPELINE_MODULES = [
  ...CONSUMER_MODULES,
  'ws',
  'socket.io',
  'socket.io-client',
  'events',
  'node:events',
  'stream',
  'node:stream',
  'net',
  'node:net',
  'dgram',
  'node:dgram',
  'mqtt',
  'nats',
  'ioredis',
  'redis',
  'node-rdkafka',
  '@confluentinc/kafka-javascript',
  '@google-cloud/pubsub',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-kinesis',
];

const FULL_OPERATORS = new Set(['>=', '>', '===', '==']);
/** `bound > length`: there is still room, so the `else` runs when full. */
const ROOM_OPERATORS = new Set(['>', '>=']);
const MIRRORED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '===': '===', '==': '==' };
const LOAD_NAME = /in_?flight|pending|queued|queue|backlog|buffered|outstanding|active|running|concurren|waiting/i;
const FULL_NAME = /(full|overloaded|saturated|atcapacity|overcapacity)$/i;
const CACHE_NAME = /cache|lru|memo/i;

/** The end of both docs examples: the handler appends, a timer publishes what has queued up. */
const PUSH_AND_PUBLISH = [
  '  pending.push(String(data));',
  '});',
  '',
  'setInterval(() => publish(pending.splice(0)), 1_000);',
  '',
  'declare function publish(ticks: string[]): void;',
  '',
];

/** What a statement throws away, and which array it empties. */
interface Shed {
  buffer: TSESTree.Node;
  drop: string;
}

/** The `if`/`while` a statement sits directly under, and whether it runs when the test says "full". */
interface Guard {
  statement: TSESTree.IfStatement | TSESTree.WhileStatement;
  test: TSESTree.Expression;
  branch: TSESTree.Statement;
  whenFull: boolean;
}

export const silentDrop = defineTsRule<'dropsBuffered' | 'acksUnprocessed', Record<string, never>>({
  type: 'problem',
  relevant: anyOf(mentions('push', 'unshift'), CONSUMER),
  meta: {
    id: 'silent-drop',
    concept: 'backpressure',
    defaultSeverity: 'warn',
    messages: {
      dropsBuffered: 'When `{{buffer}}` is full this {{where}} {{drop}} with no log or metric: the data is lost and nobody is told.',
      acksUnprocessed:
        'When `{{condition}}` holds, {{label}} is acknowledged without being processed, with no log or metric: the data is lost and nobody is told.',
    },
    docs,
  },
  create(context) {
    return {
      ExpressionStatement(node): void {
        const shed = shedOf(node);
        const guard = shed ? guardOf(node) : null;
        if (!shed || !guard || !isFullTest(context, guard, shed.buffer)) return;
        reportBufferDrop(context, node, guard, shed, node.expression);
      },
      ReturnStatement(node): void {
        const guard = guardOf(node);
        if (!guard?.whenFull || guard.statement.type !== AST_NODE_TYPES.IfStatement) return;
        const consumer = consumerOf(context, node);
        if (consumer) {
          if (isSilentAck(context, consumer, guard, node)) {
            const condition = shorten(context.sourceCode.getText(guard.test));
            context.report({ node, messageId: 'acksUnprocessed', data: { condition, label: consumer.label } });
          }
          return;
        }
        if (node.argument) return;
        const buffer = fullBufferIn(context, guard);
        if (buffer && pushesAfter(context, guard.statement, buffer)) {
          reportBufferDrop(context, node, guard, { buffer, drop: `returns early and drops the incoming ${incomingItem(context, node)}` }, node);
        }
      },
    };
  },
});

function reportBufferDrop(context: Context, site: TSESTree.Statement, guard: Guard, shed: Shed, reportNode: TSESTree.Node): void {
  const buffer = bufferOf(context, shed.buffer);
  if (!buffer || !onlyDiscards(guard.branch) || !isPipelineQueue(context, buffer, site)) return;
  if (!isConsumedElsewhere(buffer, guard.branch)) return;
  const where = enclosingHandler(context, site) ? 'handler' : 'code';
  context.report({ node: reportNode, messageId: 'dropsBuffered', data: { buffer: buffer.name, where, drop: shed.drop } });
}

/** `queue.shift();`, `queue.splice(0, n);`, `queue.length = 0;`, `queue = [];`: a statement whose only effect is to discard items. */
function shedOf(statement: TSESTree.ExpressionStatement): Shed | null {
  const e = unwrap(statement.expression);
  if (e.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(e.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = propertyName(callee);
    if (method === 'shift') return { buffer: callee.object, drop: 'drops the oldest item' };
    if (method === 'pop') return { buffer: callee.object, drop: 'drops the newest item' };
    if (method === 'splice' && e.arguments.length <= 2) return { buffer: callee.object, drop: spliceDrop(e) };
    return null;
  }
  if (e.type !== AST_NODE_TYPES.AssignmentExpression || e.operator !== '=') return null;
  const left = unwrap(e.left);
  if (left.type === AST_NODE_TYPES.MemberExpression && propertyName(left) === 'length') {
    return { buffer: left.object, drop: isNumber(e.right, 0) ? 'throws away everything it holds' : 'drops the newest items' };
  }
  const right = unwrap(e.right);
  return right.type === AST_NODE_TYPES.ArrayExpression && right.elements.length === 0 ? { buffer: left, drop: 'throws away everything it holds' } : null;
}

function spliceDrop(call: TSESTree.CallExpression): string {
  if (!isNumber(call.arguments[0], 0)) return 'drops items';
  return call.arguments.length === 1 ? 'throws away everything it holds' : 'drops the oldest items';
}

function isNumber(node: TSESTree.Node | undefined, value: number): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === value;
}

function guardOf(statement: TSESTree.Statement): Guard | null {
  let child: TSESTree.Node = statement;
  let parent = statement.parent;
  if (parent?.type === AST_NODE_TYPES.BlockStatement) {
    child = parent;
    parent = parent.parent;
  }
  if (parent?.type === AST_NODE_TYPES.IfStatement) {
    if (parent.consequent === child) return { statement: parent, test: parent.test, branch: parent.consequent, whenFull: true };
    if (parent.alternate === child) return { statement: parent, test: parent.test, branch: parent.alternate, whenFull: false };
  }
  if (parent?.type === AST_NODE_TYPES.WhileStatement && parent.body === child) return { statement: parent, test: parent.test, branch: parent.body, whenFull: true };
  return null;
}

/** A comparison with the greater side first: `a >= b`, and `b <= a` turned round. */
interface Comparison {
  operator: string;
  greater: TSESTree.Node;
  bound: TSESTree.Node;
}

function comparisonsIn(test: TSESTree.Node): Comparison[] {
  const n = unwrap(test);
  if (n.type === AST_NODE_TYPES.LogicalExpression && n.operator !== '??') return [...comparisonsIn(n.left), ...comparisonsIn(n.right)];
  if (n.type !== AST_NODE_TYPES.BinaryExpression || !(n.operator in MIRRORED) || n.left.type === AST_NODE_TYPES.PrivateIdentifier) return [];
  const leftFirst = n.operator.startsWith('>') || n.operator.startsWith('=');
  return leftFirst ? [{ operator: n.operator, greater: n.left, bound: n.right }] : [{ operator: MIRRORED[n.operator], greater: n.right, bound: n.left }];
}

/** A bound of 0 or 1 asks "is anything queued", not "is it full". */
function isRealBound(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  return !(n.type === AST_NODE_TYPES.Literal && typeof n.value === 'number' && n.value <= 1);
}

function lengthOf(node: TSESTree.Node): TSESTree.Node | null {
  const n = unwrap(node);
  return n.type === AST_NODE_TYPES.MemberExpression && (propertyName(n) === 'length' || propertyName(n) === 'size') ? n.object : null;
}

/** `buffer.length >= MAX` on the branch taken when full, `MAX > buffer.length` (written `buffer.length < MAX`) when the drop is in the `else`. */
function isFullTest(context: Context, guard: Guard, buffer: TSESTree.Node): boolean {
  const text = context.sourceCode.getText(unwrap(buffer));
  const isBuffer = (n: TSESTree.Node): boolean => {
    const measured = lengthOf(n);
    return measured !== null && context.sourceCode.getText(unwrap(measured)) === text;
  };
  return comparisonsIn(guard.test).some((c) =>
    guard.whenFull
      ? FULL_OPERATORS.has(c.operator) && isBuffer(c.greater) && isRealBound(c.bound)
      : ROOM_OPERATORS.has(c.operator) && isBuffer(c.bound) && isRealBound(c.greater),
  );
}

/** The array whose length the full-side test of a guard compares to a bound. */
function fullBufferIn(context: Context, guard: Guard): TSESTree.Node | null {
  for (const c of comparisonsIn(guard.test)) {
    const measured = lengthOf(c.greater);
    if (measured && FULL_OPERATORS.has(c.operator) && isRealBound(c.bound) && bufferOf(context, measured)) return measured;
  }
  return null;
}

/** A return that skips `buffer.push(...)` later in the same function. */
function pushesAfter(context: Context, guard: TSESTree.Node, buffer: TSESTree.Node): boolean {
  const fn = enclosingFunction(guard);
  const text = context.sourceCode.getText(unwrap(buffer));
  if (!fn) return false;
  let found = false;
  walk(fn.body, (n) => {
    if (found || (n !== fn.body && isFunction(n))) return false;
    if (n.type !== AST_NODE_TYPES.CallExpression || n.range[0] < guard.range[1]) return undefined;
    const callee = unwrap(n.callee);
    const method = calleeName(n);
    found = (method === 'push' || method === 'unshift') && callee.type === AST_NODE_TYPES.MemberExpression && context.sourceCode.getText(unwrap(callee.object)) === text;
    return undefined;
  });
  return found;
}

function incomingItem(context: Context, node: TSESTree.Node): string {
  const event = enclosingHandler(context, node)?.event ?? '';
  if (event.endsWith('event')) return 'event';
  if (event === 'interval tick') return 'sample';
  if (event === 'job') return 'job';
  return event ? 'message' : 'item';
}

/** An array filled with `push`, in a handler or a file that takes events from a pipeline library, outside an LRU cache. */
function isPipelineQueue(context: Context, buffer: Buffer, site: TSESTree.Node): boolean {
  if (CACHE_NAME.test(buffer.name) || isInCacheClass(buffer.declaration)) return false;
  const pushes = buffer.uses.filter((u) => {
    const parent = u.parent;
    return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === u && /^(push|unshift)$/.test(propertyName(parent) ?? '');
  });
  if (pushes.length === 0) return false;
  if (importsOf(context).importsAny(PIPELINE_MODULES)) return true;
  return enclosingHandler(context, site) !== null || pushes.some((p) => enclosingHandler(context, p) !== null);
}

function isInCacheClass(declaration: TSESTree.Node): boolean {
  for (const a of ancestors(declaration)) {
    if ((a.type === AST_NODE_TYPES.ClassDeclaration || a.type === AST_NODE_TYPES.ClassExpression) && a.id) return CACHE_NAME.test(a.id.name);
  }
  return false;
}

/**
 * A queue is something a worker takes from: a `shift()`/`splice()` whose items are used, a reassignment, a reset or the
 * whole array handed to a function. An array that is only ever trimmed and read is a sliding window, not a queue.
 */
function isConsumedElsewhere(buffer: Buffer, branch: TSESTree.Node): boolean {
  return buffer.uses.some((use) => {
    if (use.range[0] >= branch.range[0] && use.range[1] <= branch.range[1]) return false;
    const parent = use.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === use) return true;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((a) => a === use)) return !isLoggingCall(parent);
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== use) return false;
    const property = propertyName(parent);
    if (property === 'length') return parent.parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent;
    const call = parent.parent;
    return /^(shift|pop|splice)$/.test(property ?? '') && call?.type === AST_NODE_TYPES.CallExpression && call.parent?.type !== AST_NODE_TYPES.ExpressionStatement;
  });
}

/**
 * The branch does nothing but discard: trims, returns, an ack. Any other statement may log, count, spill or flush
 * (often through a helper we cannot see into), so it keeps the branch out of the report.
 */
function onlyDiscards(branch: TSESTree.Statement): boolean {
  const statements = branch.type === AST_NODE_TYPES.BlockStatement ? branch.body : [branch];
  return statements.every((s) => {
    switch (s.type) {
      case AST_NODE_TYPES.ReturnStatement:
        return !s.argument || unwrap(s.argument).type === AST_NODE_TYPES.Literal;
      case AST_NODE_TYPES.BreakStatement:
      case AST_NODE_TYPES.ContinueStatement:
      case AST_NODE_TYPES.EmptyStatement:
        return true;
      case AST_NODE_TYPES.ExpressionStatement:
        return shedOf(s) !== null || isAck(s.expression);
      default:
        return false;
    }
  });
}

function isAck(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  return n.type === AST_NODE_TYPES.CallExpression && /^ack(All)?$/.test(calleeName(n) ?? '');
}

/** The queue consumer whose own body (not a nested callback) holds the node. */
function consumerOf(context: Context, node: TSESTree.Node): Handler | null {
  const fn = enclosingFunction(node);
  return enclosingHandlers(context, node).find((h) => h.consumer && h.fn !== null && h.fn === fn) ?? null;
}

/** An early return on an overload test, in a consumer whose return acknowledges the message, with nothing recorded. */
function isSilentAck(context: Context, handler: Handler, guard: Guard, ret: TSESTree.ReturnStatement): boolean {
  if (ret.argument && unwrap(ret.argument).type !== AST_NODE_TYPES.Literal) return false;
  if (!isOverloadTest(context, guard.test, handler.messageNames) || !onlyDiscards(guard.branch)) return false;
  if (handler.kind === 'amqplib') return isAutoAck(handler) || callsMethod(guard.branch, /^ack(All)?$/);
  return handler.kind !== 'kafkajs-batch' || resolvesWholeBatch(handler);
}

/** kafkajs commits the whole batch when `eachBatch` returns, unless `eachBatchAutoResolve: false` leaves it to `resolveOffset`. */
function resolvesWholeBatch(handler: Handler): boolean {
  const property = handler.fn?.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.parent.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const autoResolve = objectProperty(property.parent, 'eachBatchAutoResolve')?.value;
  return !(autoResolve?.type === AST_NODE_TYPES.Literal && autoResolve.value === false);
}

/** `inFlight >= MAX`, `queue.length > LIMIT`, `buffer.isFull()`, `overloaded`: about this process's load, not the message. */
function isOverloadTest(context: Context, test: TSESTree.Node, messageNames: readonly string[]): boolean {
  const aboutMessage = (n: TSESTree.Node): boolean => messageNames.some((name) => new RegExp(`\\b${name}\\b`).test(context.sourceCode.getText(n)));
  if (comparisonsIn(test).some((c) => FULL_OPERATORS.has(c.operator) && isRealBound(c.bound) && isLoad(c.greater) && !aboutMessage(c.greater))) return true;
  return flagsFull(test);
}

function isLoad(node: TSESTree.Node): boolean {
  if (lengthOf(node)) return true;
  const n = unwrap(node);
  const name = n.type === AST_NODE_TYPES.Identifier ? n.name : n.type === AST_NODE_TYPES.MemberExpression ? propertyName(n) : null;
  return name !== null && LOAD_NAME.test(name);
}

function flagsFull(test: TSESTree.Node): boolean {
  const n = unwrap(test);
  if (n.type === AST_NODE_TYPES.LogicalExpression) return flagsFull(n.left) || flagsFull(n.right);
  const target = n.type === AST_NODE_TYPES.CallExpression ? unwrap(n.callee) : n;
  const name = target.type === AST_NODE_TYPES.Identifier ? target.name : target.type === AST_NODE_TYPES.MemberExpression ? propertyName(target) : null;
  return name !== null && FULL_NAME.test(name);
}

/** `channel.consume(queue, handler, { noAck: true })`: the broker forgets the message as soon as it is delivered. */
function isAutoAck(handler: Handler): boolean {
  const call = handler.fn?.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const noAck = objectProperty(call.arguments[2], 'noAck')?.value;
  return noAck?.type === AST_NODE_TYPES.Literal && noAck.value === true;
}

function callsMethod(root: TSESTree.Node, method: RegExp): boolean {
  let found = false;
  walk(root, (n) => {
    if (n.type === AST_NODE_TYPES.CallExpression && method.test(calleeName(n) ?? '')) found = true;
    return !found;
  });
  return found;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}
