import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { calleeName, dottedName, enclosingFunction, isFunction, staticString, unwrap, walk, type FunctionNode } from '../../util/ast.js';
import { collectionExtent } from '../../util/collections.js';
import { importsOf } from '../../util/imports.js';
import { CALL, NEW, pathEndsWith, pathIs, valuePath } from '../../util/values.js';
import { mentions } from '../../util/relevance.js';
import docs from './docs.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const FS = ['fs', 'node:fs'];
const STREAM = ['stream', 'node:stream'];
const ZLIB = ['zlib', 'node:zlib'];
const NET = ['net', 'node:net', 'tls', 'node:tls'];
const HTTP = ['http', 'node:http', 'https', 'node:https'];
const RESPONSE_MODULES = ['express', ...HTTP];
/** Events that fire once per chunk of input: a handler for them runs as often as a loop body. */
const PER_CHUNK_EVENTS = /^(data|line|readable|message|row|record)$/;

interface Repetition {
  /** `loop`, `'data' handler`... for the message. */
  where: string;
  /** The function (or module) whose code decides how writes are paced. */
  scope: TSESTree.Node;
  /** The collection the loop walks over, when there is one. */
  items: TSESTree.Node | null;
  /** The loop's (or callback's) body. */
  body?: TSESTree.Node;
  /** `for (let i = 0; i < 3; i++)`: a loop that runs a literal number of times. */
  counted?: boolean;
}

export const ignoredWriteBackpressure = defineTsRule<'ignored', Record<string, never>>({
  type: 'problem',
  relevant: mentions('write'),
  meta: {
    id: 'ignored-write-backpressure',
    concept: 'backpressure',
    defaultSeverity: 'hint',
    messages: {
      ignored:
        "This {{where}} ignores the `false` that `{{stream}}.write()` returns when the stream's buffer is full: every further chunk queues in memory instead of waiting for 'drain'.",
    },
    docs,
  },
  create(context) {
    return {
      CallExpression(node): void {
        if (calleeName(node) !== 'write' || !resultIgnored(node)) return;
        const callee = unwrap(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const stream = streamKind(context, callee.object);
        if (!stream) return;
        const repetition = enclosingRepetition(node);
        if (!repetition || boundedRepetition(context, repetition, stream === 'stdout')) return;
        if (stream === 'stdout' && terminalOutput(context, repetition)) return;
        if (handlesDrain(repetition.scope)) return;
        context.report({ node: node.callee, messageId: 'ignored', data: { where: repetition.where, stream: dottedName(callee.object) ?? 'stream' } });
      },
    };
  },
});

/** A statement of its own, or the whole body of an arrow callback (`rows.forEach((r) => out.write(r))`). */
function resultIgnored(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return parent.type === AST_NODE_TYPES.ExpressionStatement || (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === call);
}

/** `stdout` for the process's own output streams, `stream` for any other writable we can trace, else null. */
function streamKind(context: Context, node: TSESTree.Node): 'stream' | 'stdout' | null {
  const path = valuePath(context, node);
  if (pathIs(path, 'global', ['process', /^(stdout|stderr)$/])) return 'stdout';
  if (
    pathEndsWith(path, FS, ['createWriteStream', CALL]) ||
    pathEndsWith(path, STREAM, [/^(PassThrough|Writable|Transform|Duplex)$/, NEW]) ||
    pathEndsWith(path, ZLIB, [/^create(Gzip|Gunzip|Deflate|Inflate|DeflateRaw|BrotliCompress|BrotliDecompress)$/, CALL]) ||
    pathEndsWith(path, NET, [/^(connect|createConnection)$/, CALL]) ||
    pathEndsWith(path, NET, ['Socket', NEW]) ||
    pathEndsWith(path, HTTP, [/^(request)$/, CALL]) ||
    pathIs(path, ['csv-stringify', 'fast-csv', '@fast-csv/format'], [/^(stringify|format)$/, CALL])
  ) {
    return 'stream';
  }
  return isResponseParameter(context, node) ? 'stream' : null;
}

/** `res` in `(req, res) => ...` passed to a call, in a file that imports express or http. */
function isResponseParameter(context: Context, node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type !== AST_NODE_TYPES.Identifier || !importsOf(context).importsAny(RESPONSE_MODULES)) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(n), n);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter' || !isFunction(def.node)) return false;
  const fn = def.node;
  return fn.params[1] === def.name && fn.parent.type === AST_NODE_TYPES.CallExpression;
}

/** The loop, `forEach` callback or per-chunk event handler around a node, within its function. */
function enclosingRepetition(node: TSESTree.Node): Repetition | null {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        if (child === current.body) return { where: 'loop', scope: enclosingFunction(current) ?? root(current), items: current.right, body: current.body };
        break;
      case AST_NODE_TYPES.ForStatement:
        if (child === current.body) return { where: 'loop', scope: enclosingFunction(current) ?? root(current), items: null, counted: countedTest(current.test), body: current.body };
        break;
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        if (child === current.body) return { where: 'loop', scope: enclosingFunction(current) ?? root(current), items: null, body: current.body };
        break;
      default:
        if (isFunction(current)) return callbackRepetition(current);
    }
  }
  return null;
}

function countedTest(test: TSESTree.Expression | null): boolean {
  return (
    test?.type === AST_NODE_TYPES.BinaryExpression &&
    (test.operator === '<' || test.operator === '<=') &&
    test.right.type === AST_NODE_TYPES.Literal &&
    typeof test.right.value === 'number'
  );
}

function callbackRepetition(fn: FunctionNode): Repetition | null {
  const call = fn.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = calleeName(call);
  const outer = enclosingFunction(call) ?? root(call);
  if (method === 'forEach' && call.arguments[0] === fn) return { where: 'loop', scope: outer, items: call.callee.object, body: fn.body };
  const event = staticString(call.arguments[0]);
  if ((method === 'on' || method === 'addListener') && event !== null && PER_CHUNK_EVENTS.test(event)) {
    return { where: `'${event}' handler`, scope: outer, items: null };
  }
  return null;
}

function root(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

/**
 * Loops over a literal array or up to a literal count write a known, small amount. For `process.stdout`,
 * which a terminal usually drains as fast as it is written, only input of unknown size counts.
 */
function boundedRepetition(context: Context, repetition: Repetition, onlyUnbounded: boolean): boolean {
  if (repetition.counted) return true;
  const items = repetition.items;
  if (items) {
    const extent = collectionExtent(context, items);
    return onlyUnbounded ? extent.kind !== 'unbounded' : extent.kind === 'bounded';
  }
  return onlyUnbounded && repetition.where === 'loop';
}

/**
 * `process.stdout`/`stderr` output that is progress or log text, not the rows of a data source: a loop that awaits
 * its work between lines (one status line per step), or a loop over one chunk a callback was handed (relaying a
 * child process's output line by line). Both are paced by the producer, exactly like `console.log`.
 */
function terminalOutput(context: Context, repetition: Repetition): boolean {
  if (repetition.where === 'loop' && repetition.body && awaitsIn(repetition.body)) return true;
  return repetition.items !== null && derivesFromParameter(context, repetition.items, 0);
}

function awaitsIn(body: TSESTree.Node): boolean {
  let found = false;
  walk(body, (node) => {
    if (found || (node !== body && isFunction(node))) return false;
    if (node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)) found = true;
    return undefined;
  });
  return found;
}

/** `data.toString().split('\n')` where `data` is a parameter of the enclosing callback, through `const`s. */
function derivesFromParameter(context: Context, node: TSESTree.Node, depth: number): boolean {
  if (depth > 6) return false;
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.CallExpression) return n.callee.type === AST_NODE_TYPES.MemberExpression && derivesFromParameter(context, n.callee.object, depth + 1);
  if (n.type === AST_NODE_TYPES.MemberExpression) return derivesFromParameter(context, n.object, depth + 1);
  if (n.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(n), n);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'Parameter') return true;
  if (def?.type === 'Variable' && def.node.init && def.parent.kind === 'const') return derivesFromParameter(context, def.node.init, depth + 1);
  return false;
}

/** Any mention of 'drain' (`once(out, 'drain')`, `out.once('drain', ...)`) or a `pause()` means the writes are paced. */
function handlesDrain(scope: TSESTree.Node): boolean {
  let handled = false;
  walk(scope, (node) => {
    if (handled) return false;
    if (staticString(node) === 'drain') handled = true;
    if (node.type === AST_NODE_TYPES.CallExpression && calleeName(node) === 'pause') handled = true;
    return undefined;
  });
  return handled;
}
