import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** Strips TypeScript-only wrappers, `await`, parentheses-free chains: the value the expression evaluates to. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.AwaitExpression:
        current = current.argument;
        break;
      default:
        return current;
    }
  }
}

/** The static name of a member's property (`a.b`, `a['b']`), else null. */
export function propertyName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  return staticString(node.property);
}

/** The name a call is made by: `f()` -> f, `a.b.c()` -> c. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return propertyName(callee);
  return null;
}

/** `a.b.c` as text for messages; null for anything that is not a plain dotted chain. */
export function dottedName(node: TSESTree.Node): string | null {
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.Identifier) return n.name;
  if (n.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (n.type === AST_NODE_TYPES.MemberExpression) {
    const object = dottedName(n.object);
    const property = propertyName(n);
    return object !== null && property !== null ? `${object}.${property}` : null;
  }
  return null;
}

/** A string literal or a template literal without substitutions, else null. */
export function staticString(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0].value.cooked ?? null;
  return null;
}

export function propertyKey(prop: TSESTree.Property): string | null {
  if (!prop.computed && prop.key.type === AST_NODE_TYPES.Identifier) return prop.key.name;
  return staticString(prop.key);
}

/** The property of an object literal with this key (`{ key: v }`, `{ 'key': v }`, `{ key }`). */
export function objectProperty(node: TSESTree.Node | null | undefined, key: string | RegExp): TSESTree.Property | null {
  if (!node || node.type !== AST_NODE_TYPES.ObjectExpression) return null;
  for (const prop of node.properties) {
    if (prop.type !== AST_NODE_TYPES.Property) continue;
    const name = propertyKey(prop);
    if (name !== null && (typeof key === 'string' ? name === key : key.test(name))) return prop;
  }
  return null;
}

/** True when an object literal spreads another object, so keys we cannot see may be present. */
export function hasSpread(node: TSESTree.ObjectExpression): boolean {
  return node.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement);
}

export function isInside(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  return node.range[0] >= ancestor.range[0] && node.range[1] <= ancestor.range[1];
}

/** Ancestors of a node from its parent outwards, stopping at (and excluding) `stop`. */
export function* ancestors(node: TSESTree.Node, stop?: TSESTree.Node): Generator<TSESTree.Node> {
  let current = node.parent;
  while (current && current !== stop) {
    yield current;
    current = current.parent;
  }
}

/** The nearest enclosing function of a node, or null at module level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (const a of ancestors(node)) if (isFunction(a)) return a;
  return null;
}

// Program's `tokens` and `comments` are not AST nodes, though each has a `type`: a walk from the root would visit every token.
const SKIPPED_KEYS = new Set(['parent', 'loc', 'range', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'decorators', 'tokens', 'comments']);

/** Visits every node below `root` (root included), skipping type annotations. Return false from `visit` to skip a subtree. */
export function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean | void): void {
  if (visit(root) === false) return;
  const record = root as unknown as Record<string, unknown>;
  for (const key in record) {
    if (SKIPPED_KEYS.has(key)) continue;
    const child = record[key];
    if (Array.isArray(child)) {
      for (const c of child) if (isNode(c)) walk(c, visit);
    } else if (isNode(child)) {
      walk(child, visit);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Every node below `root` that satisfies the predicate. */
export function findAll<T extends TSESTree.Node>(root: TSESTree.Node, predicate: (node: TSESTree.Node) => node is T): T[] {
  const found: T[] = [];
  walk(root, (node) => {
    if (predicate(node)) found.push(node);
  });
  return found;
}

export function isCall(node: TSESTree.Node): node is TSESTree.CallExpression {
  return node.type === AST_NODE_TYPES.CallExpression;
}

/** Identifiers read anywhere in a subtree (not property keys of `a.b` or `{ k: v }`). */
export function referencedNames(root: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  walk(root, (node) => {
    if (node.type !== AST_NODE_TYPES.Identifier) return;
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) return;
    if (parent?.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && !parent.shorthand) return;
    names.add(node.name);
  });
  return names;
}

/** Names bound by a parameter or declarator pattern: `job`, `{ message, topic }`, `[a, b]`. */
export function boundNames(pattern: TSESTree.Node): string[] {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return [pattern.name];
    case AST_NODE_TYPES.ObjectPattern:
      return pattern.properties.flatMap((p) => boundNames(p.type === AST_NODE_TYPES.Property ? p.value : p.argument));
    case AST_NODE_TYPES.ArrayPattern:
      return pattern.elements.flatMap((e) => (e ? boundNames(e) : []));
    case AST_NODE_TYPES.AssignmentPattern:
      return boundNames(pattern.left);
    case AST_NODE_TYPES.RestElement:
      return boundNames(pattern.argument);
    case AST_NODE_TYPES.TSParameterProperty:
      return boundNames(pattern.parameter);
    default:
      return [];
  }
}
