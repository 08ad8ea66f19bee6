import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { boundNames, isFunction, referencedNames, unwrap, walk } from './ast.js';

/** How a name gets its value from other names: a declarator, a loop over them, a callback over them. */
interface Binding {
  from: TSESTree.Node[];
  names: string[];
}

/**
 * The seed names plus every variable in `scope` computed from them: `const raw = message.value.toString()`,
 * `for (const m of batch.messages)`, the parameter of `batch.messages.map((m) => ...)`.
 */
export function derivedNames(scope: TSESTree.Node, seed: Iterable<string>): Set<string> {
  const names = new Set(seed);
  const bindings = bindingsIn(scope);
  for (let pass = 0; pass < 3; pass++) {
    for (const b of bindings) {
      if (b.from.some((f) => intersects(referencedNames(f), names))) for (const n of b.names) names.add(n);
    }
  }
  return names;
}

function bindingsIn(scope: TSESTree.Node): Binding[] {
  const bindings: Binding[] = [];
  walk(scope, (n) => {
    if (n.type === AST_NODE_TYPES.VariableDeclarator && n.init) bindings.push({ from: sources(n.init), names: boundNames(n.id) });
    if (n.type === AST_NODE_TYPES.ForOfStatement) {
      const left = n.left.type === AST_NODE_TYPES.VariableDeclaration ? n.left.declarations[0]?.id : n.left;
      if (left) bindings.push({ from: [n.right], names: boundNames(left) });
    }
    if (n.type === AST_NODE_TYPES.CallExpression && unwrap(n.callee).type === AST_NODE_TYPES.MemberExpression) {
      const receiver = (unwrap(n.callee) as TSESTree.MemberExpression).object;
      for (const arg of n.arguments) if (isFunction(arg)) bindings.push({ from: [receiver], names: arg.params.flatMap((p) => boundNames(p)) });
    }
  });
  return bindings;
}

/**
 * What an initialiser's value comes from. An awaited call that only gets a key built from the data
 * (`await redis.get(\`rules:${order.region}\`)`) returns something fetched, not the data itself.
 */
function sources(init: TSESTree.Expression): TSESTree.Node[] {
  const call = init.type === AST_NODE_TYPES.AwaitExpression ? unwrap(init.argument) : null;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return [init];
  const callee = unwrap(call.callee);
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? [callee.object] : [];
  return [...receiver, ...call.arguments.filter((a) => a.type !== AST_NODE_TYPES.TemplateLiteral && a.type !== AST_NODE_TYPES.BinaryExpression)];
}

export function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}
