import * as fs from 'node:fs';
import * as path from 'node:path';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { registerLintedProgram, textLibrariesOf, TsProjectSession, type ImportKind } from '../../project/ts-project.js';

/** One local name bound to a module, or to one export of it. */
export interface ImportBinding {
  local: string;
  /** The module specifier, normalised (`aws-cdk-lib` sub-namespaces become their own module). */
  module: string;
  /** The export path inside the module: `[]` is the module object (or its default export). */
  path: readonly string[];
  node: TSESTree.Node;
  /** How it was imported; local modules tell a default export from the module object by it. */
  kind: ImportKind;
}

/** A library an imported local binding leads to, and the project file whose code built it. */
export interface LocalLibrary {
  module: string;
  file: string;
}

/** Which libraries a file imports and which local names refer to them. Computed once per file. */
export interface ImportIndex {
  readonly modules: ReadonlySet<string>;
  readonly bindings: ReadonlyMap<string, ImportBinding>;
  /** True when the file imports one of these modules; a name ending in `/*` matches a scope prefix. */
  importsAny(modules: readonly string[]): boolean;
  binding(local: string): ImportBinding | undefined;
  /** The project around the file when it is on disk: local imports are followed through it. */
  readonly project: TsProjectSession | null;
  /** For a name imported from a local module: the libraries its value leads to (empty when none or unknown). */
  localLibraries(local: string): readonly LocalLibrary[];
}

/** `aws-cdk-lib` exports each service as a namespace (`aws_sqs`): treat it as the service module. */
const CDK_NAMESPACE = /^aws_([a-z0-9_]+)$/;

function normalise(module: string, path: readonly string[]): { module: string; path: readonly string[] } {
  if (module === 'aws-cdk-lib' && path.length > 0) {
    const m = CDK_NAMESPACE.exec(path[0]);
    if (m) return { module: `aws-cdk-lib/aws-${m[1].replace(/_/g, '-')}`, path: path.slice(1) };
  }
  const v1 = /^@aws-cdk\/(aws-[a-z0-9-]+)$/.exec(module);
  if (v1) return { module: `aws-cdk-lib/${v1[1]}`, path };
  return { module, path };
}

/** The export path an import specifier names: default and namespace imports are the module itself. */
function specifierKind(spec: TSESTree.ImportClause): ImportKind {
  if (spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return 'namespace';
  if (spec.type === AST_NODE_TYPES.ImportDefaultSpecifier) return 'default';
  return specifierPath(spec).length === 0 ? 'default' : 'named';
}

function specifierPath(spec: TSESTree.ImportClause): string[] {
  if (spec.type === AST_NODE_TYPES.ImportSpecifier) {
    const name = spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : spec.imported.value;
    return name === 'default' ? [] : [name];
  }
  return [];
}

/** `require('m')`, `require('m').X`, `await import('m')`: the module and export path, else null. */
export function requiredModule(node: TSESTree.Node | null | undefined): { module: string; path: string[] } | null {
  if (!node) return null;
  if (node.type === AST_NODE_TYPES.AwaitExpression) return requiredModule(node.argument);
  if (node.type === AST_NODE_TYPES.ImportExpression) {
    return node.source.type === AST_NODE_TYPES.Literal && typeof node.source.value === 'string'
      ? { module: node.source.value, path: [] }
      : null;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    const inner = requiredModule(node.object);
    return inner ? { module: inner.module, path: [...inner.path, node.property.name] } : null;
  }
  if (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    node.arguments[0].type === AST_NODE_TYPES.Literal &&
    typeof node.arguments[0].value === 'string'
  ) {
    return { module: node.arguments[0].value, path: [] };
  }
  return null;
}

class Index implements ImportIndex {
  readonly direct = new Set<string>();
  readonly bindings = new Map<string, ImportBinding>();
  project: TsProjectSession | null = null;
  readonly locals = new Map<string, LocalLibrary[]>();
  /** Names imported from local modules, not yet followed, with the libraries their module's text may lead to. */
  readonly pending = new Map<string, { binding: ImportBinding; text: ReadonlySet<string> | null }>();
  private all: Set<string> | null = null;

  add(local: string, module: string, path: readonly string[], node: TSESTree.Node, kind: ImportKind): void {
    const n = normalise(module, path);
    this.direct.add(n.module);
    this.bindings.set(local, { local, module: n.module, path: n.path, node, kind });
  }

  /** Every module the file's names lead to: its imports, and the libraries its local imports were followed to. */
  get modules(): ReadonlySet<string> {
    if (this.all === null) {
      for (const name of [...this.pending.keys()]) this.follow(name);
      this.all = new Set([...this.direct, ...[...this.locals.values()].flat().map((l) => l.module)]);
    }
    return this.all;
  }

  /** Follows one local import through the project (parsing the modules it needs). */
  private follow(name: string): void {
    const entry = this.pending.get(name);
    if (entry === undefined || this.project === null) return;
    this.pending.delete(name);
    const { binding } = entry;
    const libraries = this.project.librariesOf(binding.module, binding.kind, binding.path);
    if (libraries.length > 0) this.locals.set(name, libraries);
  }

  localLibraries(local: string): readonly LocalLibrary[] {
    this.follow(local);
    return this.locals.get(local) ?? [];
  }

  importsAny(modules: readonly string[]): boolean {
    if (matchesAny(this.direct, modules)) return true;
    if (this.pending.size === 0 && this.locals.size === 0) return false;
    // Only local imports whose modules' text may lead to one of these libraries are followed (and parsed).
    for (const [name, entry] of [...this.pending]) {
      if (entry.text === null || matchesAny(entry.text, modules)) this.follow(name);
    }
    for (const libraries of this.locals.values()) {
      if (matchesAny(new Set(libraries.map((l) => l.module)), modules)) return true;
    }
    return false;
  }

  binding(local: string): ImportBinding | undefined {
    return this.bindings.get(local);
  }
}

/** True when one of `have` is one of `modules`; a name ending in `/*` matches a scope prefix. */
function matchesAny(have: ReadonlySet<string>, modules: readonly string[]): boolean {
  for (const m of modules) {
    if (m.endsWith('/*')) {
      const prefix = m.slice(0, -1);
      for (const h of have) if (h.startsWith(prefix)) return true;
    } else if (have.has(m)) {
      return true;
    }
    // Text-level names are raw specifiers: `aws-cdk-lib` may stand for any of its service modules.
    if (m.startsWith('aws-cdk-lib/') && (have.has('aws-cdk-lib') || [...have].some((h) => h.startsWith('@aws-cdk/')))) return true;
  }
  return false;
}

function addImportDeclaration(index: Index, decl: TSESTree.ImportDeclaration): void {
  if (decl.importKind === 'type') return;
  if (decl.specifiers.length === 0) index.direct.add(normalise(decl.source.value, []).module);
  for (const spec of decl.specifiers) {
    if (spec.type === AST_NODE_TYPES.ImportSpecifier && spec.importKind === 'type') continue;
    index.add(spec.local.name, decl.source.value, specifierPath(spec), spec, specifierKind(spec));
  }
}

function addRequire(index: Index, declarator: TSESTree.VariableDeclarator): void {
  const required = requiredModule(declarator.init);
  if (!required) return;
  if (declarator.id.type === AST_NODE_TYPES.Identifier) {
    index.add(declarator.id.name, required.module, required.path, declarator, 'require');
    return;
  }
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return;
  for (const prop of declarator.id.properties) {
    if (prop.type !== AST_NODE_TYPES.Property || prop.computed || prop.key.type !== AST_NODE_TYPES.Identifier) continue;
    const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
    if (value.type === AST_NODE_TYPES.Identifier) index.add(value.name, required.module, [...required.path, prop.key.name], prop, 'require');
  }
}

function addStatement(index: Index, statement: TSESTree.ProgramStatement): void {
  switch (statement.type) {
    case AST_NODE_TYPES.ImportDeclaration:
      addImportDeclaration(index, statement);
      break;
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
      if (statement.importKind !== 'type' && statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
        const source = statement.moduleReference.expression;
        if (typeof source.value === 'string') index.add(statement.id.name, source.value, [], statement, 'require');
      }
      break;
    case AST_NODE_TYPES.VariableDeclaration:
      for (const declarator of statement.declarations) addRequire(index, declarator);
      break;
    case AST_NODE_TYPES.ExportNamedDeclaration:
      if (statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of statement.declaration.declarations) addRequire(index, declarator);
      }
      break;
    default:
      break;
  }
}

/** Scans only top-level statements: that is where real code imports its clients, and it keeps the scan O(statements). */
export function scanImports(program: TSESTree.Program): ImportIndex {
  const index = new Index();
  for (const statement of program.body) addStatement(index, statement);
  return index;
}

/** The rule context the shared helpers take: any rule's, whatever its messages and options. */
export type LintContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Wraps a whole-file analysis so it runs once per parsed tree, however many rules ask for it. */
export function perFile<T>(analyse: (context: LintContext, program: TSESTree.Program) => T): (context: LintContext) => T {
  const cache = new WeakMap<TSESTree.Program, T>();
  return (context) => {
    const program = context.sourceCode.ast;
    if (!cache.has(program)) cache.set(program, analyse(context, program));
    return cache.get(program) as T;
  };
}

/** The project session of a file on disk, else null: a text linted without a file (a test, stdin) sees only itself. */
export function projectSessionFor(filename: string): TsProjectSession | null {
  if (filename === '' || filename.startsWith('<')) return null;
  try {
    const absolute = path.resolve(filename);
    if (!fs.statSync(absolute).isFile()) return null;
    return new TsProjectSession(absolute);
  } catch {
    return null;
  }
}

/**
 * The file's import index, shared by every rule that runs on the same tree. A name imported from a local module
 * (relative, or mapped by tsconfig `paths`) is followed through the project model: the libraries its value leads to
 * count as imported, so `import { consumer } from './kafka'` makes a kafkajs file.
 */
export const importsOf: (context: LintContext) => ImportIndex = perFile((context, program) => {
  const index = scanImports(program) as Index;
  const session = projectSessionFor(context.filename);
  if (session === null) return index;
  index.project = session;
  registerLintedProgram(session, program, context.sourceCode.text);
  for (const binding of index.bindings.values()) {
    const file = session.resolveFile(binding.module, session.filename);
    if (file === null) continue;
    const text = textLibrariesOf(session, file);
    if (text !== null && text.size === 0) continue;
    index.pending.set(binding.local, { binding, text });
  }
  return index;
});
