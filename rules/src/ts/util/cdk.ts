import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, dottedName, isFunction, isInside, objectProperty, propertyKey, staticString, unwrap, walk } from './ast.js';
import { perFile, type LintContext } from './imports.js';
import { pathIs, resolveObject, valuePath } from './values.js';

export const SQS = 'aws-cdk-lib/aws-sqs';
export const EVENT_SOURCES = 'aws-cdk-lib/aws-lambda-event-sources';
export const SNS_SUBSCRIPTIONS = 'aws-cdk-lib/aws-sns-subscriptions';

/** A `new sqs.Queue(scope, id, props)` and the name code refers to it by (`dlq`, `this.ordersQueue`). */
export interface CdkQueue {
  node: TSESTree.NewExpression;
  /** How references to it are written; null when the queue is not stored anywhere. */
  ref: string | null;
  /** For messages: the reference, else the construct id. */
  label: string;
  /** The props object, or null when absent or not visible (a variable we cannot resolve). */
  props: TSESTree.ObjectExpression | null;
  propsVisible: boolean;
}

interface CdkIndex {
  queues: CdkQueue[];
  news: TSESTree.NewExpression[];
  calls: TSESTree.CallExpression[];
  properties: TSESTree.Property[];
}

/** The file's CDK queue declarations and the expressions that may refer to them, collected in one walk. */
export const cdkIndex: (context: LintContext) => CdkIndex = perFile(buildIndex);

function buildIndex(context: LintContext, program: TSESTree.Program): CdkIndex {
  const index: CdkIndex = { queues: [], news: [], calls: [], properties: [] };
  walk(program, (node) => {
    if (node.type === AST_NODE_TYPES.NewExpression) {
      index.news.push(node);
      if (pathIs(valuePath(context, node.callee), SQS, ['Queue'])) index.queues.push(queueOf(context, node));
    } else if (node.type === AST_NODE_TYPES.CallExpression) {
      index.calls.push(node);
    } else if (node.type === AST_NODE_TYPES.Property) {
      index.properties.push(node);
    }
  });
  return index;
}

function queueOf(context: LintContext, node: TSESTree.NewExpression): CdkQueue {
  const ref = storedAs(node);
  const props = node.arguments[2];
  const object = resolveObject(context, props);
  return {
    node,
    ref,
    label: ref ?? staticString(node.arguments[1]) ?? 'queue',
    props: object,
    propsVisible: props === undefined || (object !== null && !object.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement)),
  };
}

/** `const q = new Queue()`, `this.q = new Queue()`, `readonly q = new Queue()` (as `this.q`). */
function storedAs(node: TSESTree.NewExpression): string | null {
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) return dottedName(parent.left);
  if (parent.type === AST_NODE_TYPES.PropertyDefinition && parent.key.type === AST_NODE_TYPES.Identifier) return `this.${parent.key.name}`;
  return null;
}

/** True when the expression is a reference to the queue (`dlq`, `this.dlq`, `props.dlq` never). */
export function refersTo(node: TSESTree.Node | null | undefined, queue: CdkQueue): boolean {
  return node !== null && node !== undefined && queue.ref !== null && dottedName(unwrap(node)) === queue.ref;
}

/** The queue is someone's dead-letter queue: `deadLetterQueue: { queue }`, `deadLetterQueue: q` (Lambda, SNS), `new SqsDlq(q)`. */
export function isDeadLetterQueue(context: LintContext, queue: CdkQueue): boolean {
  const index = cdkIndex(context);
  for (const prop of index.properties) {
    if (propertyKey(prop) !== 'deadLetterQueue') continue;
    if (refersTo(prop.value, queue) || refersTo(objectProperty(prop.value, 'queue')?.value, queue)) return true;
  }
  return index.news.some((n) => pathIs(valuePath(context, n.callee), EVENT_SOURCES, ['SqsDlq']) && refersTo(n.arguments[0], queue));
}

/** Something reads from the queue: a Lambda event source, an SNS subscription, a consume grant. */
export function feedsConsumer(context: LintContext, queue: CdkQueue): boolean {
  const index = cdkIndex(context);
  const consumedBy = index.news.some((n) => {
    const path = valuePath(context, n.callee);
    return (pathIs(path, EVENT_SOURCES, ['SqsEventSource']) || pathIs(path, SNS_SUBSCRIPTIONS, ['SqsSubscription'])) && refersTo(n.arguments[0], queue);
  });
  if (consumedBy) return true;
  return index.calls.some((c) => {
    const callee = unwrap(c.callee);
    return calleeName(c) === 'grantConsumeMessages' && callee.type === AST_NODE_TYPES.MemberExpression && refersTo(callee.object, queue);
  });
}

/** An alarm watches the queue: a metric of it reaches `createAlarm` or `new Alarm`, or it is handed to an alarm/monitoring helper. */
export function isAlarmed(context: LintContext, queue: CdkQueue): boolean {
  const index = cdkIndex(context);
  const alarms = [
    ...index.news.filter((n) => /Alarm$/.test(calleeName(n) ?? '')),
    ...index.calls.filter((c) => /alarm|monitor/i.test(calleeName(c) ?? '')),
  ];
  const metricCalls = index.calls.filter((c) => {
    const callee = unwrap(c.callee);
    return /^metric/.test(calleeName(c) ?? '') && callee.type === AST_NODE_TYPES.MemberExpression && (refersTo(callee.object, queue) || iteratesOver(context, callee.object, queue));
  });
  const watched: TSESTree.Node[] = [...metricCalls, ...metricCalls.flatMap((m) => storedMetric(m))];
  for (const alarm of alarms) {
    const target = alarm.type === AST_NODE_TYPES.CallExpression ? [unwrap(alarm.callee), ...alarm.arguments] : alarm.arguments;
    if (target.some((t) => watched.some((w) => isInside(w, t)) || containsRef(t, queue))) return true;
  }
  return false;
}

/**
 * `dlq` in `for (const dlq of [ordersDlq, paymentsDlq])` or `[ordersDlq].forEach((dlq) => ...)`: the loop
 * alarms on every queue in the list.
 */
function iteratesOver(context: LintContext, node: TSESTree.Node, queue: CdkQueue): boolean {
  const id = unwrap(node);
  if (id.type !== AST_NODE_TYPES.Identifier) return false;
  const def = ASTUtils.findVariable(context.sourceCode.getScope(id), id)?.defs[0];
  if (def?.type === 'Variable' && def.parent.parent?.type === AST_NODE_TYPES.ForOfStatement) return containsRef(def.parent.parent.right, queue);
  if (def?.type !== 'Parameter' || !isFunction(def.node)) return false;
  const first = def.node.params[0];
  const call = def.node.parent;
  if (!first || !isInside(def.name, first)) return false;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !/^(forEach|map)$/.test(calleeName(call) ?? '')) return false;
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && containsRef(callee.object, queue);
}

/** References to the variable a metric is stored in (`const depth = dlq.metric...()`). */
function storedMetric(metric: TSESTree.CallExpression): TSESTree.Node[] {
  const parent = metric.parent;
  if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.id.type !== AST_NODE_TYPES.Identifier) return [];
  const name = parent.id.name;
  const refs: TSESTree.Node[] = [];
  walk(parent.parent.parent ?? parent, (n) => {
    if (n.type === AST_NODE_TYPES.Identifier && n.name === name && n !== parent.id) refs.push(n);
  });
  return refs;
}

function containsRef(root: TSESTree.Node, queue: CdkQueue): boolean {
  let found = false;
  walk(root, (n) => {
    if (found) return false;
    if (refersTo(n, queue)) found = true;
    return undefined;
  });
  return found;
}
