import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, isInside, objectProperty, propertyName, staticString, unwrap, walk, type FunctionNode } from './ast.js';
import { enclosingHandlers } from './handlers.js';
import { importsOf, perFile, type LintContext } from './imports.js';
import { GLOBAL_MODULE, resolveFunction, valuePath } from './values.js';

const ROUTER_MODULES = ['express', 'fastify', 'koa-router', '@koa/router', 'hono'];
const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all']);
const NEST_VERBS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All']);
// Webhook senders redeliver the same event until they see a 2xx, so their handlers are consumers in disguise.
const REDELIVERED_PATH = /hook/i;

/** The functions that answer one HTTP request: express/fastify/koa/hono route handlers and NestJS route methods. */
export const httpRouteHandlers: (context: LintContext) => FunctionNode[] = perFile(findRouteHandlers);

/**
 * True when the node runs once per HTTP request, in a route handler that no retry helper or consumer re-runs
 * and that is not a webhook receiver.
 */
export function runsPerHttpRequest(context: LintContext, node: TSESTree.Node): boolean {
  return httpRouteHandlers(context).some((fn) => isInside(node, fn)) && enclosingHandlers(context, node).length === 0;
}

function findRouteHandlers(context: LintContext, program: TSESTree.Program): FunctionNode[] {
  const imports = importsOf(context);
  const routers = imports.importsAny(ROUTER_MODULES);
  const nest = imports.importsAny(['@nestjs/common']);
  if (!routers && !nest) return [];
  const found: FunctionNode[] = [];
  walk(program, (node) => {
    if (routers && node.type === AST_NODE_TYPES.CallExpression) found.push(...routeCallHandlers(context, node));
    if (nest && node.type === AST_NODE_TYPES.MethodDefinition && node.value.type === AST_NODE_TYPES.FunctionExpression && isNestRoute(node)) found.push(node.value);
  });
  return found;
}

/** `app.post('/orders', auth, handler)`, `router.route('/x').put(fn)`, fastify `app.route({ method, url, handler })`. */
function routeCallHandlers(context: LintContext, call: TSESTree.CallExpression): FunctionNode[] {
  const method = calleeName(call);
  const callee = unwrap(call.callee);
  if (method === null || callee.type !== AST_NODE_TYPES.MemberExpression || !fromRouterModule(context, callee.object)) return [];
  if (method === 'route' && call.arguments.length === 1) {
    const options = call.arguments[0];
    const url = staticString(objectProperty(options, 'url')?.value);
    const fn = resolveFunction(context, objectProperty(options, 'handler')?.value);
    return fn && url !== null && !REDELIVERED_PATH.test(url) ? [fn] : [];
  }
  if (!VERBS.has(method)) return [];
  const path = routePath(call.arguments[0], callee.object);
  if (path === null || REDELIVERED_PATH.test(path)) return [];
  return call.arguments.slice(1).flatMap((arg) => {
    const fn = resolveFunction(context, arg);
    return fn ? [fn] : [];
  });
}

/** The route's path: the first argument, or for `router.route('/x').post(fn)` the argument of `route`. */
function routePath(first: TSESTree.Node | undefined, receiver: TSESTree.Node): string | null {
  const direct = staticString(first) ?? templatePrefix(first);
  if (direct !== null) return direct;
  const r = unwrap(receiver);
  return r.type === AST_NODE_TYPES.CallExpression && calleeName(r) === 'route' ? staticString(r.arguments[0]) : null;
}

function templatePrefix(node: TSESTree.Node | undefined): string | null {
  return node?.type === AST_NODE_TYPES.TemplateLiteral ? node.quasis.map((q) => q.value.cooked).join('*') : null;
}

/** The app or router comes from a web framework; an untraceable receiver (a parameter) counts when the file imports one. */
function fromRouterModule(context: LintContext, receiver: TSESTree.Node): boolean {
  const path = valuePath(context, receiver);
  return path === null || path.module === GLOBAL_MODULE || ROUTER_MODULES.includes(path.module);
}

function isNestRoute(method: TSESTree.MethodDefinition): boolean {
  return method.decorators.some((d) => {
    const expression = unwrap(d.expression);
    if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrap(expression.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
    return name !== null && NEST_VERBS.has(name) && !REDELIVERED_PATH.test(staticString(expression.arguments[0]) ?? '');
  });
}
