import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, dottedName, unwrap } from './ast.js';

const LOG_METHOD = /^(log|info|warn|warning|error|debug|trace|fatal|captureException|captureMessage|increment|inc|count|notice)$/;
const LOG_OBJECT = /(^|\.)(console|log|logger|_?log[a-z]*|[a-z]*logger|sentry|metrics?|stats|statsd|telemetry|tracer)$/i;

/** `console.error(e)`, `logger.warn(...)`, `this.log.error(...)`, `Sentry.captureException(e)`, `logError(e)`. */
export function isLoggingCall(node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(n.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return /^(log|logError|logWarn|reportError)$/i.test(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = calleeName(n);
  const object = dottedName(callee.object);
  return method !== null && object !== null && LOG_METHOD.test(method) && LOG_OBJECT.test(object);
}

/** A statement that only records what happened: a logging call, awaited or not. */
export function isLoggingStatement(statement: TSESTree.Statement): boolean {
  return statement.type === AST_NODE_TYPES.ExpressionStatement && isLoggingCall(statement.expression);
}
