import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isInside, propertyName, unwrap } from './ast.js';
import { importsOf, type ImportBinding, type LintContext } from './imports.js';

/** A call: `f()` appends this step. */
export const CALL = '()';
/** A construction: `new C()` appends this step. */
export const NEW = 'new';

/** Where a value comes from: a module (or `global`) and the steps taken from it (`Kafka`, `new`, `consumer`, `()`). */
export interface ValuePath {
  module: string;
  steps: readonly string[];
  /** When the value was built in a local module (followed through the project model): that file, project-relative. */
  file?: string;
}

/** While resolving: the local import the path starts at, to be followed through the project once the steps are known. */
interface PendingPath extends ValuePath {
  local?: ImportBinding;
}

export const GLOBAL_MODULE = 'global';

const MAX_DEPTH = 12;

/**
 * Follows an expression back to what created it within this file: `consumer.run` where
 * `const consumer = kafka.consumer(...)` and `const kafka = new Kafka(...)` resolves to
 * `kafkajs: Kafka new consumer () run`. Only `const` (or never reassigned) variables are followed.
 */
export function valuePath(context: LintContext, node: TSESTree.Node): ValuePath | null {
  const path = resolve(context, node, 0);
  if (path?.local === undefined) return path;
  const binding = path.local;
  const project = importsOf(context).project;
  const fact = project?.isLocal(binding.module) ? project.resolveImport(binding.module, binding.kind, binding.path, path.steps.slice(binding.path.length)) : null;
  // A local value that leads to no known library keeps its local module: no library's pattern matches it.
  return fact ? { module: fact.module, steps: fact.steps, file: fact.file } : { module: path.module, steps: path.steps };
}

function resolve(context: LintContext, node: TSESTree.Node, depth: number): PendingPath | null {
  if (depth > MAX_DEPTH) return null;
  const n = unwrap(node);
  switch (n.type) {
    case AST_NODE_TYPES.Identifier:
      return resolveIdentifier(context, n, depth);
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(n);
      const object = name === null ? null : resolve(context, n.object, depth + 1);
      return object && name !== null ? { ...object, steps: [...object.steps, name] } : null;
    }
    case AST_NODE_TYPES.CallExpression:
      return append(resolve(context, n.callee, depth + 1), CALL);
    case AST_NODE_TYPES.NewExpression:
      return append(resolve(context, n.callee, depth + 1), NEW);
    default:
      return null;
  }
}

function append(path: PendingPath | null, step: string): PendingPath | null {
  return path ? { ...path, steps: [...path.steps, step] } : null;
}

function resolveIdentifier(context: LintContext, id: TSESTree.Identifier, depth: number): PendingPath | null {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(id), id);
  if (!variable || variable.defs.length === 0) return { module: GLOBAL_MODULE, steps: [id.name] };
  const binding = importsOf(context).binding(id.name);
  const def = variable.defs[0];
  if (binding && isInside(binding.node, def.node)) {
    const local = importsOf(context).project?.isLocal(binding.module) ? binding : undefined;
    return local ? { module: binding.module, steps: binding.path, local } : { module: binding.module, steps: binding.path };
  }
  if (variable.defs.length !== 1 || def.type !== 'Variable') return null;
  const declarator = def.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return null;
  const writes = variable.references.filter((r) => r.isWrite()).length;
  if (writes > 1) return null;
  return resolve(context, declarator.init, depth + 1);
}

/** Step patterns: a string matches itself, a RegExp tests the step, `'*'` matches any one step. */
export type StepPattern = string | RegExp;

function stepMatches(step: string, pattern: StepPattern): boolean {
  if (pattern === '*') return true;
  return typeof pattern === 'string' ? step === pattern : pattern.test(step);
}

/** True when the path starts in one of `modules` and its steps equal `steps` exactly. */
export function pathIs(path: ValuePath | null, modules: string | readonly string[], steps: readonly StepPattern[]): boolean {
  if (!path || !moduleMatches(path.module, modules)) return false;
  return path.steps.length === steps.length && steps.every((p, i) => stepMatches(path.steps[i], p));
}

/** True when the path starts in one of `modules` and ends with `steps` (any prefix before them). */
export function pathEndsWith(path: ValuePath | null, modules: string | readonly string[], steps: readonly StepPattern[]): boolean {
  if (!path || !moduleMatches(path.module, modules) || path.steps.length < steps.length) return false;
  const offset = path.steps.length - steps.length;
  return steps.every((p, i) => stepMatches(path.steps[offset + i], p));
}


function moduleMatches(module: string, modules: string | readonly string[]): boolean {
  const list = typeof modules === 'string' ? [modules] : modules;
  return list.some((m) => (m.endsWith('/*') ? module.startsWith(m.slice(0, -1)) : module === m));
}

/** The function a callback argument refers to: an inline function, or a `const`/function declared in this file. */
export function resolveFunction(
  context: LintContext,
  node: TSESTree.Node | null | undefined,
): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration | null {
  if (!node) return null;
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.ArrowFunctionExpression || n.type === AST_NODE_TYPES.FunctionExpression) return n;
  if (n.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(n), n);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return null;
  if (def.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
  if (def.type === 'Variable' && def.node.init) {
    const init = unwrap(def.node.init);
    if (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) return init;
  }
  return null;
}

/** The initialiser of a `const` (or never reassigned) variable an identifier refers to. */
export function resolveInitializer(context: LintContext, node: TSESTree.Node): TSESTree.Expression | null {
  const n = unwrap(node);
  if (n.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(n), n);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0];
  if (def.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  if (variable.references.filter((r) => r.isWrite()).length > 1) return null;
  return def.node.init;
}

/** An object literal, directly or through a `const` that holds one. */
export function resolveObject(context: LintContext, node: TSESTree.Node | null | undefined): TSESTree.ObjectExpression | null {
  if (!node) return null;
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.ObjectExpression) return n;
  const init = resolveInitializer(context, n);
  return init && unwrap(init).type === AST_NODE_TYPES.ObjectExpression ? (unwrap(init) as TSESTree.ObjectExpression) : null;
}
