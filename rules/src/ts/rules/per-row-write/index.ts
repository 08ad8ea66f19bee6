import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { SQL_LIBRARIES } from '../../embedded/libraries.js';
import { boundNames, calleeName, isFunction, objectProperty, propertyName, referencedNames, unwrap, walk } from '../../util/ast.js';
import { collectionExtent, isChunkList } from '../../util/collections.js';
import { awsCommand, downstreamCall, sqlTextOf, type DownstreamCall } from '../../util/downstream.js';
import { importsOf } from '../../util/imports.js';
import { resolveInitializer } from '../../util/values.js';
import { importsOneOf, SQL_MODULES } from '../../util/relevance.js';
import docs from './docs.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

interface RowLoop {
  body: TSESTree.Node;
  items: TSESTree.Node | null;
  /** Names that change per pass: the loop variable(s), the index. Computed only for a loop that awaits one call. */
  names: () => string[];
}

interface SingleRowWrite {
  write: string;
  batch: string;
}

/** Libraries with a single-row write that has a batch form; files importing none of them are skipped. */
const WRITE_MODULES = [...SQL_LIBRARIES.map((lib) => lib.module), 'mongodb', 'mongoose', '@aws-sdk/client-sqs', '@aws-sdk/client-sns', 'kafkajs'];
const INSERT_VALUES = /^\s*insert\b([^;]*?)\bvalues\b/i;
/** Every reported loop awaits; `\u` covers a keyword spelled with an escape. */
const MAY_AWAIT = /\bawait\b|\\u/;

export const perRowWrite = defineTsRule<'perRow', Record<string, never>>({
  type: 'suggestion',
  relevant: importsOneOf([...SQL_MODULES, 'mongodb', 'mongoose', '@aws-sdk/client-sqs', '@aws-sdk/client-sns', 'kafkajs']),
  meta: {
    id: 'per-row-write',
    concept: 'backpressure',
    defaultSeverity: 'hint',
    messages: {
      perRow:
        'Each pass of this loop waits for its own one-row {{write}}: n rows cost n round trips and n commits, and the load holds the database far longer than one batch would. Write the rows together with {{batch}}.',
    },
    docs,
  },
  create(context) {
    if (!importsOf(context).importsAny(WRITE_MODULES) || !MAY_AWAIT.test(context.sourceCode.text)) return {};
    const check = (loop: RowLoop | null): void => {
      const awaited = loop && onlyAwaitedCall(loop.body);
      if (!loop || !awaited || insideTry(awaited, loop.body)) return;
      const call = downstreamCall(context, awaited);
      const single = call && singleRowWrite(context, call);
      if (!single || !changesPerPass(loop, awaited)) return;
      if (loop.items && (collectionExtent(context, loop.items).kind === 'bounded' || isChunkList(context, loop.items))) return;
      context.report({ node: awaited.type === AST_NODE_TYPES.CallExpression ? awaited.callee : awaited.tag, messageId: 'perRow', data: { ...single } });
    };
    return {
      ForOfStatement: (node) => check({ body: node.body, items: node.right, names: () => loopNames(node.left) }),
      ForStatement: (node) => check(countedLoop(node)),
      CallExpression: (node) => check(forEachLoop(node)),
    };
  },
});

function loopNames(left: TSESTree.ForOfStatement['left']): string[] {
  return left.type === AST_NODE_TYPES.VariableDeclaration ? left.declarations.flatMap((d) => boundNames(d.id)) : boundNames(left);
}

/** The write uses something that differs per pass: the loop variable, or a value the body derives from it. */
function changesPerPass(loop: RowLoop, call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): boolean {
  const perPass = new Set([...loop.names(), ...declaredIn(loop.body)]);
  return [...argumentNames(call)].some((name) => perPass.has(name));
}

/** Variables the loop body declares: values derived from the row (`const event = JSON.parse(line)`). */
function declaredIn(body: TSESTree.Node): string[] {
  const names: string[] = [];
  walk(body, (node) => {
    if (node !== body && isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.VariableDeclarator) names.push(...boundNames(node.id));
    return undefined;
  });
  return names;
}

/** `for (let i = 0; i < rows.length; i++)`: the rows are `rows`. */
function countedLoop(node: TSESTree.ForStatement): RowLoop | null {
  const test = node.test;
  if (test?.type !== AST_NODE_TYPES.BinaryExpression || test.left.type !== AST_NODE_TYPES.Identifier) return null;
  const right = unwrap(test.right);
  if (right.type !== AST_NODE_TYPES.MemberExpression || propertyName(right) !== 'length' || !stepsByOne(node.update)) return null;
  const index = test.left.name;
  return { body: node.body, items: right.object, names: () => [index] };
}

/** `i++`, `++i`, `i += 1`: one row per pass. `i += 500` walks chunks. */
function stepsByOne(update: TSESTree.Expression | null): boolean {
  if (update?.type === AST_NODE_TYPES.UpdateExpression) return update.operator === '++';
  return (
    update?.type === AST_NODE_TYPES.AssignmentExpression &&
    update.operator === '+=' &&
    update.right.type === AST_NODE_TYPES.Literal &&
    update.right.value === 1
  );
}

function forEachLoop(node: TSESTree.CallExpression): RowLoop | null {
  const callee = unwrap(node.callee);
  const fn = node.arguments[0];
  if (callee.type !== AST_NODE_TYPES.MemberExpression || calleeName(node) !== 'forEach' || !isFunction(fn)) return null;
  return { body: fn.body, items: callee.object, names: () => fn.params.flatMap((p) => boundNames(p)) };
}

/** The call behind the body's only `await` (nested functions aside), or null when it awaits nothing or several things. */
function onlyAwaitedCall(body: TSESTree.Node): TSESTree.CallExpression | TSESTree.TaggedTemplateExpression | null {
  let count = 0;
  let first: TSESTree.AwaitExpression | null = null;
  walk(body, (node) => {
    if (node !== body && isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.AwaitExpression) {
      count += 1;
      first ??= node;
    } else if (node.type === AST_NODE_TYPES.ForOfStatement && node.await) {
      count += 1;
    }
    return undefined;
  });
  const argument = count === 1 && first ? unwrap((first as TSESTree.AwaitExpression).argument) : null;
  return argument?.type === AST_NODE_TYPES.CallExpression || argument?.type === AST_NODE_TYPES.TaggedTemplateExpression ? argument : null;
}

function insideTry(node: TSESTree.Node, stop: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement) return true;
  }
  return false;
}

function argumentNames(call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): Set<string> {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return referencedNames(call.quasi);
  const names = new Set<string>();
  // Builder chains carry the row in an inner call: `db('t').insert(row).onConflict('id').merge()`.
  for (let current: TSESTree.Node = call; current.type === AST_NODE_TYPES.CallExpression; ) {
    for (const arg of current.arguments) for (const name of referencedNames(arg)) names.add(name);
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
    current = unwrap(callee.object);
  }
  return names;
}

function singleRowWrite(context: Context, call: DownstreamCall): SingleRowWrite | null {
  if (call.kind === 'queue') return singleSend(context, call);
  if (call.kind !== 'database') return null;
  const node = call.node;
  const sql = sqlTextOf(context, node);
  if (sql !== null) {
    if (!insertsOneValuesRow(sql)) return null;
    return { write: 'INSERT', batch: 'a multi-row `INSERT ... VALUES (...), (...)` or `INSERT ... SELECT * FROM unnest(...)`' };
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  return builderInsert(context, node);
}

/** `INSERT INTO t (a, b) VALUES ($1, $2)`: exactly one parenthesised row after VALUES (quotes skipped). */
function insertsOneValuesRow(sql: string): boolean {
  const head = INSERT_VALUES.exec(sql);
  if (!head || /\bselect\b/i.test(head[1])) return false;
  let depth = 0;
  let rows = 0;
  for (let i = head[0].length; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") {
      i = sql.indexOf("'", i + 1);
      if (i < 0) return false;
    } else if (c === '(') {
      if (depth === 0) rows += 1;
      depth += 1;
    } else if (c === ')') {
      depth -= 1;
    } else if (depth === 0 && /[a-z;]/i.test(c)) {
      break;
    }
  }
  return rows === 1;
}

const BATCH_OF: Record<string, string> = {
  prisma: '`createMany({ data: rows })`',
  sequelize: '`bulkCreate(rows)`',
  mongodb: '`insertMany(rows)`',
  knex: '`insert(rows)` (or `knex.batchInsert`)',
};

/** knex `insert(row)`, Prisma `create`, Sequelize `create`, MongoDB `insertOne`, with one row (not an array) as argument. */
function builderInsert(context: Context, call: TSESTree.CallExpression): SingleRowWrite | null {
  const imports = importsOf(context);
  const method = calleeName(call);
  if (method === 'insertOne') return { write: 'insertOne', batch: BATCH_OF.mongodb };
  if (method === 'create' && isOneRow(context, objectProperty(call.arguments[0], 'data')?.value ?? call.arguments[0])) {
    if (imports.importsAny(['@prisma/client']) && objectProperty(call.arguments[0], 'data')) return { write: 'create', batch: BATCH_OF.prisma };
    if (imports.importsAny(['sequelize'])) return { write: 'create', batch: BATCH_OF.sequelize };
    return null;
  }
  const insert = chainCall(call, 'insert');
  if (insert && imports.importsAny(['knex']) && isOneRow(context, insert.arguments[0])) return { write: 'insert', batch: BATCH_OF.knex };
  return null;
}

function chainCall(call: TSESTree.CallExpression, method: string): TSESTree.CallExpression | null {
  for (let current: TSESTree.Node = call; current.type === AST_NODE_TYPES.CallExpression; ) {
    if (calleeName(current) === method) return current;
    const callee = unwrap(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    current = unwrap(callee.object);
  }
  return null;
}

const ARRAY_METHOD = /^(slice|splice|map|filter|flat|flatMap|concat|from)$/;

/** An object literal or a variable holding the loop's row; not an array or a variable built as one (`rows.slice(...)`). */
function isOneRow(context: Context, node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.ObjectExpression || n.type === AST_NODE_TYPES.MemberExpression) return true;
  if (n.type !== AST_NODE_TYPES.Identifier) return false;
  const init = resolveInitializer(context, n);
  const value = init ? unwrap(init) : null;
  if (value?.type === AST_NODE_TYPES.ArrayExpression) return false;
  return !(value?.type === AST_NODE_TYPES.CallExpression && (ARRAY_METHOD.test(calleeName(value) ?? '') || isChunkList(context, value)));
}

/** SQS `SendMessageCommand`, SNS `PublishCommand`, a kafkajs send of a one-message array. */
function singleSend(context: Context, call: DownstreamCall): SingleRowWrite | null {
  if (call.node.type !== AST_NODE_TYPES.CallExpression) return null;
  const command = awsCommand(context, call.node);
  if (command === 'SendMessageCommand') return { write: 'SendMessageCommand', batch: '`SendMessageBatchCommand` (up to 10 messages a call)' };
  if (command === 'PublishCommand') return { write: 'PublishCommand', batch: '`PublishBatchCommand` (up to 10 messages a call)' };
  const messages = objectProperty(call.node.arguments[0], 'messages')?.value;
  if (messages?.type === AST_NODE_TYPES.ArrayExpression && messages.elements.length === 1) {
    return { write: call.name, batch: 'one `send` whose `messages` holds every row' };
  }
  return null;
}
