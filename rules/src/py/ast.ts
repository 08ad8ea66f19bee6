import type { PyNode } from './parser.js';
import type { PyDocument } from './model.js';

/** `a.b.c` for a callee made of names and attributes only; null for anything else (`f().g`, `x[0].g`). */
export function dottedPath(node: PyNode | null): string | null {
  if (!node) return null;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedPath(node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute');
    return object && attribute ? `${object}.${attribute.text}` : null;
  }
  return null;
}

/** The source of a call's callee; one crossing into WebAssembly, reused by calleeName and qualifiedCallee. */
const calleeTexts = new WeakMap<PyNode, string>();

function calleeText(call: PyNode): string {
  let text = calleeTexts.get(call);
  if (text === undefined) {
    text = call.childForFieldName('function')?.text ?? '';
    calleeTexts.set(call, text);
  }
  return text;
}

/** The name a call ends in: `write` for `df.write(...)`, `f` for `f(...)`, null for `x[0](...)` or `f()(...)`. */
export function calleeName(call: PyNode): string | null {
  return /([A-Za-z_]\w*)\s*$/.exec(calleeText(call))?.[1] ?? null;
}

/** The object a method is called on: `df.write` for `df.write.mode(...)`; null for a plain function call. */
export function receiver(call: PyNode): PyNode | null {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
}

/**
 * The callee's dotted path with its first name resolved through the imports: `pd.read_sql` under
 * `import pandas as pd` is `pandas.read_sql`; `text` under `from sqlalchemy import text` is `sqlalchemy.text`.
 */
export function qualifiedCallee(doc: PyDocument, call: PyNode): string | null {
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

export interface CallArguments {
  positional: PyNode[];
  keywords: Map<string, PyNode>;
  /** True when `*args` or `**kwargs` may pass arguments not seen here. */
  spread: boolean;
}

export function callArguments(call: PyNode): CallArguments {
  const positional: PyNode[] = [];
  const keywords = new Map<string, PyNode>();
  let spread = false;
  const list = call.childForFieldName('arguments');
  if (list?.type === 'argument_list') {
    for (const arg of list.namedChildren) {
      if (!arg) continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
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
export function stringValue(node: PyNode | null): string | null {
  if (!node) return null;
  if (node.type === 'parenthesized_expression') return stringValue(node.namedChild(0));
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      const v = part && stringValue(part);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+') {
    const left = stringValue(node.childForFieldName('left'));
    const right = left === null ? null : stringValue(node.childForFieldName('right'));
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
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== node.text) continue;
    if (found) return node;
    found = assignment.childForFieldName('right');
  }
  return found ?? node;
}

/** The number a literal stands for (`5`, `1.5`, `-1`), else null. */
export function numberValue(node: PyNode | null): number | null {
  if (!node) return null;
  if (node.type === 'integer' || node.type === 'float') {
    const n = Number(node.text.replace(/_/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  if (node.type === 'unary_operator' && node.text.startsWith('-')) {
    const inner = numberValue(node.childForFieldName('argument'));
    return inner === null ? null : -inner;
  }
  return null;
}
