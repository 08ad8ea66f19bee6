import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { dottedName, isFunction, propertyName, unwrap } from '../../util/ast.js';
import { collectionExtent } from '../../util/collections.js';
import { downstreamCallsIn } from '../../util/downstream.js';
import { importsOf } from '../../util/imports.js';
import { CALL, NEW, pathEndsWith, pathIs, resolveFunction, resolveInitializer, valuePath } from '../../util/values.js';
import { allOf, mentions } from '../../util/relevance.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const LIMITER_MODULES = ['p-limit', 'p-queue', 'bottleneck', 'p-throttle', 'async', 'limiter'];

export const unboundedConcurrency = defineTsRule<'unbounded', Record<string, never>>({
  type: 'problem',
  relevant: allOf(mentions('Promise'), mentions('all', 'allSettled')),
  meta: {
    id: 'unbounded-concurrency',
    concept: 'backpressure',
    defaultSeverity: 'warn',
    messages: {
      unbounded:
        '`{{combinator}}` starts `{{call}}` for every item of `{{items}}` ({{source}}) at once: a large input becomes that many simultaneous requests, and the downstream system times out or throttles.',
    },
    docs: {
      description: 'Reports `Promise.all` over a list of unknown size whose callback calls an API, a database or a queue, with no concurrency limit.',
      why: [
        '`Promise.all(items.map(fn))` starts every call before awaiting any of them. With ten items that is fast; with the',
        'fifty thousand rows a query returns on a busy day it is fifty thousand open requests: the API answers with 429s or',
        'times out, the connection pool is exhausted and every other query waits behind it, and the process holds all the',
        'pending responses in memory. Nothing slows the producer down, which is the opposite of backpressure: the amount of work',
        'in flight should be set by what the downstream system absorbs, not by the size of the input.',
        'pipelint reports this only when the list comes from outside (a query result, a Kafka batch, the lines of a file, a request',
        'body, parsed JSON, a directory listing) and the callback reaches an HTTP client, a database client or a queue.',
      ].join(' '),
      howToFix: [
        'Cap the calls in flight: `pMap(items, fn, { concurrency: 10 })` from p-map, or wrap each call in a p-limit limiter',
        '(`const limit = pLimit(10); items.map((x) => limit(() => fn(x)))`), or a Bottleneck limiter when the API also has a',
        'rate limit. Alternatively, process fixed-size chunks (`for (const chunk of chunks(items, 100)) await Promise.all(chunk.map(fn))`)',
        'or, better still for a database, send the whole list as one batch statement.',
      ].join(' '),
      whenNotToUse: [
        'When the list is small by construction in a way pipelint cannot see (a query with a unique key, a config list) or the',
        'callback only reads from memory. Calls wrapped in p-limit, p-queue or Bottleneck, lists cut with `.slice(0, n)`, literal',
        'arrays and chunks inside a loop over chunks are not reported.',
      ].join(' '),
      bad: [
        {
          title: 'One request per row of a query, all at once',
          filename: 'sync-customers.ts',
          code: [
            "import axios from 'axios';",
            "import { Pool } from 'pg';",
            '',
            'const pool = new Pool();',
            '',
            'export async function syncCustomers(): Promise<void> {',
            "  const { rows } = await pool.query('SELECT id, email FROM customers');",
            "  await Promise.all(rows.map((c) => axios.put(`https://crm.example.com/customers/${c.id}`, { email: c.email })));",
            '}',
            '',
          ].join('\n'),
        },
      ],
      good: [
        {
          title: 'At most ten requests in flight',
          filename: 'sync-customers.ts',
          code: [
            "import axios from 'axios';",
            "import pLimit from 'p-limit';",
            "import { Pool } from 'pg';",
            '',
            'const pool = new Pool();',
            'const limit = pLimit(10);',
            '',
            'export async function syncCustomers(): Promise<void> {',
            "  const { rows } = await pool.query('SELECT id, email FROM customers');",
            '  await Promise.all(',
            "    rows.map((c) => limit(() => axios.put(`https://crm.example.com/customers/${c.id}`, { email: c.email }))),",
            '  );',
            '}',
            '',
          ].join('\n'),
        },
      ],
    },
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
