import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, propertyKey, staticString, walk } from './ast.js';
import type { LintContext } from './imports.js';

const DEDUP_NAME = /already|processed|seen|sent|exists|dedup|duplicate|claim|lock|idempot|handled|isNew|setnx|insertIfAbsent|markProcessing|tryAcquire/i;
const SELECT_WHERE = /\bselect\b[\s\S]*\bwhere\b/i;

/** A statement that leaves the current step: `return`, `throw`, `continue`, `break`, or a block ending in one. */
export function exits(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.length > 0 && exits(statement.body[statement.body.length - 1]);
    default:
      return false;
  }
}

/**
 * True when an "already done?" check runs before `node` inside `region`: an `if` that leaves early on a
 * lookup (`alreadySent(job.id)`, `redis.set(key, 1, 'NX')`, a `SELECT ... WHERE`), or wraps `node` in one.
 */
export function isDeduplicated(context: LintContext, node: TSESTree.Node, region: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  while (current !== region && current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === current && isDedupCheck(context, parent.test)) return true;
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      const index = (parent.body as TSESTree.Node[]).indexOf(current);
      for (const before of parent.body.slice(0, Math.max(0, index))) {
        if (before.type === AST_NODE_TYPES.IfStatement && exits(before.consequent) && isDedupCheck(context, before.test)) return true;
      }
    }
    current = parent;
  }
  return false;
}

/** The expression looks up whether the work was done, directly or through a variable it reads. */
export function isDedupCheck(context: LintContext, test: TSESTree.Node): boolean {
  if (containsDedupLookup(test)) return true;
  let found = false;
  walk(test, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.Identifier) {
      const init = initializerOf(context, node);
      if (init && containsDedupLookup(init)) found = true;
    }
    return undefined;
  });
  return found;
}

function containsDedupLookup(root: TSESTree.Node): boolean {
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(node);
      if ((name && DEDUP_NAME.test(name)) || node.arguments.some(isNxArgument)) found = true;
    }
    if (node.type === AST_NODE_TYPES.TemplateElement && SELECT_WHERE.test(node.value.raw)) found = true;
    if (SELECT_WHERE.test(staticString(node) ?? '')) found = true;
    return undefined;
  });
  return found;
}

/** Redis `SET key value NX` (or `{ NX: true }`): only the first caller gets to set the key. */
function isNxArgument(arg: TSESTree.Node): boolean {
  if (staticString(arg)?.toUpperCase() === 'NX') return true;
  return arg.type === AST_NODE_TYPES.ObjectExpression && arg.properties.some((p) => p.type === AST_NODE_TYPES.Property && propertyKey(p)?.toUpperCase() === 'NX');
}

/** The initialiser of the declaration that binds this identifier, also when it is destructured (`const { rowCount } = ...`). */
function initializerOf(context: LintContext, id: TSESTree.Identifier): TSESTree.Expression | null {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(id), id);
  const def = variable?.defs[0];
  if (def?.type !== 'Variable' || def.node.id === id) return null;
  return def.node.init;
}
