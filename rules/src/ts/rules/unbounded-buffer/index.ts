import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, calleeName, isFunction, isInside, propertyName, staticString, unwrap, walk, type FunctionNode } from '../../util/ast.js';
import { handlersOf, type HandlerKind } from '../../util/handlers.js';
import { isLoggingCall } from '../../util/logging.js';
import { pathIs, valuePath } from '../../util/values.js';
import { allOf, anyOf, CONSUMER, mentions } from '../../util/relevance.js';
import docs from './docs.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Events that fire once (or signal the end): an array filled there is not a queue. */
const ONE_OFF_EVENTS = /^(end|close|finish|error|open|connect|connection|ready|listening|exit|drain|unpipe|pipe)$/;
const END_EVENTS = /^(end|close|finish)$/;
const COMPARISON = new Set(['<', '<=', '>', '>=', '===', '==', '!==', '!=']);
const DRAINING_METHODS = /^(splice|shift|pop)$/;

const CONSUMER_LABELS: Partial<Record<HandlerKind, string>> = {
  'kafkajs-message': 'Kafka message',
  'kafkajs-batch': 'Kafka batch',
  amqplib: 'RabbitMQ message',
  'sqs-consumer': 'SQS message',
  'sqs-lambda': 'Lambda invocation',
  bullmq: 'job',
  bull: 'job',
};

/** The array a handler pushes to, and every place the code touches it. */
export interface Buffer {
  name: string;
  declaration: TSESTree.Node;
  /** The expressions that read or write the array (`queue`, `this.queue`), apart from its declaration. */
  uses: TSESTree.Node[];
}

export const unboundedBuffer = defineTsRule<'unbounded', Record<string, never>>({
  type: 'problem',
  relevant: allOf(
    mentions('push', 'unshift'),
    anyOf(mentions('on', 'addListener', 'addEventListener', 'prependListener', 'setInterval'), CONSUMER),
  ),
  meta: {
    id: 'unbounded-buffer',
    concept: 'backpressure',
    defaultSeverity: 'hint',
    messages: {
      unbounded:
        '`{{buffer}}` grows by one item per {{event}} and nothing bounds, flushes or sheds it: when processing falls behind, every pending item stays in memory until the process runs out of it.',
    },
    docs,
  },
  create(context) {
    return {
      CallExpression(node): void {
        const method = calleeName(node);
        if (method !== 'push' && method !== 'unshift') return;
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const handler = enclosingHandler(context, node);
        if (!handler) return;
        const buffer = bufferOf(context, callee.object);
        if (!buffer || isInside(buffer.declaration, handler.fn) || hasPolicy(buffer)) return;
        context.report({ node: node.callee, messageId: 'unbounded', data: { buffer: buffer.name, event: handler.event } });
      },
    };
  },
});

export interface EnclosingHandler {
  fn: FunctionNode;
  event: string;
}

export function enclosingHandler(context: Context, node: TSESTree.Node): EnclosingHandler | null {
  for (const a of ancestors(node)) {
    if (!isFunction(a)) continue;
    const event = handlerEvent(context, a);
    if (event) return { fn: a, event };
  }
  return null;
}

function handlerEvent(context: Context, fn: FunctionNode): string | null {
  const call = fn.parent;
  if (call.type === AST_NODE_TYPES.CallExpression && call.arguments.some((a) => a === fn)) {
    const method = calleeName(call);
    const event = staticString(call.arguments[0]);
    if (method && /^(on|addListener|addEventListener|prependListener)$/.test(method) && event !== null && !ONE_OFF_EVENTS.test(event)) {
      return `'${event}' event`;
    }
    if (pathIs(valuePath(context, call.callee), 'global', ['setInterval'])) return 'interval tick';
  }
  const consumer = handlersOf(context).find((h) => h.fn === fn);
  return consumer ? (CONSUMER_LABELS[consumer.kind] ?? null) : null;
}

/** A module-level or closure array (`const queue = []`) or a class field (`private queue = []`). */
export function bufferOf(context: Context, node: TSESTree.Node): Buffer | null {
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.Identifier) return variableBuffer(context, n);
  if (n.type === AST_NODE_TYPES.MemberExpression && unwrap(n.object).type === AST_NODE_TYPES.ThisExpression) return fieldBuffer(n);
  return null;
}

function isEmptyArray(node: TSESTree.Node | null | undefined): boolean {
  const n = node ? unwrap(node) : null;
  return n?.type === AST_NODE_TYPES.ArrayExpression && n.elements.length === 0;
}

function variableBuffer(context: Context, id: TSESTree.Identifier): Buffer | null {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(id), id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== 'Variable' || !isEmptyArray(def.node.init)) return null;
  const uses = variable.references.filter((r) => r.identifier !== def.name).map((r) => r.identifier);
  return { name: id.name, declaration: def.node, uses };
}

function fieldBuffer(member: TSESTree.MemberExpression): Buffer | null {
  const name = propertyName(member);
  const classBody = [...ancestors(member)].find((a): a is TSESTree.ClassBody => a.type === AST_NODE_TYPES.ClassBody);
  if (name === null || !classBody) return null;
  const field = classBody.body.find(
    (m): m is TSESTree.PropertyDefinition =>
      m.type === AST_NODE_TYPES.PropertyDefinition && !m.computed && m.key.type === AST_NODE_TYPES.Identifier && m.key.name === name,
  );
  const uses: TSESTree.Node[] = [];
  walk(classBody, (n) => {
    if (n.type === AST_NODE_TYPES.MemberExpression && unwrap(n.object).type === AST_NODE_TYPES.ThisExpression && propertyName(n) === name) uses.push(n);
  });
  if (field && isEmptyArray(field.value)) return { name: `this.${name}`, declaration: field, uses };
  const assigned = uses.filter((u) => u.parent?.type === AST_NODE_TYPES.AssignmentExpression && u.parent.left === u);
  const init = assigned.length === 1 && isInConstructor(assigned[0]) && isEmptyArray((assigned[0].parent as TSESTree.AssignmentExpression).right);
  return init ? { name: `this.${name}`, declaration: assigned[0].parent as TSESTree.Node, uses: uses.filter((u) => u !== assigned[0]) } : null;
}

function isInConstructor(node: TSESTree.Node): boolean {
  return [...ancestors(node)].some((a) => a.type === AST_NODE_TYPES.MethodDefinition && a.kind === 'constructor');
}

/** A size check, an emptying call, a reassignment, or a read once the input has ended. */
function hasPolicy(buffer: Buffer): boolean {
  return buffer.uses.some((use) => {
    const parent = use.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === use) return true;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === use) {
      const property = propertyName(parent);
      if (property === 'length') return isLengthPolicy(parent);
      if (property !== null && DRAINING_METHODS.test(property) && parent.parent?.type === AST_NODE_TYPES.CallExpression) return true;
    }
    // Handed whole to another function (`flush(batch)`), the array may be emptied where we cannot see.
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.some((a) => a === use)) return !isLoggingCall(parent);
    return readAtEnd(use);
  });
}

/** `buffer.length >= MAX`, `if (buffer.length)`, `buffer.length = 0`. */
function isLengthPolicy(length: TSESTree.MemberExpression): boolean {
  const parent = length.parent;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === length) return true;
  if (parent.type === AST_NODE_TYPES.BinaryExpression && COMPARISON.has(parent.operator)) return true;
  return (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.WhileStatement) && parent.test === length;
}

function readAtEnd(use: TSESTree.Node): boolean {
  for (const a of ancestors(use)) {
    if (!isFunction(a)) continue;
    const call = a.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression) continue;
    const event = staticString(call.arguments[0]);
    if (event !== null && END_EVENTS.test(event) && /^(on|once)$/.test(calleeName(call) ?? '')) return true;
  }
  return false;
}
