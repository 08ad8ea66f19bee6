import { LineIndex } from '../core/line-index.js';
import type { Span } from '../core/types.js';
import { primeCalleeTexts } from './ast.js';
import { parsePythonTree, type PyNode, type PyTree } from './parser.js';

/** A local name bound by an import: `import pandas as pd` binds `pd` to `pandas`; `from a.b import c` binds `c` to `a.b.c`. */
export interface PyImport {
  local: string;
  /** The dotted path the name stands for. */
  qualified: string;
  /** The module the import reads from (`a.b` for `from a.b import c`). */
  module: string;
}

/** One parsed Python file, with the nodes rules look at gathered in a single walk. */
export interface PyDocument {
  text: string;
  lines: LineIndex;
  tree: PyTree;
  root: PyNode;
  /** Every call, in source order. */
  calls: PyNode[];
  comments: PyNode[];
  /** Outermost ERROR nodes and MISSING nodes: where the parse went wrong. */
  problems: PyNode[];
  imports: ReadonlyMap<string, PyImport>;
  /** Every imported module (both `import x.y` and `from x.y import z` give `x.y`). */
  modules: ReadonlySet<string>;
}

export function spanOf(node: PyNode): Span {
  return { start: node.startIndex, end: node.endIndex };
}

export function parsePython(text: string): PyDocument {
  const tree = parsePythonTree(text);
  // One search in WebAssembly for the kinds rules look at: walking every node from JavaScript costs most of the time.
  const calls: PyNode[] = [];
  const comments: PyNode[] = [];
  const importNodes: PyNode[] = [];
  for (const node of tree.rootNode.descendantsOfType(KEPT_TYPES)) {
    if (!node) continue;
    if (node.type === 'call') calls.push(node);
    else if (node.type === 'comment') comments.push(node);
    else importNodes.push(node);
  }
  const hasError = tree.rootNode.hasError;
  const problems = hasError ? syntaxProblems(tree) : [];
  primeCalleeTexts(calls, text, hasError);
  const { imports, modules } = readImports(importNodes);
  return { text, lines: new LineIndex(text), tree, root: tree.rootNode, calls, comments, problems, imports, modules };
}

const KEPT_TYPES = ['call', 'comment', 'import_statement', 'import_from_statement'];

/** Outermost ERROR nodes and every MISSING node, in source order; only searched for when the tree has an error. */
function syntaxProblems(tree: PyTree): PyNode[] {
  const problems: PyNode[] = [];
  const cursor = tree.walk();
  for (;;) {
    const type = cursor.nodeType;
    const error = type === 'ERROR';
    if (error || cursor.nodeIsMissing) problems.push(cursor.currentNode);
    // An ERROR node is reported once, whole; nothing under it is visited.
    if (!error && cursor.gotoFirstChild()) continue;
    let done = false;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
    if (done) break;
  }
  cursor.delete();
  return problems;
}

function dotted(node: PyNode | null): string | null {
  if (!node) return null;
  if (node.type === 'dotted_name' || node.type === 'identifier') return node.text.replace(/\s+/g, '');
  return null;
}

function readImports(nodes: readonly PyNode[]): { imports: Map<string, PyImport>; modules: Set<string> } {
  const imports = new Map<string, PyImport>();
  const modules = new Set<string>();
  for (const node of nodes) {
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const module = dotted(name.childForFieldName('name'));
          const alias = name.childForFieldName('alias')?.text;
          if (module && alias) {
            modules.add(module);
            imports.set(alias, { local: alias, qualified: module, module });
          }
          continue;
        }
        const module = dotted(name);
        if (!module) continue;
        modules.add(module);
        // `import a.b` binds `a`, through which `a.b.f` is reached.
        const first = module.split('.')[0];
        imports.set(first, { local: first, qualified: first, module });
      }
      continue;
    }
    const module = dotted(node.childForFieldName('module_name'));
    if (!module) continue; // relative imports (`from . import x`) name no library
    modules.add(module);
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      const [imported, local] =
        name.type === 'aliased_import' ? [dotted(name.childForFieldName('name')), name.childForFieldName('alias')?.text ?? null] : [dotted(name), dotted(name)];
      if (imported && local) imports.set(local, { local, qualified: `${module}.${imported}`, module });
    }
  }
  return { imports, modules };
}

/** True when the file imports one of these modules or a submodule of one (`airflow` matches `airflow.models`). */
export function importsAny(doc: PyDocument, modules: readonly string[]): boolean {
  for (const m of doc.modules) {
    for (const wanted of modules) if (m === wanted || m.startsWith(`${wanted}.`)) return true;
  }
  return false;
}

/** Test code (pytest files, a tests/ folder): fixtures create and fill tables that no pipeline re-runs. */
export function isTestFile(filename: string): boolean {
  return /(^|[/\\])(tests?|testing)[/\\]|(^|[/\\])(test_[^/\\]*|[^/\\]*_test|conftest)\.py$/i.test(filename);
}

/**
 * A schema migration (Alembic, Django, a migrations/ folder): the migration tool applies it once and records it,
 * so the SQL in it is not re-run like a pipeline's.
 */
export function isMigrationFile(doc: PyDocument, filename: string): boolean {
  return /(^|[/\\])migrations?[/\\]/i.test(filename) || importsAny(doc, ['alembic', 'django.db.migrations']) || /^from django\.db import[^\n]*\bmigrations\b/m.test(doc.text);
}
