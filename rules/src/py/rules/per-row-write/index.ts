import { callArguments, calleeName, enclosing, qualifiedCallee, receiver, stringValue } from '../../ast.js';
import { isTestFile, type PyDocument } from '../../model.js';
import type { PyNode } from '../../parser.js';
import { definePyRule } from '../../rule-api.js';
import docs from './docs.js';

type MessageId = 'insert' | 'update';

const LOOPS = new Set(['for_statement']);
/** Where a loop's body stops being the loop's own code. */
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** One row's INSERT: `INSERT INTO t (...) VALUES (%s, ...)` with a single VALUES tuple. */
const SINGLE_INSERT = /^\s*(?:--[^\n]*\n\s*)*insert\s+(?:into\s+)?([\w."`[\]{}]+)[^;]*?\bvalues\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*(?:on\s+conflict\b[^;]*|on\s+duplicate\s+key\b[^;]*|returning\b[^;]*)?;?\s*$/i;
/** One row's UPDATE: keyed by a placeholder in the WHERE clause. */
const SINGLE_UPDATE = /^\s*update\s+([\w."`[\]{}]+)\s[^;]*?\bset\b[^;]*\bwhere\b[^;]*(?:%s|%\(\w+\)s|\?|:\w+|\$\d)[^;]*;?\s*$/i;
const PLACEHOLDER = /%s|%\(\w+\)s|(?<![\w:]):[A-Za-z_]\w*|\?|\$\d/;

/** Calls in the loop that mean the loop does more than write: it reads per row, or isolates per-row failures. */
const READS = new Set(['fetchone', 'fetchall', 'fetchmany', 'scalar', 'scalar_one', 'scalars', 'first', 'one', 'sleep']);

/** The SQL text of the first argument when it is a literal, a `text("...")` wrapper, or a name assigned one. */
function sqlOf(doc: PyDocument, node: PyNode | undefined, depth = 0): { text: string; interpolated: boolean } | null {
  if (!node) return null;
  if (node.type === 'call') {
    const q = qualifiedCallee(doc, node);
    if (q && /(^|\.)text$/.test(q)) return sqlOf(doc, callArguments(node).positional[0], depth);
    return null;
  }
  if (node.type === 'identifier' && depth < 2) {
    const scope = enclosing(node, SCOPES) ?? doc.root;
    let value: PyNode | null = null;
    for (const a of scope.descendantsOfType('assignment')) {
      if (a && a.startIndex < node.startIndex && a.childForFieldName('left')?.text === node.text) value = a.childForFieldName('right');
    }
    return value ? sqlOf(doc, value, depth + 1) : null;
  }
  const plain = stringValue(node);
  if (plain !== null) return { text: plain, interpolated: false };
  if (node.type === 'string' || node.type === 'concatenated_string') {
    // An f-string: interpolations stand in as `{}`; what they hold decides whether the statement changes per row.
    const parts: string[] = [];
    const walk = (n: PyNode): void => {
      if (n.type === 'string_content' || n.type === 'escape_sequence') parts.push(n.text);
      else if (n.type === 'interpolation') parts.push('{}');
      else for (const c of n.namedChildren) if (c) walk(c);
    };
    walk(node);
    return { text: parts.join(''), interpolated: true };
  }
  return null;
}

function tryBetween(call: PyNode, loop: PyNode): boolean {
  for (let n = call.parent; n && n.id !== loop.id; n = n.parent) {
    if (n.type === 'try_statement') return true;
  }
  return false;
}

/** The calls that belong to a loop (not to a function defined inside it). */
function callsIn(doc: PyDocument, loop: PyNode): PyNode[] {
  return doc.calls.filter((c) => c.startIndex >= loop.startIndex && c.endIndex <= loop.endIndex && innermostLoop(c)?.id === loop.id);
}

function innermostLoop(node: PyNode): PyNode | null {
  for (let n = node.parent; n; n = n.parent) {
    if (SCOPES.has(n.type)) return null;
    if (LOOPS.has(n.type)) return n;
  }
  return null;
}

/**
 * A loop over a message consumer (`for message in consumer:`, kafka-python's iterator) writes each message as it
 * arrives: there is no list of rows in hand to batch, and buffering them trades latency and commit safety.
 */
function overConsumer(doc: PyDocument, loop: PyNode): boolean {
  const iterable = loop.childForFieldName('right');
  if (!iterable) return false;
  if (/consumer/i.test(iterable.text)) return true;
  if (iterable.type !== 'identifier') return false;
  const scope = enclosing(loop, SCOPES) ?? doc.root;
  return scope.descendantsOfType('assignment').some((a) => {
    if (!a || a.childForFieldName('left')?.text !== iterable.text) return false;
    const right = a.childForFieldName('right');
    return right?.type === 'call' && /Consumer$/.test(calleeName(right) ?? '');
  });
}

export default definePyRule<Record<string, never>, MessageId>({
  meta: {
    id: 'per-row-write',
    language: 'py',
    concept: 'backpressure',
    defaultSeverity: 'hint',
    messages: {
      insert: 'One INSERT into {{table}} per loop iteration: every row pays a round trip to the database. Collect the rows and write them in one call (`executemany`, `execute_values`, COPY).',
      update: 'One UPDATE of {{table}} per loop iteration: every row pays a round trip to the database. Send the rows in one statement (`UPDATE ... FROM (VALUES ...)`, `execute_values`, `executemany`).',
    },
    docs,
  },
  relevant: (text) => /\.execute\(/.test(text) && /\bfor\b/.test(text),
  check(context) {
    const { doc } = context;
    if (isTestFile(context.filename)) return;
    for (const call of doc.calls) {
      if (calleeName(call) !== 'execute' || !receiver(call)) continue;
      const loop = innermostLoop(call);
      if (!loop) continue;
      const args = callArguments(call);
      const sql = sqlOf(doc, args.positional[0]);
      if (!sql) continue;
      const insert = SINGLE_INSERT.exec(sql.text);
      const update = insert ? null : SINGLE_UPDATE.exec(sql.text);
      const match = insert ?? update;
      if (!match) continue;
      // The table changes with the loop (`INSERT INTO {table}`): one statement per table, not per row.
      if (/[{}]/.test(match[1])) continue;
      const values = args.positional[1] ?? args.keywords.get('parameters') ?? args.keywords.get('params') ?? args.keywords.get('vars');
      // Values bound per row, or formatted into the string (an f-string VALUES list).
      if (!(values && PLACEHOLDER.test(sql.text)) && !(sql.interpolated && insert)) continue;
      if (tryBetween(call, loop) || overConsumer(doc, loop)) continue;
      const others = callsIn(doc, loop).filter((c) => c.id !== call.id);
      // The loop reads per row (a fetch, another query) or waits on purpose: the write is not its only round trip.
      if (others.some((c) => READS.has(calleeName(c) ?? '') || (calleeName(c) === 'execute' && receiver(c)))) continue;
      const table = match[1].replace(/["`[\]]/g, '');
      const at = call.childForFieldName('function') ?? call;
      context.report({ node: at, messageId: insert ? 'insert' : 'update', data: { table: `\`${table}\`` } });
    }
  },
});
