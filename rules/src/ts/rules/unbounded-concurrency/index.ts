import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { dottedName, isFunction, propertyName, unwrap } from '../../util/ast.js';
import { collectionExtent } from '../../util/collections.js';
import { downstreamCallsIn } from '../../util/downstream.js';
import { importsOf } from '../../util/imports.js';
import { CALL, NEW, pathEndsWith, pathIs, resolveFunction, resolveInitializer, valuePath } from '../../util/values.js';
import { allOf, mentions } from '../../util/relevance.js';
import docs from './docs.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const LIMITER_MODULES = ['p-limit', 'p-queue', 'bottleneck', 'p-throttle', 'async', 'limiter'];

export const unboundedConcurrency = defineTsRule<'unbounded', Record<string, never>>({
  type: 'problem',
  relevant: allOf(mentions('Promise'), mentions('all', 'allSettled')),
  meta: {
    id: 'unbounded-concurrency',
    concept: 'backpressure',
    defaultSeverity: 'hint',
    messages: {
      unbounded:
        '`{{combinator}}` starts `{{call}}` for every item of `{{items}}` ({{source}}) at once: a large input becomes that many simultaneous requests, and the downstream system times out or throttles.',
    },
    docs,
  },
  create(context) {
    return {
      CallExpression(node): void {
        const combinator = promiseCombinator(node);
        if (!combinator || node.arguments.length === 0) return;
        const mapped = mapCall(context, node.arguments[0]);
        if (!mapped) return;
        const extent = collectionExtent(context, mapped.items);
        if (extent.kind !== 'unbounded') return;
        const callback = resolveFunction(context, mapped.callback);
        if (!callback) return;
        const call = downstreamCallsIn(context, callback.body, (n) => isLimited(context, n))[0];
        if (!call) return;
        context.report({
          node: node.callee,
          messageId: 'unbounded',
          data: { combinator, call: call.name, items: dottedName(mapped.items) ?? 'the list', source: extent.label },
        });
      },
    };
  },
});

/** `Promise.all` / `Promise.allSettled`, by the global name. */
function promiseCombinator(call: TSESTree.CallExpression): string | null {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = unwrap(callee.object);
  const name = propertyName(callee);
  if (object.type !== AST_NODE_TYPES.Identifier || object.name !== 'Promise' || (name !== 'all' && name !== 'allSettled')) return null;
  return `Promise.${name}`;
}

interface MapCall {
  items: TSESTree.Node;
  callback: TSESTree.Node;
}

/** `items.map(fn)`, directly or through `const promises = items.map(fn)`. */
function mapCall(context: Context, arg: TSESTree.Node): MapCall | null {
  let node = unwrap(arg);
  if (node.type === AST_NODE_TYPES.Identifier) node = unwrap(resolveInitializer(context, node) ?? node);
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length === 0) return null;
  const callee = unwrap(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'map') return null;
  return { items: callee.object, callback: node.arguments[0] };
}

/**
 * A call that queues its callback behind a concurrency limit: a p-limit limiter, `bottleneck.schedule`,
 * `queue.add` of p-queue. A callback handed to an untraced function in a file that imports such a library
 * counts too: that is how a limiter kept on `this` or passed in looks.
 */
function isLimited(context: Context, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const path = valuePath(context, node.callee);
  if (pathIs(path, ['p-limit', 'p-throttle'], [CALL]) || pathEndsWith(path, 'bottleneck', [NEW, /^(schedule|wrap|submit)$/])) return true;
  if (pathEndsWith(path, 'p-queue', [NEW, /^(add|addAll)$/])) return true;
  return path === null && node.arguments.some((a) => isFunction(unwrap(a))) && importsOf(context).importsAny(LIMITER_MODULES);
}
