import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, calleeName, dottedName, enclosingFunction, isInside, objectProperty, propertyKey, staticString, unwrap } from '../../util/ast.js';
import { enclosingHandlers, handlersOf, type HandlerKind } from '../../util/handlers.js';
import { importsOf } from '../../util/imports.js';
import { pathIs, resolveInitializer, valuePath } from '../../util/values.js';
import { anyOf, contains, importsOneOf, mentions } from '../../util/relevance.js';
import docs from './docs.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type MessageId = 'kafkaKey' | 'idempotencyKey' | 'dedupId' | 'jobId' | 'upsertKey';

const IDEMPOTENCY_HEADER = /^(x-)?idempotency[-_]?key$/i;
/** Calls that only re-format a value: the result is as (non)deterministic as the input. */
const FORMATTING = /^(toString|toISOString|toJSON|getTime|valueOf|slice|substring|substr|toUpperCase|toLowerCase|padStart|replace|replaceAll)$/;
const MAX_DEPTH = 4;

export const nondeterministicKey = defineTsRule<MessageId, Record<string, never>>({
  type: 'problem',
  relevant: anyOf(contains(/idempotency/i), mentions('MessageDeduplicationId'), importsOneOf(['kafkajs', 'bullmq', 'bull', '@prisma/client'])),
  meta: {
    id: 'nondeterministic-key',
    concept: 'idempotency',
    defaultSeverity: 'hint',
    messages: {
      kafkaKey:
        'This Kafka message key comes from `{{source}}`, new on every run: a replayed event gets a different key (and likely a different partition), so ordering per entity, compaction and key-based deduplication all miss the duplicate.',
      idempotencyKey:
        'This idempotency key comes from `{{source}}`, new on every call: a retry sends a fresh key, so the server treats the repeat as a new request and performs it twice.',
      dedupId:
        'This `MessageDeduplicationId` comes from `{{source}}`, new on every send: SQS deduplicates on it, so a retried send is delivered twice.',
      jobId:
        'This `jobId` comes from `{{source}}`, new on every run: adding the same work again creates a second job instead of being ignored as a duplicate.',
      upsertKey:
        'This upsert looks the row up by `{{field}}` = `{{source}}`, new on every run: the lookup never finds the row written last time, so every re-run inserts another.',
    },
    docs,
  },
  create(context) {
    const report = (messageId: MessageId, value: TSESTree.Node, field = ''): void => {
      const source = randomSource(context, value, 0);
      if (source && !drawnOnceForAllAttempts(context, source.draw, value)) context.report({ node: value, messageId, data: { source: source.name, field } });
    };
    return {
      Property(node): void {
        const key = propertyKey(node);
        if (key === null) return;
        const messageId = propertyMessage(context, node, key);
        if (messageId) report(messageId, node.value);
      },
      CallExpression(node): void {
        const method = calleeName(node);
        if (method && /^(set|append|setHeader)$/.test(method) && IDEMPOTENCY_HEADER.test(staticString(node.arguments[0]) ?? '') && node.arguments[1]) {
          report('idempotencyKey', node.arguments[1]);
        }
        if (method === 'upsert' && importsOf(context).importsAny(['@prisma/client'])) {
          const where = unwrap(objectProperty(node.arguments[0], 'where')?.value ?? node);
          if (where.type !== AST_NODE_TYPES.ObjectExpression) return;
          for (const prop of where.properties) {
            if (prop.type === AST_NODE_TYPES.Property) report('upsertKey', prop.value, propertyKey(prop) ?? 'key');
          }
        }
      },
    };
  },
});

function propertyMessage(context: Context, node: TSESTree.Property, key: string): MessageId | null {
  if (key === 'idempotencyKey' || IDEMPOTENCY_HEADER.test(key)) return 'idempotencyKey';
  if (key === 'MessageDeduplicationId') return 'dedupId';
  const imports = importsOf(context);
  if (key === 'jobId' && imports.importsAny(['bullmq', 'bull'])) return 'jobId';
  // A kafkajs message is an object with `key` and `value`; in a file that imports kafkajs, that shape is a message.
  if (key === 'key' && imports.importsAny(['kafkajs']) && objectProperty(node.parent, 'value') !== null) return 'kafkaKey';
  return null;
}

/** A random or clock call a value is built from: how messages name it, and where it is evaluated. */
interface RandomSource {
  name: string;
  draw: TSESTree.Node;
}

/** The random or clock source a value is built from, or null when it is deterministic as far as we see. */
function randomSource(context: Context, node: TSESTree.Node, depth: number): RandomSource | null {
  if (depth > MAX_DEPTH) return null;
  const n = unwrap(node);
  switch (n.type) {
    case AST_NODE_TYPES.TemplateLiteral:
      return firstSource(context, n.expressions, depth);
    case AST_NODE_TYPES.BinaryExpression:
      return n.left.type === AST_NODE_TYPES.PrivateIdentifier ? null : firstSource(context, [n.left, n.right], depth);
    case AST_NODE_TYPES.NewExpression:
      return n.arguments.length === 0 && pathIs(valuePath(context, n.callee), 'global', ['Date']) ? { name: 'new Date()', draw: n } : null;
    case AST_NODE_TYPES.CallExpression:
      return callSource(context, n, depth);
    case AST_NODE_TYPES.Identifier: {
      const init = resolveInitializer(context, n);
      return init ? randomSource(context, init, depth + 1) : null;
    }
    default:
      return null;
  }
}

function firstSource(context: Context, nodes: readonly TSESTree.Node[], depth: number): RandomSource | null {
  for (const node of nodes) {
    const source = randomSource(context, node, depth + 1);
    if (source) return source;
  }
  return null;
}

function callSource(context: Context, call: TSESTree.CallExpression, depth: number): RandomSource | null {
  const callee = unwrap(call.callee);
  const method = calleeName(call);
  if (callee.type === AST_NODE_TYPES.MemberExpression && method !== null && FORMATTING.test(method)) return randomSource(context, callee.object, depth + 1);
  const path = valuePath(context, call.callee);
  if (pathIs(path, 'global', ['String']) && call.arguments[0]) return randomSource(context, call.arguments[0], depth + 1);
  const name = `${dottedName(call.callee) ?? method ?? 'random'}()`;
  if (isRandomCall(path)) return { name, draw: call };
  return null;
}

/** Retry helpers whose attempts are calls of one callback; a hand-written loop may draw the key inside the loop. */
const RETRY_HELPERS: ReadonlySet<HandlerKind> = new Set(['p-retry', 'async-retry', 'promise-retry']);

/**
 * `const key = randomUUID(); await pRetry(() => send(key))`: the key is drawn once, before the retry helper starts,
 * and every attempt sends that same key, which is exactly what an idempotency key is for. That holds only when the
 * draw runs outside anything that is itself re-run (a consumer handler draws anew on each redelivery) and inside a
 * function that starts the retry (a module-level key would be shared by unrelated calls).
 */
function drawnOnceForAllAttempts(context: Context, draw: TSESTree.Node, value: TSESTree.Node): boolean {
  if (enclosingHandlers(context, draw).length > 0) return false;
  const scope = enclosingFunction(draw);
  if (scope === null) return false;
  const retries = handlersOf(context).filter((h) => RETRY_HELPERS.has(h.kind) && isInside(h.body, scope));
  return retries.some((h) => isInside(value, h.body) || capturedBy(context, value, h.body));
}

/** True when a variable whose initialiser holds the value (`const options = { idempotencyKey }`) is read inside `body`. */
function capturedBy(context: Context, value: TSESTree.Node, body: TSESTree.Node): boolean {
  for (const node of ancestors(value)) {
    if (node.type !== AST_NODE_TYPES.VariableDeclarator) continue;
    const read = context.sourceCode.getDeclaredVariables(node).some((v) => v.references.some((r) => r.isRead() && isInside(r.identifier, body)));
    if (read) return true;
  }
  return false;
}

function isRandomCall(path: ReturnType<typeof valuePath>): boolean {
  return (
    pathIs(path, 'uuid', [/^v[1467]$/]) ||
    pathIs(path, ['crypto', 'node:crypto'], [/^(randomUUID|randomBytes|randomInt)$/]) ||
    pathIs(path, 'global', ['crypto', 'randomUUID']) ||
    pathIs(path, 'global', ['Date', 'now']) ||
    pathIs(path, 'global', ['Math', 'random']) ||
    pathIs(path, 'global', ['performance', 'now']) ||
    pathIs(path, 'nanoid', ['nanoid']) ||
    pathIs(path, 'cuid', []) ||
    pathIs(path, '@paralleldrive/cuid2', ['createId']) ||
    pathIs(path, 'ulid', [/^(ulid|monotonicFactory)$/]) ||
    pathIs(path, 'short-uuid', ['generate'])
  );
}
