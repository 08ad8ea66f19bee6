import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { SQL_LIBRARIES } from '../embedded/libraries.js';
import { readSqlText } from '../embedded/sql-text.js';
import { ancestors, calleeName, dottedName, isFunction, objectProperty, propertyName, unwrap, walk, type FunctionNode } from './ast.js';
import { importsOf } from './imports.js';
import { CALL, GLOBAL_MODULE, NEW, pathEndsWith, pathIs, resolveFunction, valuePath, type ValuePath } from './values.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type DownstreamKind = 'http' | 'database' | 'queue';

/** A call that sends a request to another system: an HTTP call, a database statement, a queue or topic publish. */
export interface DownstreamCall {
  kind: DownstreamKind;
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  /** How a message names it: `fetch`, `axios.post`, `prisma.order.create`, `sqs.send(SendMessageCommand)`. */
  name: string;
}

const HTTP_METHOD = /^(get|post|put|patch|delete|head|request)$/i;
const HTTP_MODULES = ['axios', 'got', 'ky', 'superagent'];
const PRISMA_MODEL_METHOD = /^(create|createMany|update|updateMany|upsert|delete|deleteMany|findMany|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|count|aggregate|groupBy)$/;
const SEQUELIZE_METHOD = /^(create|bulkCreate|update|upsert|destroy|findAll|findOne|findByPk|findOrCreate|count)$/;
const MONGO_METHOD = /^(insertOne|insertMany|updateOne|updateMany|replaceOne|deleteOne|deleteMany|bulkWrite|findOne|findOneAndUpdate|aggregate)$/;
const SQL_MODULES = SQL_LIBRARIES.map((lib) => lib.module);
const TAGGED_SQL_MODULES = SQL_LIBRARIES.filter((lib) => lib.tagged).map((lib) => lib.module);

/** Classifies a call (or a `sql\`...\`` template) as a request to a downstream system, or null. */
export function downstreamCall(context: Context, node: TSESTree.Node): DownstreamCall | null {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    return importsOf(context).importsAny(TAGGED_SQL_MODULES) ? { kind: 'database', node, name: `${dottedName(node.tag) ?? 'sql'}\`...\`` } : null;
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const path = valuePath(context, node.callee);
  const name = callName(node.callee) ?? calleeName(node) ?? 'call';
  const kind = httpKind(context, node, path) ?? databaseKind(context, node, path) ?? queueKind(context, node, path);
  if (kind === null) return null;
  return { kind, node, name: kind === 'queue' ? queueName(node, name) : name };
}

/** `a.b.c`, with calls along the chain shown as `(...)`: `db(...).insert`. */
function callName(node: TSESTree.Node): string | null {
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.CallExpression) {
    const callee = callName(n.callee);
    return callee === null ? null : `${callee}(...)`;
  }
  if (n.type === AST_NODE_TYPES.MemberExpression) {
    const object = callName(n.object);
    const property = propertyName(n);
    return object !== null && property !== null ? `${object}.${property}` : null;
  }
  return dottedName(n);
}

function httpKind(context: Context, call: TSESTree.CallExpression, path: ValuePath | null): DownstreamKind | null {
  if (pathIs(path, GLOBAL_MODULE, ['fetch']) || pathIs(path, ['undici', 'node-fetch'], ['fetch']) || pathIs(path, 'node-fetch', [])) return 'http';
  if (pathIs(path, 'undici', ['request']) || pathIs(path, HTTP_MODULES, []) || pathIs(path, HTTP_MODULES, [HTTP_METHOD])) return 'http';
  if (pathEndsWith(path, HTTP_MODULES, [/^(create|extend)$/, CALL, HTTP_METHOD])) return 'http';
  // `this.http.post(...)`: a client we cannot trace, in a file that imports an HTTP library.
  const method = calleeName(call);
  if (path === null && method !== null && HTTP_METHOD.test(method) && importsOf(context).importsAny(HTTP_MODULES)) return 'http';
  return null;
}

function databaseKind(context: Context, call: TSESTree.CallExpression, path: ValuePath | null): DownstreamKind | null {
  const imports = importsOf(context);
  const method = calleeName(call);
  if (method === null || unwrap(call.callee).type !== AST_NODE_TYPES.MemberExpression) {
    return path?.module === 'knex' ? 'database' : null;
  }
  if (path && (path.module === 'knex' || path.module === '@prisma/client')) return 'database';
  const untraced = path === null || path.module === GLOBAL_MODULE;
  if (!untraced && !SQL_MODULES.includes(path.module) && !['mongodb', 'sequelize'].includes(path.module)) return null;
  if (SQL_LIBRARIES.some((lib) => lib.methods.includes(method) && imports.modules.has(lib.module))) return 'database';
  if (imports.importsAny(['@prisma/client']) && PRISMA_MODEL_METHOD.test(method) && isModelCall(call)) return 'database';
  if (imports.importsAny(['sequelize']) && SEQUELIZE_METHOD.test(method)) return 'database';
  if (imports.importsAny(['mongodb', 'mongoose']) && MONGO_METHOD.test(method)) return 'database';
  if (imports.importsAny(['knex']) && /^(insert|update|del|delete|upsert|merge)$/.test(method)) return 'database';
  return null;
}

/** `prisma.order.create(...)`: a method of a model property of the client. */
function isModelCall(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.MemberExpression;
}

function queueKind(context: Context, call: TSESTree.CallExpression, path: ValuePath | null): DownstreamKind | null {
  const method = calleeName(call);
  if (method === 'send' && awsCommand(context, call) !== null) return 'queue';
  if (pathEndsWith(path, 'kafkajs', ['producer', CALL, /^send(Batch)?$/])) return 'queue';
  const imports = importsOf(context);
  if (path === null && imports.importsAny(['kafkajs']) && method === 'send' && objectProperty(call.arguments[0], 'topic') !== null) return 'queue';
  if (pathEndsWith(path, ['bullmq', 'bull'], [NEW, 'add'])) return 'queue';
  return null;
}

/** The AWS SDK v3 command a `client.send(new XCommand(...))` sends, when the command class is imported from `@aws-sdk/*`. */
export function awsCommand(context: Context, call: TSESTree.CallExpression): string | null {
  const arg = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  if (arg?.type !== AST_NODE_TYPES.NewExpression) return null;
  const path = valuePath(context, arg.callee);
  if (!path || !path.module.startsWith('@aws-sdk/') || path.steps.length !== 1) return null;
  return /Command$/.test(path.steps[0]) ? path.steps[0] : null;
}

function queueName(call: TSESTree.CallExpression, name: string): string {
  const arg = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  if (arg?.type === AST_NODE_TYPES.NewExpression) return `${name}(${dottedName(arg.callee) ?? 'command'})`;
  return name;
}

/** The SQL text a database call runs (through `const`s and concatenations); null when it is not static. */
export function sqlTextOf(context: Context, call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): string | null {
  const source = call.type === AST_NODE_TYPES.TaggedTemplateExpression ? call.quasi : call.arguments[0];
  return source ? (readSqlText(context, source, 'postgres')?.text ?? null) : null;
}

/** Downstream calls a piece of code makes, also through the same-file functions and methods it calls (one level). */
export function downstreamCallsIn(context: Context, root: TSESTree.Node, prune: (node: TSESTree.Node) => boolean = () => false, depth = 0): DownstreamCall[] {
  const found: DownstreamCall[] = [];
  walk(root, (node) => {
    if (prune(node)) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
    const direct = downstreamCall(context, node);
    if (direct) {
      found.push(direct);
      return undefined;
    }
    const callee = depth === 0 && node.type === AST_NODE_TYPES.CallExpression ? calledFunction(context, node) : null;
    if (callee) found.push(...downstreamCallsIn(context, callee.body, prune, depth + 1));
    return undefined;
  });
  return found;
}

/** The function a call runs when it is declared in this file: `save(row)`, `this.save(row)`. */
export function calledFunction(context: Context, call: TSESTree.CallExpression): FunctionNode | null {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return resolveFunction(context, callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || unwrap(callee.object).type !== AST_NODE_TYPES.ThisExpression) return null;
  const name = propertyName(callee);
  const classBody = ancestorOfType(call, AST_NODE_TYPES.ClassBody);
  for (const member of classBody?.body ?? []) {
    if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    if (member.computed || member.key.type !== AST_NODE_TYPES.Identifier || member.key.name !== name) continue;
    const value = member.value ? unwrap(member.value) : null;
    if (isFunction(value)) return value;
  }
  return null;
}

function ancestorOfType<T extends AST_NODE_TYPES>(node: TSESTree.Node, type: T): Extract<TSESTree.Node, { type: T }> | null {
  for (const a of ancestors(node)) if (a.type === type) return a as Extract<TSESTree.Node, { type: T }>;
  return null;
}
