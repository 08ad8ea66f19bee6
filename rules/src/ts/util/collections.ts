import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, objectProperty, propertyName, staticString, unwrap } from './ast.js';
import { downstreamCall, sqlTextOf } from './downstream.js';
import { handlersOf } from './handlers.js';
import { importsOf } from './imports.js';
import { pathIs, resolveInitializer, valuePath } from './values.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * How many items a collection may hold, as far as this file shows: `bounded` (a literal, a slice, a chunk of a
 * larger list), `unbounded` (whatever arrives: a query result, a message batch, a file's lines, a request
 * body), or `unknown` (a parameter, a call we cannot see into). Rules flag only `unbounded`.
 */
export type Extent = { kind: 'bounded' } | { kind: 'unbounded'; label: string } | { kind: 'unknown' };

const BOUNDED: Extent = { kind: 'bounded' };
const UNKNOWN: Extent = { kind: 'unknown' };

function unbounded(label: string): Extent {
  return { kind: 'unbounded', label };
}

const PASS_THROUGH = /^(filter|map|flat|flatMap|sort|toSorted|reverse|toReversed|concat|entries|keys|values|toArray)$/;
const WEB_MODULES = ['express', 'fastify', 'koa', '@koa/router', 'koa-router', '@nestjs/common', 'next', 'next/server', 'hono', 'http', 'h3'];
const SQL_LIMIT = /\b(limit|fetch\s+(first|next)|top)\b/i;
const MAX_DEPTH = 8;

export function collectionExtent(context: Context, node: TSESTree.Node): Extent {
  return classify(context, node, 0);
}

function classify(context: Context, node: TSESTree.Node, depth: number): Extent {
  if (depth > MAX_DEPTH) return UNKNOWN;
  const n = unwrap(node);
  switch (n.type) {
    case AST_NODE_TYPES.ArrayExpression:
      return n.elements.some((e) => e?.type === AST_NODE_TYPES.SpreadElement) ? UNKNOWN : BOUNDED;
    case AST_NODE_TYPES.Identifier:
      return classifyVariable(context, n, depth);
    case AST_NODE_TYPES.MemberExpression:
      return classifyMember(context, n, depth);
    case AST_NODE_TYPES.CallExpression:
      return classifyCall(context, n, depth);
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return queryResult(context, n);
    case AST_NODE_TYPES.LogicalExpression:
      return classify(context, n.left, depth + 1);
    default:
      return UNKNOWN;
  }
}

function classifyVariable(context: Context, id: TSESTree.Identifier, depth: number): Extent {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(id), id);
  if (!variable || variable.defs.length !== 1) return UNKNOWN;
  const def = variable.defs[0];
  if (def.type !== 'Variable') return UNKNOWN;
  const declaration = def.parent;
  // `for (const chunk of chunks)`: one element of a list of lists is a batch someone already cut to size.
  if (declaration.parent?.type === AST_NODE_TYPES.ForOfStatement && declaration.parent.left === declaration) return BOUNDED;
  if (!def.node.init || variable.references.filter((r) => r.isWrite()).length > 1) return UNKNOWN;
  if (def.node.id.type === AST_NODE_TYPES.Identifier) return classify(context, def.node.init, depth + 1);
  // `const { rows } = await pool.query(...)`, `const { data } = ...`: a field of what the initialiser returns.
  const field = destructuredField(def.node.id, id.name);
  return field === null ? UNKNOWN : fieldOf(context, def.node.init, field, depth);
}

function destructuredField(pattern: TSESTree.Node, local: string): string | null {
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
  for (const prop of pattern.properties) {
    if (prop.type !== AST_NODE_TYPES.Property || prop.computed || prop.key.type !== AST_NODE_TYPES.Identifier) continue;
    const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === local) return prop.key.name;
  }
  return null;
}

function classifyMember(context: Context, member: TSESTree.MemberExpression, depth: number): Extent {
  const name = propertyName(member);
  return name === null ? UNKNOWN : fieldOf(context, member.object, name, depth);
}

/** `object.field`, where `object` is the node given (read or destructured). */
function fieldOf(context: Context, object: TSESTree.Node, field: string, depth: number): Extent {
  const o = unwrap(object);
  if (field === 'rows' && isDatabaseRead(context, o)) return queryResult(context, o as TSESTree.CallExpression);
  if (field === 'messages' && isKafkaBatch(context, o)) return unbounded('a Kafka batch');
  if (field === 'body' && isRequestParameter(context, o)) return unbounded('a request body');
  const inner = classify(context, o, depth + 1);
  return inner.kind === 'unbounded' ? inner : UNKNOWN;
}

function classifyCall(context: Context, call: TSESTree.CallExpression, depth: number): Extent {
  const callee = unwrap(call.callee);
  const method = calleeName(call);
  if (callee.type === AST_NODE_TYPES.MemberExpression && method !== null) {
    if ((method === 'slice' || method === 'splice') && call.arguments.length >= 2) return BOUNDED;
    if (method === 'split') return isLineSeparator(call.arguments[0]) ? unbounded("a file's lines") : UNKNOWN;
    if (PASS_THROUGH.test(method) && !isDatabaseRead(context, call)) return classify(context, callee.object, depth + 1);
  }
  const path = valuePath(context, call.callee);
  if (pathIs(path, 'global', ['Object', /^(keys|values|entries)$/]) || pathIs(path, 'global', ['Array', 'from'])) {
    return call.arguments[0] ? classify(context, call.arguments[0], depth + 1) : UNKNOWN;
  }
  if (pathIs(path, 'global', ['JSON', 'parse'])) return unbounded('parsed JSON input');
  if (pathIs(path, ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'], [/^readdir(Sync)?$/]) || pathIs(path, ['fs', 'node:fs'], ['promises', 'readdir'])) {
    return unbounded('a directory listing');
  }
  if (isDatabaseRead(context, call)) return queryResult(context, call);
  return UNKNOWN;
}

function isLineSeparator(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const text = staticString(node);
  if (text !== null) return text.includes('\n');
  return node.type === AST_NODE_TYPES.Literal && 'regex' in node && node.regex.pattern.includes('\\n');
}

function isDatabaseRead(context: Context, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.TaggedTemplateExpression) return false;
  return downstreamCall(context, node)?.kind === 'database';
}

/** A query's rows, unless the query caps them: `LIMIT`, Prisma `take`, Sequelize `limit`, knex `.limit()`/`.first()`. */
function queryResult(context: Context, call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): Extent {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression && downstreamCall(context, call) === null) return UNKNOWN;
  const sql = sqlTextOf(context, call);
  if (sql !== null) return SQL_LIMIT.test(sql) ? BOUNDED : unbounded('a query result');
  if (call.type === AST_NODE_TYPES.CallExpression) {
    const options = call.arguments[0];
    if (objectProperty(options, 'take') || objectProperty(options, 'limit')) return BOUNDED;
    if (chainMethods(call).some((m) => m === 'limit' || m === 'first')) return BOUNDED;
  }
  return unbounded('a query result');
}

/** Method names along a builder chain: `knex('t').where(...).limit(10)` gives `limit`, `where`. */
function chainMethods(call: TSESTree.CallExpression): string[] {
  const names: string[] = [];
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
    const name = propertyName(callee);
    if (name !== null) names.push(name);
    current = unwrap(callee.object);
  }
  return names;
}

/** `batch` in a kafkajs `eachBatch({ batch })` handler. */
function isKafkaBatch(context: Context, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  return handlersOf(context).some(
    (h) => h.kind === 'kafkajs-batch' && h.fn !== null && node.range[0] >= h.fn.range[0] && node.range[1] <= h.fn.range[1] && h.messageNames.includes(node.name),
  );
}

/** `req.body` where `req` is a parameter of a function, in a file that imports a web framework. */
function isRequestParameter(context: Context, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier || !importsOf(context).importsAny(WEB_MODULES)) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
  return variable?.defs.length === 1 && variable.defs[0].type === 'Parameter';
}

const CHUNKING_NAME = /chunk|batch|partition|paginate|pages/i;

/** A list of lists cut to size: `chunk(rows, 500)` (lodash or a helper named for chunks or batches), directly or through a `const`. */
export function isChunkList(context: Context, node: TSESTree.Node): boolean {
  let n = unwrap(node);
  if (n.type === AST_NODE_TYPES.Identifier) n = unwrap(resolveInitializer(context, n) ?? n);
  if (n.type !== AST_NODE_TYPES.CallExpression) return false;
  const path = valuePath(context, n.callee);
  if (path && /^lodash(-es)?(\/chunk)?$/.test(path.module)) return path.steps.length === 0 || path.steps[0] === 'chunk';
  return CHUNKING_NAME.test(calleeName(n) ?? '');
}
