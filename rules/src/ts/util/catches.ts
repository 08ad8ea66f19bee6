import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { walk } from './ast.js';
import { isLoggingStatement } from './logging.js';

/** `return;`, `return undefined;`, `continue;`: leaving without a result or an error. */
function isBareExit(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ContinueStatement) return true;
  if (statement.type !== AST_NODE_TYPES.ReturnStatement) return false;
  const arg = statement.argument;
  return arg === null || (arg.type === AST_NODE_TYPES.Identifier && arg.name === 'undefined');
}

/** The catch block is empty, or only logs (and maybe leaves): the error goes nowhere a machine can act on. */
export function onlyLogs(clause: TSESTree.CatchClause): boolean {
  const body = clause.body.body;
  return body.every((s, i) => isLoggingStatement(s) || (i === body.length - 1 && isBareExit(s)));
}

/**
 * The catch block always ends by throwing: whatever it does first (log, abort a transaction, release a lock), the
 * error still reaches whoever runs the handler.
 */
export function propagates(clause: TSESTree.CatchClause): boolean {
  const body = clause.body.body;
  return body[body.length - 1]?.type === AST_NODE_TYPES.ThrowStatement;
}

/** The innermost `try` between `node` and `stop` whose protected block contains `node`. */
export function* enclosingTries(node: TSESTree.Node, stop: TSESTree.Node): Generator<TSESTree.TryStatement> {
  let current: TSESTree.Node = node;
  while (current !== stop && current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === current) yield parent;
    current = parent;
  }
}

