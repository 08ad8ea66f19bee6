import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { calleeName, findAll, isCall, isFunction, isInside, objectProperty, staticString, unwrap, walk } from '../../util/ast.js';
import { onlyLogs } from '../../util/catches.js';
import { downstreamCall, sqlTextOf } from '../../util/downstream.js';
import { CONSUMER_MODULES, enclosingHandlers, handlersOf, type Handler } from '../../util/handlers.js';
import { importsOf, type LintContext } from '../../util/imports.js';
import { anyOf, contains, importsOneOf } from '../../util/relevance.js';
import docs from './docs.js';

export const swallowedConsumerError = defineTsRule<'swallowed', Record<string, never>>({
  type: 'problem',
  relevant: anyOf(importsOneOf(CONSUMER_MODULES), contains(/Records/)),
  meta: {
    id: 'swallowed-consumer-error',
    concept: 'dead-letter-queues',
    defaultSeverity: 'error',
    messages: {
      swallowed:
        'This catch only logs, so {{handler}} counts as processed: the failed message is acknowledged and lost, with no retry and no dead-letter copy.',
    },
    docs,
  },
  create(context) {
    if ((!importsOf(context).importsAny(CONSUMER_MODULES) && !context.sourceCode.text.includes('Records'))) return {};
    return {
      CatchClause(node): void {
        if (handlersOf(context).length === 0) return;
        if (handlersOf(context).some((h) => h.kind === 'retry-loop' && h.body === node.parent.block)) return;
        const consumer = enclosingHandlers(context, node).find((h) => h.consumer);
        if (!consumer || !onlyLogs(node) || node.parent.block.body.length === 0) return;
        if (consumer.kind === 'amqplib' && !acksAnyway(consumer, node.parent)) return;
        if (writesOutsideTry(context, node.parent, consumer)) return;
        const start = node.loc.start;
        context.report({
          loc: { start, end: { line: start.line, column: start.column + 'catch'.length } },
          messageId: 'swallowed',
          data: { handler: consumer.label },
        });
      },
    };
  },
});

const WRITE_SQL = /^\s*(with\b[\s\S]*\b)?(insert|update|delete|merge|upsert|replace)\b/i;
const WRITE_METHOD = /^(create\w*|update\w*|upsert|delete\w*|insert\w*|replace\w*|bulk\w*|destroy|save|put|merge)$/;
const HTTP_WRITE = /^(post|put|patch|delete)$/i;

/**
 * The `try` protects a side step (a cache invalidation, an optional lookup) and the handler writes the message's
 * result outside any `try`, before or after it, in the same pass: a failure of the side step loses nothing.
 */
function writesOutsideTry(context: LintContext, attempt: TSESTree.TryStatement, consumer: Handler): boolean {
  let current: TSESTree.Node = attempt;
  while (current !== consumer.body && current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement || LOOPS.has(parent.type)) return false;
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      const others = parent.body.filter((s) => s !== current && s.type !== AST_NODE_TYPES.TryStatement);
      if (others.some((s) => awaitsWrite(context, s))) return true;
    }
    current = parent;
  }
  return false;
}

const LOOPS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

function awaitsWrite(context: LintContext, statement: TSESTree.Statement): boolean {
  let found = false;
  walk(statement, (node) => {
    if (found || isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.AwaitExpression && isWrite(context, unwrap(node.argument))) found = true;
    return undefined;
  });
  return found;
}

function isWrite(context: LintContext, node: TSESTree.Node): boolean {
  const call = downstreamCall(context, node);
  if (!call) return false;
  if (call.kind === 'queue') return true;
  if (call.node.type === AST_NODE_TYPES.TaggedTemplateExpression) return sqlIsWrite(context, call.node);
  const method = calleeName(call.node) ?? '';
  if (call.kind === 'http') return HTTP_WRITE.test(method) || HTTP_WRITE.test(staticString(objectProperty(call.node.arguments[1], 'method')?.value) ?? '');
  return sqlIsWrite(context, call.node) || WRITE_METHOD.test(method);
}

function sqlIsWrite(context: LintContext, node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): boolean {
  return WRITE_SQL.test(sqlTextOf(context, node) ?? '');
}

/**
 * An amqplib message that is never acked stays unacknowledged (and is redelivered when the channel closes), so a
 * log-only catch loses it only when the code acks regardless of the outcome, or the consumer runs with `noAck`.
 */
function acksAnyway(consumer: Handler, attempt: TSESTree.TryStatement): boolean {
  const consume = consumer.fn?.parent;
  if (consume?.type === AST_NODE_TYPES.CallExpression) {
    const noAck = objectProperty(consume.arguments[2], 'noAck')?.value;
    if (noAck?.type === AST_NODE_TYPES.Literal && noAck.value === true) return true;
  }
  return findAll(consumer.body, isCall).some((call) => calleeName(call) === 'ack' && !isInside(call, attempt.block) && !isInside(call, attempt.handler!));
}
