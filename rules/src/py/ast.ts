import type { PyNode } from './parser.js';
import type { PyDocument } from './model.js';

/**
 * Field ids of the grammar, looked up once per name: `childForFieldName` searches the grammar's field list on every
 * call, which cost more than the child lookup itself. One grammar is loaded per process, so one table serves.
 */
const fieldIds = new Map<string, number>();

/** `node.childForFieldName(name)`, without the per-call search of the field list. */
export function field(node: PyNode, name: string): PyNode | null {
  let id = fieldIds.get(name);
  if (id === undefined) {
    id = node.tree.language.fields.indexOf(name);
    fieldIds.set(name, id);
  }
  return id < 0 ? null : node.childForFieldId(id);
}

/**
 * How deep the recursive readers below go into nested expressions before giving up (the answer is then "not a
 * plain value"). Real code nests a few levels; a generated `"a" + "b" + ...` of 10,000 terms would otherwise
 * overflow the stack, and an overflow inside a call into WebAssembly leaves the parser's own stack corrupted, so
 * that every later file of the process fails to parse.
 */
export const MAX_NESTING = 200;

/** `a.b.c` for a callee made of names and attributes only; null for anything else (`f().g`, `x[0].g`). */
export function dottedPath(node: PyNode | null, nesting = 0): string | null {
  if (!node || nesting > MAX_NESTING) return null;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedPath(field(node, 'object'), nesting + 1);
    const attribute = field(node, 'attribute');
    return object && attribute ? `${object}.${attribute.text}` : null;
  }
  return null;
}

/*
 * What rules ask about a call (its callee's text and name, its receiver, its arguments, its resolved path) is
 * computed once per call node and shared: every rule and the embedded-SQL pass loop over `doc.calls`, and each
 * answer costs several crossings into WebAssembly. The caches are keyed by node object, so they hit for the nodes
 * of `doc.calls` (and any node a rule keeps) and are dropped with them. Cached values are shared: read-only.
 */
const calleeTexts = new WeakMap<PyNode, string>();
const calleeNames = new WeakMap<PyNode, string | null>();
const receivers = new WeakMap<PyNode, PyNode | null>();
const argumentLists = new WeakMap<PyNode, CallArguments>();
const qualifiedCallees = new WeakMap<PyNode, string | null>();

/** A callee made of names and dots only, up to the parenthesis that opens its arguments. */
const PLAIN_CALLEE = /[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*(?=\s*\()/y;
/** What follows the inner call of a chained callee (`.c` of `a.b(x).c(y)`), up to the parenthesis. */
const CHAINED_CALLEE = /(?:\s*\.\s*[A-Za-z_]\w*)*(?=\s*\()/y;

/**
 * Reads the callee text of each call from the source instead of from its `function` node: one crossing into
 * WebAssembly and a Node less per call, for the calls of a file. `calls` is in source order, outer calls before
 * the calls they contain (tree-sitter's pre-order), so a call whose callee starts with a call (`a.b(x).c(y)`,
 * whose callee `a.b(x).c` starts with `a.b(x)`) is followed by the outermost such call.
 * - A call followed by no call of the same start has a callee without calls at its start; when the source there
 *   is a plain dotted name (`f(`, `df.write.mode(`, with any spaces or line breaks between the parts) up to a
 *   parenthesis, that is exactly the callee's text.
 * - Otherwise the callee is the next call, then attributes or subscripts; when the source after that call is
 *   attributes only (`.c(`), the callee is the text up to there.
 * Anything else (a comment inside the chain, `x[0](`, `"s".join(`) is left to `calleeText`, and so is every call
 * of a tree with errors, where a call node may hold what error recovery put there.
 */
export function primeCalleeTexts(calls: readonly PyNode[], text: string, hasError: boolean): void {
  if (hasError) return;
  for (let i = 0; i < calls.length; i++) {
    const start = calls[i].startIndex;
    const next = calls[i + 1];
    let pattern = PLAIN_CALLEE;
    if (next !== undefined && next.startIndex === start) {
      pattern = CHAINED_CALLEE;
      pattern.lastIndex = next.endIndex;
    } else {
      pattern.lastIndex = start;
    }
    const match = pattern.exec(text);
    if (match) calleeTexts.set(calls[i], text.slice(start, pattern.lastIndex));
  }
}

function calleeText(call: PyNode): string {
  let text = calleeTexts.get(call);
  if (text === undefined) {
    text = field(call, 'function')?.text ?? '';
    calleeTexts.set(call, text);
  }
  return text;
}

/** The name a call ends in: `write` for `df.write(...)`, `f` for `f(...)`, null for `x[0](...)` or `f()(...)`. */
export function calleeName(call: PyNode): string | null {
  let name = calleeNames.get(call);
  if (name === undefined) {
    name = /([A-Za-z_]\w*)\s*$/.exec(calleeText(call))?.[1] ?? null;
    calleeNames.set(call, name);
  }
  return name;
}

/** The object a method is called on: `df.write` for `df.write.mode(...)`; null for a plain function call. */
export function receiver(call: PyNode): PyNode | null {
  let object = receivers.get(call);
  if (object === undefined) {
    const fn = field(call, 'function');
    object = fn?.type === 'attribute' ? field(fn, 'object') : null;
    receivers.set(call, object);
  }
  return object;
}

/**
 * The callee's dotted path with its first name resolved through the imports: `pd.read_sql` under
 * `import pandas as pd` is `pandas.read_sql`; `text` under `from sqlalchemy import text` is `sqlalchemy.text`.
 */
export function qualifiedCallee(doc: PyDocument, call: PyNode): string | null {
  let qualified = qualifiedCallees.get(call);
  if (qualified === undefined) {
    qualified = resolveCallee(doc, call);
    qualifiedCallees.set(call, qualified);
  }
  return qualified;
}

function resolveCallee(doc: PyDocument, call: PyNode): string | null {
  const text = calleeText(call);
  // Names and dots only (a chain may span lines inside parentheses); anything else is not a plain path.
  if (!/^[A-Za-z_][\w.\s]*$/.test(text)) return null;
  const path = text.replace(/\s+/g, '');
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  const bound = doc.imports.get(head);
  if (!bound) return path;
  return dot < 0 ? bound.qualified : bound.qualified + path.slice(dot);
}

/** A call's arguments; shared between the rules that ask (see above), so read-only. */
export interface CallArguments {
  readonly positional: readonly PyNode[];
  readonly keywords: ReadonlyMap<string, PyNode>;
  /** True when `*args` or `**kwargs` may pass arguments not seen here. */
  readonly spread: boolean;
}

export function callArguments(call: PyNode): CallArguments {
  let args = argumentLists.get(call);
  if (args === undefined) {
    args = readArguments(call);
    argumentLists.set(call, args);
  }
  return args;
}

function readArguments(call: PyNode): CallArguments {
  const positional: PyNode[] = [];
  const keywords = new Map<string, PyNode>();
  let spread = false;
  const list = field(call, 'arguments');
  if (list?.type === 'argument_list') {
    for (const arg of list.namedChildren) {
      if (!arg) continue;
      if (arg.type === 'keyword_argument') {
        const name = field(arg, 'name')?.text;
        const value = field(arg, 'value');
        if (name && value) keywords.set(name, value);
      } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
        spread = true;
      } else if (arg.type !== 'comment') {
        positional.push(arg);
      }
    }
  }
  return { positional, keywords, spread };
}

/** The value of a plain string literal (no interpolation), or of `'a' 'b'` / `'a' + 'b'`; null otherwise. */
export function stringValue(node: PyNode | null, nesting = 0): string | null {
  if (!node || nesting > MAX_NESTING) return null;
  if (node.type === 'parenthesized_expression') return stringValue(node.namedChild(0), nesting + 1);
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      const v = part && stringValue(part, nesting + 1);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (node.type === 'binary_operator' && field(node, 'operator')?.type === '+') {
    const left = stringValue(field(node, 'left'), nesting + 1);
    const right = left === null ? null : stringValue(field(node, 'right'), nesting + 1);
    return left !== null && right !== null ? left + right : null;
  }
  if (node.type !== 'string') return null;
  let out = '';
  for (const part of node.namedChildren) {
    if (!part) continue;
    if (part.type === 'interpolation') return null;
    if (part.type === 'string_content') out += part.text;
    else if (part.type === 'escape_sequence') out += part.text;
  }
  return out;
}

/** True for `True`. */
export function isTrue(node: PyNode | null | undefined): boolean {
  return node?.type === 'true';
}

/** The nearest enclosing node of one of these types. */
export function enclosing(node: PyNode, types: ReadonlySet<string>): PyNode | null {
  for (let n = node.parent; n; n = n.parent) if (types.has(n.type)) return n;
  return null;
}

/**
 * What a name stands for when the module assigns it once at top level (`SCHEDULE = "@hourly"`), else the
 * node itself: a value reused by several DAGs is usually a module constant.
 */
export function resolveName(doc: PyDocument, node: PyNode): PyNode {
  if (node.type !== 'identifier') return node;
  let found: PyNode | null = null;
  for (const statement of doc.root.namedChildren) {
    if (statement?.type !== 'expression_statement') continue;
    const assignment = statement.namedChild(0);
    if (assignment?.type !== 'assignment' || field(assignment, 'left')?.text !== node.text) continue;
    if (found) return node;
    found = field(assignment, 'right');
  }
  return found ?? node;
}

/** The number a literal stands for (`5`, `1.5`, `-1`), else null. */
export function numberValue(node: PyNode | null, nesting = 0): number | null {
  if (!node || nesting > MAX_NESTING) return null;
  if (node.type === 'integer' || node.type === 'float') {
    const n = Number(node.text.replace(/_/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  if (node.type === 'unary_operator' && node.text.startsWith('-')) {
    const inner = numberValue(field(node, 'argument'), nesting + 1);
    return inner === null ? null : -inner;
  }
  return null;
}
