import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { boundNames, calleeName, isFunction, objectProperty, propertyName, unwrap, walk, type FunctionNode } from './ast.js';
import { importsOf, perFile, type LintContext } from './imports.js';
import { GLOBAL_MODULE, pathIs, resolveFunction, valuePath, type ValuePath } from './values.js';

export type HandlerKind =
  | 'kafkajs-message'
  | 'kafkajs-batch'
  | 'bullmq'
  | 'bull'
  | 'amqplib'
  | 'sqs-consumer'
  | 'sqs-lambda'
  | 'temporal-activity'
  | 'p-retry'
  | 'async-retry'
  | 'promise-retry'
  | 'retry-loop';

/** A piece of code a broker or a retry helper runs again after a failure. */
export interface Handler {
  kind: HandlerKind;
  /** The code that is re-run: a function, or the `try` block of a hand-written retry loop. */
  body: TSESTree.Node;
  fn: FunctionNode | null;
  /** Noun phrase for messages: "this BullMQ job", "the p-retry callback". */
  label: string;
  /** True when the code receives messages from a queue or topic (the dead-letter rules look only at these). */
  consumer: boolean;
  /** Names bound to the incoming message, job or event (parameters, destructured fields, the record loop variable). */
  messageNames: string[];
  /** Template-literal text that identifies the message (`${job.id}`), usable in an idempotency key, when one is visible. */
  idTemplate: string | null;
  /**
   * When the consumer, channel or queue was built in another project file (followed through the project model):
   * " from the consumer built in `src/kafka/client.ts`", ready to follow the label in a message; else ''.
   */
  source: string;
  /** The project file the client was built in, when not this one. */
  sourceFile: string | null;
}

/** What the client a handler is registered on is called, for the source phrase. */
const CLIENT_NOUN: Partial<Record<HandlerKind, string>> = {
  'kafkajs-message': 'consumer',
  'kafkajs-batch': 'consumer',
  bullmq: 'worker class',
  bull: 'queue',
  amqplib: 'channel',
  'sqs-consumer': 'consumer',
};

/** The label of a handler whose client comes from another file says so: "this kafkajs message from the consumer built in `x`". */
function withSource(found: Handler | null, path: ValuePath | null): Handler | null {
  if (!found || !path?.file) return found;
  const noun = CLIENT_NOUN[found.kind];
  if (!noun) return found;
  const source = ` from the ${noun} built in \`${path.file}\``;
  return { ...found, label: `${found.label}${source}`, source, sourceFile: path.file };
}

export const CONSUMER_MODULES = ['kafkajs', 'bullmq', 'bull', 'amqplib', 'amqplib/callback_api', 'amqp-connection-manager', 'sqs-consumer'];
const RETRY_MODULES = ['p-retry', 'async-retry', 'promise-retry'];
const AMQP_MODULES = ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager'];

const LABELS: Record<HandlerKind, string> = {
  'kafkajs-message': 'this kafkajs message',
  'kafkajs-batch': 'this kafkajs batch',
  bullmq: 'this BullMQ job',
  bull: 'this Bull job',
  amqplib: 'this RabbitMQ message',
  'sqs-consumer': 'this SQS message',
  'sqs-lambda': 'this SQS message',
  'temporal-activity': 'this Temporal activity',
  'p-retry': 'the p-retry callback',
  'async-retry': 'the async-retry callback',
  'promise-retry': 'the promise-retry callback',
  'retry-loop': 'an attempt of this retry loop',
};

const CONSUMERS: ReadonlySet<HandlerKind> = new Set(['kafkajs-message', 'kafkajs-batch', 'bullmq', 'bull', 'amqplib', 'sqs-consumer', 'sqs-lambda']);

function handler(kind: HandlerKind, fn: FunctionNode, idTemplate: string | null, extraNames: string[] = []): Handler {
  const messageNames = [...fn.params.flatMap((p) => boundNames(p)), ...extraNames];
  return { kind, body: fn, fn, label: LABELS[kind], consumer: CONSUMERS.has(kind), messageNames, idTemplate, source: '', sourceFile: null };
}

/** Every handler and retried step in the file, found in one walk and shared by the rules. */
export const handlersOf: (context: LintContext) => Handler[] = perFile(findHandlers);

/** Handlers whose re-run code contains the node, innermost first. */
export function enclosingHandlers(context: LintContext, node: TSESTree.Node): Handler[] {
  return handlersOf(context)
    .filter((h) => node.range[0] >= h.body.range[0] && node.range[1] <= h.body.range[1])
    .sort((a, b) => b.body.range[0] - a.body.range[0]);
}

/** Words an SQS Lambda handler is recognised by: its event type, its handler type, or the `Records` it loops over. */
const LAMBDA_WORDS = /Records|SQSEvent|SQSHandler/;
/** An escape that may stand for a letter (`\u0052`, `\x52`, `\122`, a needless `\R`, a line continuation) hides a word from a text search. */
const SPELLING_ESCAPE = /\\[^bfnrtv'"`$\\]/;

function mayContain(text: string, words: RegExp): boolean {
  return words.test(text) || SPELLING_ESCAPE.test(text);
}

/**
 * Most files that import a consumer library have no handler: a text search for the method each imported library
 * registers handlers with, and for the `try` of a retry loop, skips the walk. Module paths come only from imports,
 * so the helpers and constructors of libraries the file does not import can never match.
 */
function mayHaveWalkedHandlers(context: LintContext, libraries: boolean): boolean {
  const text = context.sourceCode.text;
  if (mayContain(text, /\btry\b/)) return true;
  if (!libraries) return false;
  const imports = importsOf(context);
  if (imports.importsAny(['bullmq', 'sqs-consumer', ...RETRY_MODULES])) return true;
  return (
    (imports.importsAny(['kafkajs']) && mayContain(text, /\brun\b/)) ||
    (imports.importsAny(['bull']) && mayContain(text, /\bprocess\b/)) ||
    (imports.importsAny(AMQP_MODULES) && mayContain(text, /\bconsume\b/))
  );
}

function findHandlers(context: LintContext, program: TSESTree.Program): Handler[] {
  const imports = importsOf(context);
  const handlers: Handler[] = mayContain(context.sourceCode.text, LAMBDA_WORDS) ? lambdaHandlers(program) : [];
  if (imports.importsAny(['@temporalio/activity'])) handlers.push(...temporalActivities(program));
  const libraries = imports.importsAny([...CONSUMER_MODULES, ...RETRY_MODULES]);
  if (!mayHaveWalkedHandlers(context, libraries)) return handlers;
  walk(program, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression && libraries) pushAll(handlers, callHandler(context, node));
    else if (node.type === AST_NODE_TYPES.NewExpression && libraries) pushAll(handlers, newHandler(context, node));
    else if (isLoop(node)) pushAll(handlers, retryLoop(node));
  });
  return handlers;
}

function pushAll(target: Handler[], found: Handler | Handler[] | null): void {
  if (Array.isArray(found)) for (const handler of found) target.push(handler);
  else if (found) target.push(found);
}

function callHandler(context: LintContext, call: TSESTree.CallExpression): Handler | Handler[] | null {
  const name = calleeName(call);
  if (name === 'run') return kafkaRun(context, call, valuePath(context, call.callee));
  if (name === 'process') return bullProcess(context, call, valuePath(context, call.callee));
  if (name === 'consume') return amqpConsume(context, call, valuePath(context, call.callee));
  if (name === 'create') {
    return pathIs(valuePath(context, call.callee), 'sqs-consumer', ['Consumer', 'create']) ? sqsConsumer(context, call.arguments[0]) : null;
  }
  return isImportedName(context, call.callee) ? retryHelper(context, call, valuePath(context, call.callee)) : null;
}

/** Retry helpers are called by their imported name (`pRetry(...)`); checking that first skips tracing every other call. */
function isImportedName(context: LintContext, callee: TSESTree.Node): boolean {
  const n = unwrap(callee);
  return n.type === AST_NODE_TYPES.Identifier && importsOf(context).binding(n.name) !== undefined;
}

function newHandler(context: LintContext, node: TSESTree.NewExpression): Handler | Handler[] | null {
  const name = calleeName(node);
  if (name !== 'Worker' && name !== 'Consumer' && !isImportedName(context, node.callee)) return null;
  const path = valuePath(context, node.callee);
  if (pathIs(path, 'bullmq', ['Worker'])) {
    const fn = resolveFunction(context, node.arguments[1]);
    return fn ? withSource(handler('bullmq', fn, jobId(fn)), path) : null;
  }
  if (pathIs(path, 'sqs-consumer', ['Consumer'])) return withSource(sqsConsumer(context, node.arguments[0]), path);
  return null;
}

/** A callee we could not trace (a parameter, `this.x`) is accepted when the file imports the library. */
function fromLibraryOrUnknown(path: ValuePath | null, modules: readonly string[]): boolean {
  return path === null || path.module === GLOBAL_MODULE || modules.includes(path.module);
}

function kafkaRun(context: LintContext, call: TSESTree.CallExpression, path: ValuePath | null): Handler[] {
  if (!importsOf(context).importsAny(['kafkajs']) || !fromLibraryOrUnknown(path, ['kafkajs'])) return [];
  const config = call.arguments[0];
  const handlers: Handler[] = [];
  const each = resolveFunction(context, objectProperty(config, 'eachMessage')?.value);
  if (each) handlers.push(withSource(handler('kafkajs-message', each, kafkaOffsetId(each)), path) as Handler);
  const batch = resolveFunction(context, objectProperty(config, 'eachBatch')?.value);
  if (batch) handlers.push(withSource(handler('kafkajs-batch', batch, null, batchMessageNames(batch)), path) as Handler);
  return handlers;
}

/** `topic-partition-offset` identifies a Kafka record exactly, across redeliveries. */
function kafkaOffsetId(fn: FunctionNode): string | null {
  const param = fn.params[0];
  if (!param) return null;
  if (param.type === AST_NODE_TYPES.Identifier) return `\${${param.name}.topic}-\${${param.name}.partition}-\${${param.name}.message.offset}`;
  if (param.type !== AST_NODE_TYPES.ObjectPattern) return null;
  const local = (key: string): string | null => {
    const prop = objectPatternProperty(param, key);
    return prop && prop.value.type === AST_NODE_TYPES.Identifier ? prop.value.name : null;
  };
  const topic = local('topic');
  const partition = local('partition');
  const message = local('message');
  return topic && partition && message ? `\${${topic}}-\${${partition}}-\${${message}.offset}` : null;
}

function objectPatternProperty(pattern: TSESTree.ObjectPattern, key: string): TSESTree.Property | null {
  for (const p of pattern.properties) {
    if (p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === key) return p;
  }
  return null;
}

/** In `eachBatch`, the messages are the loop variables over `batch.messages`. */
function batchMessageNames(fn: FunctionNode): string[] {
  const names: string[] = [];
  walk(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.ForOfStatement && node.right.type === AST_NODE_TYPES.MemberExpression && propertyName(node.right) === 'messages') {
      const left = node.left.type === AST_NODE_TYPES.VariableDeclaration ? node.left.declarations[0]?.id : node.left;
      if (left) names.push(...boundNames(left));
    }
  });
  return names;
}

function jobId(fn: FunctionNode): string | null {
  const param = fn.params[0];
  return param?.type === AST_NODE_TYPES.Identifier ? `\${${param.name}.id}` : null;
}

function bullProcess(context: LintContext, call: TSESTree.CallExpression, path: ValuePath | null): Handler | null {
  if (!importsOf(context).importsAny(['bull']) || !fromLibraryOrUnknown(path, ['bull'])) return null;
  if (call.arguments.length === 0 || call.arguments.length > 3) return null;
  const fn = resolveFunction(context, call.arguments[call.arguments.length - 1]);
  return fn ? withSource(handler('bull', fn, jobId(fn)), path) : null;
}

function amqpConsume(context: LintContext, call: TSESTree.CallExpression, path: ValuePath | null): Handler | null {
  if (!importsOf(context).importsAny(AMQP_MODULES) || !fromLibraryOrUnknown(path, AMQP_MODULES)) return null;
  const fn = resolveFunction(context, call.arguments[1]);
  if (!fn) return null;
  const param = fn.params[0];
  const id = param?.type === AST_NODE_TYPES.Identifier ? `\${${param.name}.properties.messageId}` : null;
  return withSource(handler('amqplib', fn, id), path);
}

function sqsConsumer(context: LintContext, options: TSESTree.Node | undefined): Handler | null {
  const fn = resolveFunction(context, objectProperty(options, /^handleMessage(Batch)?$/)?.value);
  if (!fn) return null;
  const param = fn.params[0];
  const single = objectProperty(options, 'handleMessage') !== null;
  const id = single && param?.type === AST_NODE_TYPES.Identifier ? `\${${param.name}.MessageId}` : null;
  return handler('sqs-consumer', fn, id);
}

function retryHelper(context: LintContext, call: TSESTree.CallExpression, path: ValuePath | null): Handler | null {
  for (const kind of ['p-retry', 'async-retry', 'promise-retry'] as const) {
    if (pathIs(path, kind, [])) {
      const fn = resolveFunction(context, call.arguments[0]);
      return fn ? handler(kind, fn, null) : null;
    }
  }
  return null;
}

function temporalActivities(program: TSESTree.Program): Handler[] {
  const handlers: Handler[] = [];
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || !statement.declaration) continue;
    for (const fn of exportedFunctions(statement.declaration)) handlers.push(handler('temporal-activity', fn.fn, null));
  }
  return handlers;
}

function exportedFunctions(declaration: TSESTree.NamedExportDeclarations): { name: string; fn: FunctionNode; declarator?: TSESTree.VariableDeclarator }[] {
  if (declaration.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) return [{ name: declaration.id.name, fn: declaration }];
  if (declaration.type !== AST_NODE_TYPES.VariableDeclaration) return [];
  const out: { name: string; fn: FunctionNode; declarator: TSESTree.VariableDeclarator }[] = [];
  for (const d of declaration.declarations) {
    const init = d.init ? unwrap(d.init) : null;
    if (d.id.type === AST_NODE_TYPES.Identifier && isFunction(init)) out.push({ name: d.id.name, fn: init, declarator: d });
  }
  return out;
}

/** Lambda handlers fed by SQS: typed with `SQSEvent`/`SQSHandler`, or an exported `handler` reading `event.Records[].body`. */
function lambdaHandlers(program: TSESTree.Program): Handler[] {
  const handlers: Handler[] = [];
  for (const candidate of exportedHandlerCandidates(program)) {
    const param = candidate.fn.params[0];
    if (param?.type !== AST_NODE_TYPES.Identifier) continue;
    const typed = typeNameOf(param.typeAnnotation?.typeAnnotation) === 'SQSEvent' || typeNameOf(candidate.declaratorType) === 'SQSHandler';
    if (!typed && candidate.name !== 'handler') continue;
    const records = recordLoopVariable(candidate.fn, param.name);
    if (!typed && !(candidate.name === 'handler' && records && readsBody(candidate.fn))) continue;
    const id = records ? `\${${records}.messageId}` : null;
    handlers.push(handler('sqs-lambda', candidate.fn, id, records ? [records] : []));
  }
  return handlers;
}

interface Candidate {
  name: string;
  fn: FunctionNode;
  declaratorType?: TSESTree.TypeNode;
}

function exportedHandlerCandidates(program: TSESTree.Program): Candidate[] {
  const out: Candidate[] = [];
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration) {
      for (const e of exportedFunctions(statement.declaration)) {
        out.push({ name: e.name, fn: e.fn, declaratorType: declaratorType(e.declarator) });
      }
    }
    const assigned = commonJsExport(statement);
    if (assigned) out.push(assigned);
  }
  return out;
}

function declaratorType(declarator: TSESTree.VariableDeclarator | undefined): TSESTree.TypeNode | undefined {
  return declarator?.id.type === AST_NODE_TYPES.Identifier ? declarator.id.typeAnnotation?.typeAnnotation : undefined;
}

/** `exports.handler = fn` and `module.exports.handler = fn`. */
function commonJsExport(statement: TSESTree.ProgramStatement): Candidate | null {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) return null;
  const { left, right } = statement.expression;
  if (left.type !== AST_NODE_TYPES.MemberExpression || !isFunction(right)) return null;
  const name = propertyName(left);
  const object = unwrap(left.object);
  const isExports =
    (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') ||
    (object.type === AST_NODE_TYPES.MemberExpression && propertyName(object) === 'exports');
  return isExports && name ? { name, fn: right } : null;
}

function typeNameOf(type: TSESTree.TypeNode | undefined): string | null {
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return null;
  return type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : null;
}

/** The loop variable of `for (const r of event.Records)`, or the callback parameter of `event.Records.map(r => ...)`. */
function recordLoopVariable(fn: FunctionNode, eventName: string): string | null {
  let found: string | null = null;
  walk(fn.body, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.ForOfStatement && isRecords(node.right, eventName)) {
      const left = node.left.type === AST_NODE_TYPES.VariableDeclaration ? node.left.declarations[0]?.id : node.left;
      if (left?.type === AST_NODE_TYPES.Identifier) found = left.name;
    }
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && isRecords(node.callee.object, eventName)) {
      const cb = node.arguments[0];
      if (isFunction(cb) && cb.params[0]?.type === AST_NODE_TYPES.Identifier) found = cb.params[0].name;
    }
    return undefined;
  });
  return found;
}

function isRecords(node: TSESTree.Node, eventName: string): boolean {
  const n = unwrap(node);
  return (
    n.type === AST_NODE_TYPES.MemberExpression &&
    propertyName(n) === 'Records' &&
    unwrap(n.object).type === AST_NODE_TYPES.Identifier &&
    (unwrap(n.object) as TSESTree.Identifier).name === eventName
  );
}

function readsBody(fn: FunctionNode): boolean {
  let reads = false;
  walk(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression && propertyName(node) === 'body') reads = true;
    return !reads;
  });
  return reads;
}

function isLoop(node: TSESTree.Node): node is TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement {
  return node.type === AST_NODE_TYPES.ForStatement || node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.DoWhileStatement;
}

/**
 * A hand-written retry loop: the loop body is a `try` that leaves the loop on success (`return`/`break`),
 * and an attempt counter bounds the loop (a counted `for`/`while`, or a counter checked in the `catch`).
 */
function retryLoop(loop: TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement): Handler | null {
  if (loop.body.type !== AST_NODE_TYPES.BlockStatement) return null;
  const attempt = loop.body.body.find((s): s is TSESTree.TryStatement => s.type === AST_NODE_TYPES.TryStatement && s.handler !== null);
  if (!attempt || !attempt.block.body.some(exitsLoop)) return null;
  if (!hasAttemptCounter(loop, attempt)) return null;
  return { kind: 'retry-loop', body: attempt.block, fn: null, label: LABELS['retry-loop'], consumer: false, messageNames: [], idTemplate: null, source: '', sourceFile: null };
}

function exitsLoop(statement: TSESTree.Statement): boolean {
  return statement.type === AST_NODE_TYPES.ReturnStatement || (statement.type === AST_NODE_TYPES.BreakStatement && statement.label === null);
}

function hasAttemptCounter(loop: TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement, attempt: TSESTree.TryStatement): boolean {
  const counted = counterIn(loop.type === AST_NODE_TYPES.ForStatement ? loop.update : null) ?? counterIn(attempt.handler);
  if (!counted) return false;
  const test = loop.test;
  return test === null || isTrue(test) || mentions(test, counted) || mentions(attempt.handler, counted);
}

function isTrue(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && node.value === true;
}

/** The name of a variable incremented in a subtree (`i++`, `attempt += 1`, `tries = tries + 1`). */
function counterIn(root: TSESTree.Node | null): string | null {
  if (!root) return null;
  let name: string | null = null;
  walk(root, (node) => {
    if (name) return false;
    if (node.type === AST_NODE_TYPES.UpdateExpression && node.argument.type === AST_NODE_TYPES.Identifier) name = node.argument.name;
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.Identifier && node.operator !== '=') name = node.left.name;
    return undefined;
  });
  return name;
}

function mentions(root: TSESTree.Node | null, name: string): boolean {
  if (!root) return false;
  let found = false;
  walk(root, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier && node.name === name) found = true;
    return !found;
  });
  return found;
}
