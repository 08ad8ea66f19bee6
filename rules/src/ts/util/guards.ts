import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, propertyKey, propertyName, staticString, unwrap, walk } from './ast.js';
import type { LintContext } from './imports.js';

const DEDUP_NAME = /already|processed|seen|sent|exists|dedup|duplicate|claim|lock|idempot|handled|isNew|setnx|insertIfAbsent|markProcessing|tryAcquire/i;
const SELECT_WHERE = /\bselect\b[\s\S]*\bwhere\b/i;
/** An insert that does nothing when the row exists: whoever inserts first owns the work. */
const CLAIM_SQL = /\binsert\b[\s\S]*\bon\s+conflict\b[\s\S]*\bdo\s+nothing\b|\binsert\s+ignore\b/i;
const LOOKUP_METHOD = /^(find\w*|get\w*|count|exists|lookup\w*|fetch\w*|load\w*|query|select\w*)$/;
/** Unique-violation errors of Prisma, PostgreSQL, MySQL, MongoDB and DynamoDB conditional writes. */
const DUPLICATE_ERROR = /P2002|23505|ER_DUP_ENTRY|E11000|11000|ConditionalCheckFailed|unique|duplicate|already\s*exists/i;

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
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === current && wrapsInCheck(context, parent.test)) return true;
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      const index = (parent.body as TSESTree.Node[]).indexOf(current);
      if (parent.body.slice(0, Math.max(0, index)).some((before) => leavesIfDone(context, before))) return true;
    }
    current = parent;
  }
  return false;
}

function wrapsInCheck(context: LintContext, test: TSESTree.Expression): boolean {
  return isDedupCheck(context, test) || recordTest(context, test) === 'absent';
}

/** `if (done) return;`, `if (existing) return;` after a lookup, or a claim whose duplicate-key error returns. */
function leavesIfDone(context: LintContext, statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.IfStatement) {
    return exits(statement.consequent) && (isDedupCheck(context, statement.test) || recordTest(context, statement.test) === 'present');
  }
  return statement.type === AST_NODE_TYPES.TryStatement && statement.handler !== null && returnsOnDuplicate(context, statement.handler);
}

/** `catch (e) { if (e.code === 'P2002') return; throw e; }`: the insert in the `try` claimed the work. */
function returnsOnDuplicate(context: LintContext, clause: TSESTree.CatchClause): boolean {
  return clause.body.body.some(
    (s) => s.type === AST_NODE_TYPES.IfStatement && exits(s.consequent) && DUPLICATE_ERROR.test(context.sourceCode.getText(s.test)),
  );
}

/**
 * Whether a test asks if a looked-up record is there (`existing`, `rows.length > 0`) or not (`!existing`), where the
 * variable holds the result of a lookup call (`await prisma.sent.findUnique(...)`); null for any other test.
 */
function recordTest(context: LintContext, test: TSESTree.Expression): 'present' | 'absent' | null {
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') {
    const inner = recordTest(context, test.argument);
    return inner === null ? null : inner === 'present' ? 'absent' : 'present';
  }
  if (test.type === AST_NODE_TYPES.BinaryExpression) {
    const empty = isEmptyValue(test.right);
    if (!empty || test.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
    const subject = recordTest(context, test.left);
    const negated = test.operator === '===' || test.operator === '==';
    if (!subject || (!negated && !['!==', '!=', '>'].includes(test.operator))) return null;
    return negated === (subject === 'present') ? 'absent' : 'present';
  }
  const target = test.type === AST_NODE_TYPES.MemberExpression && /^(length|rowCount)$/.test(propertyName(test) ?? '') ? test.object : test;
  if (target.type !== AST_NODE_TYPES.Identifier) return null;
  const init = initializerOf(context, target);
  const call = init ? unwrap(init) : null;
  return call?.type === AST_NODE_TYPES.CallExpression && LOOKUP_METHOD.test(calleeName(call) ?? '') ? 'present' : null;
}

/** `null`, `undefined` or `0`: what an absent record compares equal to. */
function isEmptyValue(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return node.value === null || node.value === 0;
  return node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined';
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
    const text = node.type === AST_NODE_TYPES.TemplateElement ? node.value.raw : staticString(node);
    if (text && (SELECT_WHERE.test(text) || CLAIM_SQL.test(text))) found = true;
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
