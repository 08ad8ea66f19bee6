import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { unwrap } from '../ts/util/ast.js';

/**
 * The TypeScript / JavaScript project around a linted file: what its local modules export, followed through ESM
 * `import`/`export`, re-exports, `export default`, CommonJS `require`/`module.exports`/`exports.x`, factory
 * functions that return a client, class fields set in a constructor, and tsconfig `paths`.
 *
 * A neighbour module is read from disk (by the CLI, the language server and the ESLint plugin alike), parsed with
 * typescript-estree without type information, and cached by path, mtime and size. One lint follows at most
 * MAX_FILES_PER_LINT modules and MAX_IMPORT_HOPS imports deep; what was cut off is noted on the linted file.
 * Import cycles end where a value is asked for while it is being worked out: it is then unknown.
 */

/** Steps of a value path, as in rules/src/ts/util/values.ts: a call and a construction. */
const CALL = '()';
const NEW = 'new';

/** A value that comes from a library, worked out through local modules. */
export interface LibraryFact {
  module: string;
  steps: string[];
  /** The local module whose code built the value, relative to the project root, `/`-separated. */
  file: string;
}

/** How a local name was imported: the module object, its default export, or one named export. */
export type ImportKind = 'namespace' | 'default' | 'named' | 'require';

/** How many directories above the file `package.json` / `tsconfig.json` are looked for. */
export const MAX_PROJECT_DEPTH = 8;
/** Local modules one lint reads at most. */
export const MAX_FILES_PER_LINT = 64;
/** Imports followed one after another at most (`a` imports `b` imports `c` ... ). */
export const MAX_IMPORT_HOPS = 8;
/** Modules larger than this are not read. */
export const MAX_MODULE_BYTES = 512 * 1024;
/** Expression steps worked out per question at most (guards pathological code). */
const MAX_EVAL_DEPTH = 60;

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Libraries the rules key on. A local module whose text imports none of them (directly or through its own local
 * imports) cannot turn a binding into a client the rules know, and is not parsed.
 */
export const TRACKED_LIBRARIES: readonly string[] = [
  'kafkajs', 'amqplib', 'amqp-connection-manager', 'sqs-consumer', 'bullmq', 'bull', 'aws-sdk', '@aws-sdk/',
  'aws-cdk-lib', '@aws-cdk/', '@temporalio/', 'pg', 'pg-pool', 'pg-promise', 'postgres', 'slonik', '@neondatabase/serverless',
  '@vercel/postgres', 'mysql', 'mysql2', 'mssql', 'better-sqlite3', 'knex', '@prisma/client', 'sequelize', 'typeorm',
  'mongodb', 'mongoose', 'redis', 'ioredis', 'stream', 'node:stream', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises',
  'nodemailer', '@sendgrid/mail', 'stripe', 'axios', 'got', 'undici', 'node-fetch', 'p-retry', 'async-retry', 'promise-retry',
  'p-limit', 'p-queue', 'bottleneck', 'twilio', 'express', 'fastify', 'koa', '@nestjs/common',
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const TRACKED_TEXT = new RegExp(
  `['"\`](?:${TRACKED_LIBRARIES.map((m) => (m.endsWith('/') ? escapeRegExp(m) : `${escapeRegExp(m)}(?=['"\`/])`)).join('|')})`,
);
const TRACKED_NAME = new RegExp(
  `^(?:${TRACKED_LIBRARIES.map((m) => (m.endsWith('/') ? `${escapeRegExp(m)}.*` : `${escapeRegExp(m)}(?:/.*)?`)).join('|')})$`,
);
/** Module specifiers in `from '...'`, `require('...')`, `import('...')`, `export ... from '...'`. */
const SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

// ---------------------------------------------------------------------------------------------------------------
// The project: root and tsconfig paths

interface PathsConfig {
  /** Absolute directory the `paths` substitutions are relative to. */
  base: string;
  baseUrl: string | null;
  paths: { pattern: string; targets: string[] }[];
}

interface StatKey {
  mtimeMs: number;
  size: number;
}

function statFile(file: string): fs.Stats | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}

/** The nearest directory at or above the file's with a `package.json` or `tsconfig.json`, else the file's own. */
export function findTsProjectRoot(filename: string): string {
  let dir = path.dirname(filename);
  for (let depth = 0; depth <= MAX_PROJECT_DEPTH; depth++) {
    if (statFile(path.join(dir, 'package.json')) !== null || statFile(path.join(dir, 'tsconfig.json')) !== null) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.dirname(filename);
}

const tsconfigCache = new Map<string, StatKey & { config: PathsConfig | null }>();

function readTsconfig(file: string, hops: number): PathsConfig | null {
  const stat = statFile(file);
  if (stat === null || stat.size > MAX_MODULE_BYTES) return null;
  const cached = tsconfigCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.config;
  let config: PathsConfig | null = null;
  try {
    // typescript-estree has loaded TypeScript already; its reader takes the comments and trailing commas of tsconfig files.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as typeof import('typescript');
    const parsed = ts.parseConfigFileTextToJson(file, fs.readFileSync(file, 'utf8'));
    const json = parsed.config as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
    const dir = path.dirname(file);
    let inherited: PathsConfig | null = null;
    if (typeof json?.extends === 'string' && json.extends.startsWith('.') && hops < 3) {
      const target = path.resolve(dir, json.extends);
      inherited = readTsconfig(target.endsWith('.json') ? target : `${target}.json`, hops + 1);
    }
    const options = json?.compilerOptions ?? {};
    const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : (inherited?.baseUrl ?? null);
    const paths: PathsConfig['paths'] = [];
    if (options.paths && typeof options.paths === 'object') {
      for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
        if (Array.isArray(targets)) paths.push({ pattern, targets: targets.filter((t): t is string => typeof t === 'string') });
      }
    }
    const ownPaths = paths.length > 0;
    config = {
      base: ownPaths ? (baseUrl ?? dir) : (inherited?.base ?? baseUrl ?? dir),
      baseUrl,
      paths: ownPaths ? paths : (inherited?.paths ?? []),
    };
  } catch {
    config = null;
  }
  tsconfigCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, config });
  return config;
}

/** The tsconfig.json nearest the file (up to the root), its `baseUrl` and `paths`. */
function pathsConfigFor(filename: string, root: string): PathsConfig | null {
  let dir = path.dirname(filename);
  for (let depth = 0; depth <= MAX_PROJECT_DEPTH; depth++) {
    const file = path.join(dir, 'tsconfig.json');
    if (statFile(file) !== null) return readTsconfig(file, 0);
    if (dir === root) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  return null;
}

function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/** The file a path without extension stands for: itself, with a source extension, `.js` written for `.ts`, or an index. */
function fileFor(base: string): string | null {
  const candidates: string[] = [];
  const ext = path.extname(base);
  if (SOURCE_EXTENSIONS.includes(ext)) {
    candidates.push(base);
    // ESM TypeScript imports name the emitted file: `./client.js` is `./client.ts`.
    const stem = base.slice(0, -ext.length);
    if (ext === '.js' || ext === '.jsx') candidates.push(`${stem}.ts`, `${stem}.tsx`);
    if (ext === '.mjs') candidates.push(`${stem}.mts`);
    if (ext === '.cjs') candidates.push(`${stem}.cts`);
  } else {
    for (const e of SOURCE_EXTENSIONS) candidates.push(`${base}${e}`);
  }
  for (const e of SOURCE_EXTENSIONS) candidates.push(path.join(base, `index${e}`));
  for (const candidate of candidates) {
    if (candidate.endsWith('.d.ts')) continue;
    if (statFile(candidate) !== null) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Module summaries

type Decl =
  | { kind: 'import'; specifier: string; importKind: ImportKind; path: string[] }
  | { kind: 'var'; declarator: TSESTree.VariableDeclarator; name: string }
  | { kind: 'function'; node: TSESTree.FunctionDeclaration }
  | { kind: 'class'; node: TSESTree.ClassDeclaration };

type Export =
  | { kind: 'local'; name: string }
  | { kind: 'expr'; node: TSESTree.Node }
  | { kind: 'reexport'; specifier: string; path: string[] };

interface ModuleSummary extends StatKey {
  file: string;
  /** Null when the module does not parse or imports no tracked library, directly or locally. */
  program: TSESTree.Program | null;
  top: Map<string, Decl>;
  /** Type-only imports, for type annotations (`let ch: amqp.Channel`). */
  typeImports: Map<string, Decl>;
  /** `x = <expr>` anywhere in the module, for top-level names declared without a useful initialiser. */
  assignments: Map<string, { value: TSESTree.Node; functions: FunctionNode[] }[]>;
  exports: Map<string, Export>;
  starExports: string[];
  /** `module.exports = <expr>`: what `require()` and a default import give. */
  moduleExports: TSESTree.Node | null;
  /** Specifiers of the module's own imports, for the text-level library test. */
  specifiers: string[];
  tracksLibrary: boolean;
  /** The text until the module is parsed (only modules that may lead to a tracked library are). */
  text: string | null;
  parsed: boolean;
  /** When the mtime and size were last compared with the disk. */
  checkedAt: number;
  /** The tree the linter parsed for this file, when it was linted in this process with the text on disk. */
  lintedProgram: TSESTree.Program | null;
}

/**
 * Hands the project model the tree the linter parsed for a file on disk, so that a later lint importing it does
 * not parse it again. Kept only when the linted text is the file's (same size on disk).
 */
export function registerLintedProgram(session: TsProjectSession, program: TSESTree.Program, text: string): void {
  const file = session.filename;
  const existing = summaryCache.get(file);
  if (existing?.parsed) return;
  const stat = statFile(file);
  if (stat === null || stat.size !== Buffer.byteLength(text) || stat.size > MAX_MODULE_BYTES) return;
  const tracksLibrary = TRACKED_TEXT.test(text);
  // A module that leads to no tracked library is never evaluated by an importer: keeping its tree would only hold
  // memory (the whole linted tree, tokens and comments). Should a neighbour change so that it does, it is read again.
  if (!tracksLibrary && textLibrariesOf(session, file)?.size === 0) return;
  const summary = emptySummary(file, stat, specifiersOf(text), tracksLibrary);
  summary.lintedProgram = program;
  if (summaryCache.size >= SUMMARY_CACHE_LIMIT) summaryCache.delete(summaryCache.keys().next().value as string);
  summaryCache.set(file, summary);
}

/** Parses a summary's module on first use (or summarises the tree the linter parsed, when it was linted itself). */
function ensureParsed(summary: ModuleSummary): ModuleSummary {
  if (summary.parsed) return summary;
  summary.parsed = true;
  const text = summary.text;
  summary.text = null;
  const linted = summary.lintedProgram;
  summary.lintedProgram = null;
  if (linted) {
    summarise(summary, linted);
    return summary;
  }
  if (text === null) return summary;
  try {
    const ext = path.extname(summary.file).toLowerCase();
    const program = parse(text, { jsx: ext === '.tsx' || ext === '.jsx' || ext === '.js', range: true, loc: false, comment: false });
    summarise(summary, program);
  } catch {
    summary.program = null;
  }
  return summary;
}

const summaryCache = new Map<string, ModuleSummary>();
const SUMMARY_CACHE_LIMIT = 3000;

/**
 * How long "no file answers this specifier" is trusted without looking again: a new file in the editor is seen
 * within this time. Modules found are checked by mtime and size once per lint.
 */
export const DISK_TRUST_MS = 5000;

function fresh(at: number): boolean {
  return Date.now() - at < DISK_TRUST_MS;
}

/**
 * Bumped whenever a module read before is found changed or gone, or a specifier that found no file finds one:
 * what was worked out from the old state of the disk (the text closures) is then stale.
 */
let generation = 0;

function specifiersOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) out.push(m[2]);
  return out;
}

function readModuleText(file: string, stat: fs.Stats): string | null {
  if (stat.size > MAX_MODULE_BYTES) return null;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function emptySummary(file: string, stat: StatKey, specifiers: string[], tracksLibrary: boolean): ModuleSummary {
  return {
    file,
    mtimeMs: stat.mtimeMs,
    size: stat.size,
    program: null,
    top: new Map(),
    typeImports: new Map(),
    assignments: new Map(),
    exports: new Map(),
    starExports: [],
    moduleExports: null,
    specifiers,
    tracksLibrary,
    text: null,
    parsed: false,
    checkedAt: Date.now(),
    lintedProgram: null,
  };
}

/** The summary of a module, parsed only when its text imports a tracked library or another local module. */
function summaryOf(file: string, checked?: Set<string>): ModuleSummary | null {
  const cached = summaryCache.get(file);
  if (cached && checked?.has(file)) return cached;
  const stat = statFile(file);
  checked?.add(file);
  if (stat === null) {
    if (cached) {
      summaryCache.delete(file);
      generation++;
    }
    return null;
  }
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    cached.checkedAt = Date.now();
    return cached;
  }
  if (cached) generation++;
  const text = readModuleText(file, stat);
  let summary: ModuleSummary;
  if (text === null) summary = emptySummary(file, stat, [], false);
  else {
    const specifiers = specifiersOf(text);
    const tracksLibrary = TRACKED_TEXT.test(text);
    summary = emptySummary(file, stat, specifiers, tracksLibrary);
    summary.text = text;
  }
  if (summaryCache.size >= SUMMARY_CACHE_LIMIT) summaryCache.delete(summaryCache.keys().next().value as string);
  summaryCache.set(file, summary);
  return summary;
}

function stringValue(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0].value.cooked ?? null;
  return null;
}

function keyName(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return stringValue(node);
}

/** `require('m')` and `require('m').a.b`: the specifier and the path into the module. */
function requireOf(node: TSESTree.Node | null | undefined): { specifier: string; path: string[] } | null {
  const n = node ? unwrap(node) : null;
  if (!n) return null;
  if (n.type === AST_NODE_TYPES.MemberExpression && !n.computed && n.property.type === AST_NODE_TYPES.Identifier) {
    const inner = requireOf(n.object);
    return inner ? { specifier: inner.specifier, path: [...inner.path, n.property.name] } : null;
  }
  if (n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.Identifier && n.callee.name === 'require' && n.arguments.length === 1) {
    const specifier = stringValue(n.arguments[0]);
    return specifier === null ? null : { specifier, path: [] };
  }
  return null;
}

/** `exports.x`, `module.exports.x`, `module.exports`: the exported name, '' for the whole object, else null. */
function commonJsTarget(node: TSESTree.Node): string | null {
  if (node.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = node.computed ? stringValue(node.property) : node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : null;
  if (name === null) return null;
  const object = node.object;
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && name === 'exports') return '';
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') return name;
  if (commonJsTarget(object) === '') return name;
  return null;
}

function addDeclaration(summary: ModuleSummary, node: TSESTree.Node, exported: boolean): void {
  switch (node.type) {
    case AST_NODE_TYPES.VariableDeclaration:
      for (const declarator of node.declarations) {
        const required = requireOf(declarator.init);
        if (declarator.id.type === AST_NODE_TYPES.Identifier) {
          const name = declarator.id.name;
          summary.top.set(name, required ? { kind: 'import', specifier: required.specifier, importKind: 'require', path: required.path } : { kind: 'var', declarator, name });
          if (exported) summary.exports.set(name, { kind: 'local', name });
        } else if (declarator.id.type === AST_NODE_TYPES.ObjectPattern && required) {
          for (const prop of declarator.id.properties) {
            if (prop.type !== AST_NODE_TYPES.Property || prop.computed) continue;
            const key = keyName(prop.key);
            const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
            if (key === null || value.type !== AST_NODE_TYPES.Identifier) continue;
            summary.top.set(value.name, { kind: 'import', specifier: required.specifier, importKind: 'require', path: [...required.path, key] });
            if (exported) summary.exports.set(value.name, { kind: 'local', name: value.name });
          }
        }
      }
      break;
    case AST_NODE_TYPES.FunctionDeclaration:
      if (node.id) {
        summary.top.set(node.id.name, { kind: 'function', node });
        if (exported) summary.exports.set(node.id.name, { kind: 'local', name: node.id.name });
      }
      break;
    case AST_NODE_TYPES.ClassDeclaration:
      if (node.id) {
        summary.top.set(node.id.name, { kind: 'class', node });
        if (exported) summary.exports.set(node.id.name, { kind: 'local', name: node.id.name });
      }
      break;
    default:
      break;
  }
}

function summarise(summary: ModuleSummary, program: TSESTree.Program): void {
  summary.program = program;
  for (const statement of program.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ImportDeclaration: {
        const target = statement.importKind === 'type' ? summary.typeImports : summary.top;
        for (const spec of statement.specifiers) {
          const table = spec.type === AST_NODE_TYPES.ImportSpecifier && spec.importKind === 'type' ? summary.typeImports : target;
          if (spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
            table.set(spec.local.name, { kind: 'import', specifier: statement.source.value, importKind: 'namespace', path: [] });
          } else if (spec.type === AST_NODE_TYPES.ImportDefaultSpecifier) {
            table.set(spec.local.name, { kind: 'import', specifier: statement.source.value, importKind: 'default', path: [] });
          } else {
            const name = keyName(spec.imported) ?? spec.local.name;
            const kind: ImportKind = name === 'default' ? 'default' : 'named';
            table.set(spec.local.name, { kind: 'import', specifier: statement.source.value, importKind: kind, path: name === 'default' ? [] : [name] });
          }
        }
        break;
      }
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
          const specifier = stringValue(statement.moduleReference.expression);
          if (specifier !== null) summary.top.set(statement.id.name, { kind: 'import', specifier, importKind: 'require', path: [] });
        }
        break;
      case AST_NODE_TYPES.ExportNamedDeclaration:
        if (statement.exportKind === 'type') break;
        if (statement.declaration) addDeclaration(summary, statement.declaration, true);
        for (const spec of statement.specifiers) {
          if (spec.exportKind === 'type') continue;
          const local = keyName(spec.local);
          const exported = keyName(spec.exported);
          if (local === null || exported === null) continue;
          if (statement.source) {
            summary.exports.set(exported, { kind: 'reexport', specifier: statement.source.value, path: local === 'default' ? [] : [local] });
          } else summary.exports.set(exported, { kind: 'local', name: local });
        }
        break;
      case AST_NODE_TYPES.ExportAllDeclaration:
        if (statement.exportKind === 'type') break;
        if (statement.exported) {
          const name = keyName(statement.exported);
          if (name !== null) summary.exports.set(name, { kind: 'reexport', specifier: statement.source.value, path: ['*'] });
        } else summary.starExports.push(statement.source.value);
        break;
      case AST_NODE_TYPES.ExportDefaultDeclaration: {
        const d = statement.declaration;
        if ((d.type === AST_NODE_TYPES.FunctionDeclaration || d.type === AST_NODE_TYPES.ClassDeclaration) && d.id) {
          addDeclaration(summary, d, false);
          summary.exports.set('default', { kind: 'local', name: d.id.name });
        } else summary.exports.set('default', { kind: 'expr', node: d });
        break;
      }
      case AST_NODE_TYPES.TSExportAssignment:
        summary.moduleExports = statement.expression;
        break;
      default:
        addDeclaration(summary, statement, false);
        break;
    }
  }
  // CommonJS exports and assignments to top-level names, anywhere in the module, with the functions around them.
  const walkAssignments = (node: TSESTree.Node, functions: FunctionNode[]): void => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') {
      const target = commonJsTarget(node.left);
      if (target === '') summary.moduleExports = node.right;
      else if (target !== null) summary.exports.set(target, { kind: 'expr', node: node.right });
      else if (node.left.type === AST_NODE_TYPES.Identifier) {
        const list = summary.assignments.get(node.left.name) ?? [];
        list.push({ value: node.right, functions });
        summary.assignments.set(node.left.name, list);
      }
    }
    const inner = isFunctionNode(node) ? [...functions, node] : functions;
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'range' || key === 'loc' || key === 'typeAnnotation' || key === 'returnType') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) walkAssignments(item as TSESTree.Node, inner);
      } else if (isNode(value)) walkAssignments(value as TSESTree.Node, inner);
    }
  };
  walkAssignments(program, []);
}

/** Every node below `root`, depth first (keys that hold child nodes only). */
function visit(root: TSESTree.Node, fn: (node: TSESTree.Node) => void | false): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (fn(node) === false) continue;
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'range' || key === 'loc' || key === 'typeAnnotation' || key === 'returnType') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i] as TSESTree.Node);
      } else if (isNode(value)) stack.push(value as TSESTree.Node);
    }
  }
}

function isNode(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}


// ---------------------------------------------------------------------------------------------------------------
// Evaluation: what a value in a local module is

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

interface Scope {
  mod: ModuleSummary;
  locals: Map<string, TSESTree.Node | null> | null;
  parent: Scope | null;
  thisClass: ClassNode | null;
}

type Sym =
  | { k: 'lib'; module: string; steps: string[]; file: string }
  | { k: 'ns'; mod: ModuleSummary }
  | { k: 'fn'; node: FunctionNode; scope: Scope }
  | { k: 'class'; node: ClassNode; scope: Scope }
  | { k: 'inst'; node: ClassNode; scope: Scope }
  | { k: 'obj'; node: TSESTree.ObjectExpression; scope: Scope };

const resolutionCache = new Map<string, { file: string | null; at: number }>();
/** The project root and tsconfig paths of each directory of linted files. */
const directoryCache = new Map<string, { root: string; paths: PathsConfig | null; at: number }>();
const RESOLUTION_CACHE_LIMIT = 50000;

/** One lint's walk through the project: its budget, and what it had to leave out. */
export class TsProjectSession {
  readonly root: string;
  readonly filename: string;
  private readonly paths: PathsConfig | null;
  private readonly read = new Set<string>();
  private readonly busy = new Set<unknown>();
  private readonly resolved = new Map<string, string | null>();
  private depth = 0;
  /** Why the walk was cut short, when it was. */
  cutOff: string | null = null;

  constructor(filename: string) {
    this.filename = filename;
    const dir = path.dirname(filename);
    const cached = directoryCache.get(dir);
    if (cached !== undefined && fresh(cached.at)) {
      this.root = cached.root;
      this.paths = cached.paths;
    } else {
      this.root = findTsProjectRoot(filename);
      this.paths = pathsConfigFor(filename, this.root);
      if (directoryCache.size >= 10000) directoryCache.clear();
      directoryCache.set(dir, { root: this.root, paths: this.paths, at: Date.now() });
    }
  }

  /** True when the specifier names a file of this project (relative, or mapped by tsconfig `paths`/`baseUrl`). */
  isLocal(specifier: string, from: string = this.filename): boolean {
    return this.resolveFile(specifier, from) !== null;
  }

  /** The project file a specifier imports from `from`, or null for a package (or a file not found). */
  resolveFile(specifier: string, from: string): string | null {
    const key = `${this.paths?.base ?? ''}\u0000${path.dirname(from)}\u0000${specifier}`;
    if (this.resolved.has(key)) return this.resolved.get(key) as string | null;
    const shared = resolutionCache.get(key);
    if (shared !== undefined && (shared.file !== null || fresh(shared.at))) {
      this.resolved.set(key, shared.file);
      return shared.file;
    }
    let file: string | null = null;
    if (isRelative(specifier)) file = fileFor(path.resolve(path.dirname(from), specifier));
    else if (this.paths !== null && !specifier.startsWith('node:')) {
      for (const { pattern, targets } of this.paths.paths) {
        const star = pattern.indexOf('*');
        let rest: string | null = null;
        if (star < 0) rest = specifier === pattern ? '' : null;
        else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))) {
          rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
        }
        if (rest === null) continue;
        for (const target of targets) {
          file = fileFor(path.resolve(this.paths.base, target.replace('*', rest)));
          if (file !== null) break;
        }
        if (file !== null) break;
      }
      if (file === null && this.paths.baseUrl !== null && !TRACKED_NAME.test(specifier)) file = fileFor(path.resolve(this.paths.baseUrl, specifier));
    }
    if (file !== null && file.split(path.sep).includes('node_modules')) file = null;
    this.resolved.set(key, file);
    if (resolutionCache.size >= RESOLUTION_CACHE_LIMIT) resolutionCache.clear();
    if (shared !== undefined && shared.file === null && file !== null) generation++;
    resolutionCache.set(key, { file, at: Date.now() });
    return file;
  }

  relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  cut(detail: string): void {
    this.cutOff ??= detail;
    if (!pendingCuts.has(this.filename)) {
      if (pendingCuts.size > 1000) pendingCuts.clear();
      pendingCuts.set(this.filename, { root: this.root, detail });
    }
  }

  /** Modules whose mtime and size were compared with the disk during this lint. */
  readonly checked = new Set<string>();

  private module(file: string): ModuleSummary | null {
    const summary = summaryOf(file, this.checked);
    // A module that leads to no tracked library cannot say anything the rules use: it is neither parsed nor counted.
    if (summary === null || !this.reaches(summary)) return null;
    if (!this.read.has(file)) {
      if (this.read.size >= MAX_FILES_PER_LINT) {
        this.cut(`more than ${MAX_FILES_PER_LINT} local modules that lead to a client library`);
        return null;
      }
      this.read.add(file);
    }
    return ensureParsed(summary);
  }

  /** The module imports a tracked library, itself or through its local imports (read as text, not parsed). */
  private reaches(summary: ModuleSummary): boolean {
    if (summary.tracksLibrary) return true;
    const libraries = textLibrariesOf(this, summary.file);
    return libraries === null || libraries.size > 0;
  }

  /**
   * What `steps` taken from an import of `specifier` (`importKind`, `path` as imported) give: a library value with
   * the steps the local modules did not consume appended, or null when it is not (or not known to be) a library's.
   */
  resolveImport(specifier: string, importKind: ImportKind, importPath: readonly string[], steps: readonly string[]): LibraryFact | null {
    try {
      let sym = this.importValue(this.filename, specifier, importKind, importPath, 0);
      for (let i = 0; i < steps.length && sym !== null; i++) {
        if (sym.k === 'lib') return { module: sym.module, steps: [...sym.steps, ...steps.slice(i)], file: sym.file };
        sym = this.step(sym, steps[i], 0);
      }
      return sym?.k === 'lib' ? { module: sym.module, steps: sym.steps, file: sym.file } : null;
    } catch {
      return null;
    }
  }

  /** The libraries an imported local binding leads to: its value's, or what its calls, instances and members hold. */
  librariesOf(specifier: string, importKind: ImportKind, importPath: readonly string[]): { module: string; file: string }[] {
    try {
      const sym = this.importValue(this.filename, specifier, importKind, importPath, 0);
      const out = new Map<string, string>();
      this.collectLibraries(sym, out, 0, new Set());
      return [...out].map(([module, file]) => ({ module, file }));
    } catch {
      return [];
    }
  }

  private collectLibraries(sym: Sym | null, out: Map<string, string>, depth: number, seen: Set<unknown>): void {
    if (sym === null || depth > 3) return;
    if (sym.k === 'lib') {
      if (!out.has(sym.module)) out.set(sym.module, sym.file);
      return;
    }
    const identity = sym.k === 'ns' ? sym.mod : sym.node;
    if (seen.has(identity)) return;
    seen.add(identity);
    if (sym.k === 'fn') this.collectLibraries(this.step(sym, CALL, 0), out, depth + 1, seen);
    else if (sym.k === 'class' || sym.k === 'inst') {
      const inst: Sym = { k: 'inst', node: sym.node, scope: sym.scope };
      for (const name of memberNames(sym.node)) this.collectLibraries(this.step(inst, name, 0), out, depth + 1, seen);
    } else if (sym.k === 'obj') {
      for (const prop of sym.node.properties) {
        if (prop.type === AST_NODE_TYPES.Property) this.collectLibraries(this.evalExpr(prop.value, sym.scope, 0), out, depth + 1, seen);
      }
    } else if (sym.k === 'ns') {
      for (const name of [...sym.mod.exports.keys()].slice(0, 50)) this.collectLibraries(this.exportOf(sym.mod, name, 0), out, depth + 1, seen);
    }
  }

  private importValue(from: string, specifier: string, importKind: ImportKind, importPath: readonly string[], hops: number): Sym | null {
    if (!isRelative(specifier) && TRACKED_NAME.test(specifier)) {
      return { k: 'lib', ...normaliseLibrary(specifier, importPath), file: this.relative(from) };
    }
    const file = this.resolveFile(specifier, from);
    if (file === null) {
      // A package the rules do not know: nothing to say about it.
      return isRelative(specifier) ? null : { k: 'lib', module: specifier, steps: [...importPath], file: this.relative(from) };
    }
    if (hops >= MAX_IMPORT_HOPS) {
      this.cut(`imports more than ${MAX_IMPORT_HOPS} modules deep`);
      return null;
    }
    const mod = this.module(file);
    if (mod === null || mod.program === null) return null;
    let sym: Sym | null;
    if (importKind === 'namespace' || importKind === 'named') sym = { k: 'ns', mod };
    else if (importKind === 'default' && importPath.length === 0) sym = this.defaultOf(mod, hops);
    else sym = this.requireValue(mod);
    for (const name of importPath) {
      if (sym === null) return null;
      sym = sym.k === 'ns' ? this.exportOf(sym.mod, name, hops) : this.step(sym, name, 0);
    }
    return sym;
  }

  private defaultOf(mod: ModuleSummary, hops: number): Sym | null {
    if (mod.exports.has('default')) return this.exportOf(mod, 'default', hops);
    if (mod.moduleExports) return this.evalExpr(mod.moduleExports, moduleScope(mod), 0);
    return null;
  }

  private requireValue(mod: ModuleSummary): Sym | null {
    if (mod.moduleExports) return this.evalExpr(mod.moduleExports, moduleScope(mod), 0);
    return { k: 'ns', mod };
  }

  private exportOf(mod: ModuleSummary, name: string, hops: number): Sym | null {
    const key = `${mod.file}\u0000export\u0000${name}`;
    if (this.busy.has(key)) return null;
    this.busy.add(key);
    try {
      const entry = mod.exports.get(name);
      if (entry === undefined) {
        if (mod.moduleExports) {
          const whole = this.evalExpr(mod.moduleExports, moduleScope(mod), 0);
          return whole ? this.step(whole, name, 0) : null;
        }
        for (const specifier of mod.starExports) {
          const found = this.importValue(mod.file, specifier, 'named', [name], hops + 1);
          if (found !== null) return found;
        }
        return null;
      }
      if (entry.kind === 'reexport') {
        if (entry.path[0] === '*') return this.importValue(mod.file, entry.specifier, 'namespace', [], hops + 1);
        return this.importValue(mod.file, entry.specifier, entry.path.length === 0 ? 'default' : 'named', entry.path, hops + 1);
      }
      if (entry.kind === 'expr') return this.evalExpr(entry.node, moduleScope(mod), 0);
      return this.lookup(entry.name, moduleScope(mod), 0, hops);
    } finally {
      this.busy.delete(key);
    }
  }

  private lookup(name: string, scope: Scope, depth: number, hops = 0): Sym | null {
    for (let s: Scope | null = scope; s !== null; s = s.parent) {
      if (s.locals?.has(name)) {
        const init = s.locals.get(name) ?? null;
        return init === null ? null : this.evalExpr(init, s, depth + 1);
      }
    }
    const mod = scope.mod;
    const decl = mod.top.get(name);
    if (decl === undefined) return null;
    if (this.busy.has(decl)) return null;
    this.busy.add(decl);
    try {
      return this.evalDecl(decl, mod, depth, hops);
    } finally {
      this.busy.delete(decl);
    }
  }

  private evalDecl(decl: Decl, mod: ModuleSummary, depth: number, hops: number): Sym | null {
    const scope = moduleScope(mod);
    switch (decl.kind) {
      case 'import':
        return this.importValue(mod.file, decl.specifier, decl.importKind, decl.path, hops + 1);
      case 'function':
        return { k: 'fn', node: decl.node, scope };
      case 'class':
        return { k: 'class', node: decl.node, scope };
      case 'var': {
        const { declarator } = decl;
        if (declarator.init) {
          const value = this.evalExpr(declarator.init, scope, depth + 1);
          if (value !== null) return value;
        }
        for (const assigned of mod.assignments.get(decl.name) ?? []) {
          // Evaluated where it is written: `channel = await connection.createChannel()` inside `connect()`.
          let at = scope;
          for (const fn of assigned.functions) at = functionScope(fn, at);
          if (at.locals?.has(decl.name)) continue;
          const value = this.evalExpr(assigned.value, at, depth + 1);
          if (value !== null) return value;
        }
        const annotation = declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.id.typeAnnotation?.typeAnnotation : undefined;
        return annotation ? this.evalType(annotation, scope) : null;
      }
      default:
        return null;
    }
  }

  /** A type annotation that names a library's type (`amqp.Channel`, `Consumer` imported from kafkajs). */
  private evalType(type: TSESTree.TypeNode, scope: Scope): Sym | null {
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return null;
    const names: string[] = [];
    let entity: TSESTree.EntityName = type.typeName;
    while (entity.type === AST_NODE_TYPES.TSQualifiedName) {
      names.unshift(entity.right.name);
      entity = entity.left;
    }
    if (entity.type !== AST_NODE_TYPES.Identifier) return null;
    const decl = scope.mod.top.get(entity.name) ?? scope.mod.typeImports.get(entity.name);
    if (decl?.kind !== 'import' || isRelative(decl.specifier) || !TRACKED_NAME.test(decl.specifier)) return null;
    const lib = normaliseLibrary(decl.specifier, [...decl.path, ...names]);
    return { k: 'lib', module: lib.module, steps: lib.steps, file: this.relative(scope.mod.file) };
  }

  /** One step (`.name`, a call, a construction) from a value. */
  private step(sym: Sym, step: string, depth: number): Sym | null {
    if (depth > MAX_EVAL_DEPTH) return null;
    switch (sym.k) {
      case 'lib':
        return { k: 'lib', module: sym.module, steps: [...sym.steps, step], file: sym.file };
      case 'ns':
        return step === CALL || step === NEW ? null : this.exportOf(sym.mod, step, 0);
      case 'fn':
        return step === CALL ? this.returnOf(sym.node, sym.scope, depth) : null;
      case 'class':
        if (step === NEW) return { k: 'inst', node: sym.node, scope: sym.scope };
        return step === CALL ? null : this.member(sym.node, sym.scope, step, true, depth);
      case 'inst':
        return step === CALL || step === NEW ? null : this.member(sym.node, sym.scope, step, false, depth);
      case 'obj': {
        for (const prop of sym.node.properties) {
          if (prop.type !== AST_NODE_TYPES.Property || prop.computed || keyName(prop.key) !== step) continue;
          const value = prop.value;
          if (isFunctionNode(value)) return { k: 'fn', node: value, scope: sym.scope };
          return this.evalExpr(value, sym.scope, depth + 1);
        }
        return null;
      }
      default:
        return null;
    }
  }

  /** A class member: a field's initialiser, `this.name = ...` in the constructor, a parameter property, or a method. */
  private member(cls: ClassNode, scope: Scope, name: string, isStatic: boolean, depth: number): Sym | null {
    const busyKey = `${scope.mod.file}\u0000${cls.range[0]}\u0000${name}`;
    if (this.busy.has(busyKey)) return null;
    this.busy.add(busyKey);
    try {
      const classScope: Scope = { mod: scope.mod, locals: null, parent: scope, thisClass: cls };
      let typedFallback: Sym | null = null;
      for (const element of cls.body.body) {
        if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && keyName(element.key) === name && element.static === isStatic) {
          if (element.value) {
            const value = isFunctionNode(element.value) ? ({ k: 'fn', node: element.value, scope: classScope } as Sym) : this.evalExpr(element.value, classScope, depth + 1);
            if (value !== null) return value;
          }
          const annotation = element.typeAnnotation?.typeAnnotation;
          // The declared type is the last resort: the constructor's assignment says more (`Kafka new consumer ()`).
          if (annotation) typedFallback ??= this.evalType(annotation, scope);
        }
        if (element.type === AST_NODE_TYPES.MethodDefinition && !element.computed && element.static === isStatic && keyName(element.key) === name && element.value.type === AST_NODE_TYPES.FunctionExpression) {
          if (element.kind === 'get') return this.returnOf(element.value, classScope, depth);
          if (element.kind === 'method') return { k: 'fn', node: element.value, scope: classScope };
        }
      }
      if (isStatic) return typedFallback;
      const ctor = cls.body.body.find((e): e is TSESTree.MethodDefinition => e.type === AST_NODE_TYPES.MethodDefinition && e.kind === 'constructor');
      if (ctor && ctor.value.type === AST_NODE_TYPES.FunctionExpression) {
        const ctorFn = ctor.value;
        for (const param of ctor.value.params) {
          if (param.type === AST_NODE_TYPES.TSParameterProperty && param.parameter.type === AST_NODE_TYPES.Identifier && param.parameter.name === name) {
            const annotation = param.parameter.typeAnnotation?.typeAnnotation;
            return annotation ? this.evalType(annotation, scope) : null;
          }
        }
        const ctorScope = functionScope(ctorFn, classScope);
        let found: Sym | null = null;
        visit(ctorFn.body, (node) => {
          if (found !== null || (isFunctionNode(node) && node.type !== AST_NODE_TYPES.ArrowFunctionExpression)) return false;
          if (
            node.type === AST_NODE_TYPES.AssignmentExpression &&
            node.left.type === AST_NODE_TYPES.MemberExpression &&
            node.left.object.type === AST_NODE_TYPES.ThisExpression &&
            !node.left.computed &&
            keyName(node.left.property) === name
          ) {
            found = this.evalExpr(node.right, ctorScope, depth + 1);
          }
          return undefined;
        });
        if (found !== null) return found;
      }
      if (typedFallback !== null) return typedFallback;
      const superClass = cls.superClass ? this.evalExpr(cls.superClass, scope, depth + 1) : null;
      if (superClass?.k === 'class') return this.member(superClass.node, superClass.scope, name, false, depth + 1);
      if (superClass?.k === 'lib') return { k: 'lib', module: superClass.module, steps: [...superClass.steps, NEW, name], file: this.relative(scope.mod.file) };
      return null;
    } finally {
      this.busy.delete(busyKey);
    }
  }

  /** What a function returns: the first `return` (or arrow body) whose value is known. */
  private returnOf(fn: FunctionNode, scope: Scope, depth: number): Sym | null {
    if (this.busy.has(fn)) return null;
    this.busy.add(fn);
    try {
      const inner = functionScope(fn, scope);
      if (fn.body && fn.body.type !== AST_NODE_TYPES.BlockStatement) return this.evalExpr(fn.body, inner, depth + 1);
      const returns: TSESTree.Node[] = [];
      if (fn.body) {
        visit(fn.body, (node) => {
          if (isFunctionNode(node)) return false;
          if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) returns.push(node.argument);
          return undefined;
        });
      }
      for (const value of returns) {
        const sym = this.evalExpr(value, inner, depth + 1);
        if (sym !== null) return sym;
      }
      return null;
    } finally {
      this.busy.delete(fn);
    }
  }

  /** What an expression evaluates to, in a scope of the module it is written in. */
  private evalExpr(node: TSESTree.Node, scope: Scope, depth: number): Sym | null {
    if (depth > MAX_EVAL_DEPTH) return null;
    const n = unwrap(node);
    const here = this.relative(scope.mod.file);
    switch (n.type) {
      case AST_NODE_TYPES.Identifier:
        return this.lookup(n.name, scope, depth + 1);
      case AST_NODE_TYPES.ThisExpression:
        for (let s: Scope | null = scope; s !== null; s = s.parent) {
          if (s.thisClass) return { k: 'inst', node: s.thisClass, scope: moduleScope(scope.mod) };
        }
        return null;
      case AST_NODE_TYPES.MemberExpression: {
        const name = n.computed ? stringValue(n.property) : n.property.type === AST_NODE_TYPES.Identifier ? n.property.name : null;
        if (name === null) return null;
        const required = requireOf(n);
        if (required) return this.importValue(scope.mod.file, required.specifier, 'require', required.path, 1);
        const object = this.evalExpr(n.object, scope, depth + 1);
        return object ? relocate(this.step(object, name, depth + 1), object, here) : null;
      }
      case AST_NODE_TYPES.CallExpression: {
        const required = requireOf(n);
        if (required) return this.importValue(scope.mod.file, required.specifier, 'require', required.path, 1);
        const callee = this.evalExpr(n.callee, scope, depth + 1);
        return callee ? relocate(this.step(callee, CALL, depth + 1), callee, here) : null;
      }
      case AST_NODE_TYPES.NewExpression: {
        const callee = this.evalExpr(n.callee, scope, depth + 1);
        return callee ? relocate(this.step(callee, NEW, depth + 1), callee, here) : null;
      }
      case AST_NODE_TYPES.ObjectExpression:
        return { k: 'obj', node: n, scope };
      case AST_NODE_TYPES.ClassExpression:
        return { k: 'class', node: n, scope };
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        return { k: 'fn', node: n, scope };
      case AST_NODE_TYPES.ConditionalExpression:
        return this.evalExpr(n.consequent, scope, depth + 1) ?? this.evalExpr(n.alternate, scope, depth + 1);
      case AST_NODE_TYPES.LogicalExpression:
        return this.evalExpr(n.left, scope, depth + 1) ?? this.evalExpr(n.right, scope, depth + 1);
      case AST_NODE_TYPES.AssignmentExpression:
        return this.evalExpr(n.right, scope, depth + 1);
      case AST_NODE_TYPES.SequenceExpression:
        return this.evalExpr(n.expressions[n.expressions.length - 1], scope, depth + 1);
      default:
        return null;
    }
  }
}

/** A library value stepped in a module's code was built there: the fact names that module. */
function relocate(result: Sym | null, from: Sym, here: string): Sym | null {
  if (result?.k === 'lib' && from.k === 'lib') return { ...result, file: here };
  return result;
}

function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

function moduleScope(mod: ModuleSummary): Scope {
  return { mod, locals: null, parent: null, thisClass: null };
}

/** A function's parameters (unknown values) and the variables declared in its body, outside nested functions. */
function functionScope(fn: FunctionNode, parent: Scope): Scope {
  const locals = new Map<string, TSESTree.Node | null>();
  for (const param of fn.params) for (const name of patternNames(param)) locals.set(name, null);
  if (fn.body && fn.body.type === AST_NODE_TYPES.BlockStatement) {
    visit(fn.body, (node) => {
      if (isFunctionNode(node)) {
        if (node.type === AST_NODE_TYPES.FunctionDeclaration && node.id) locals.set(node.id.name, node);
        return false;
      }
      if (node.type === AST_NODE_TYPES.VariableDeclarator) {
        if (node.id.type === AST_NODE_TYPES.Identifier) {
          // A later `x = ...` gives the value when the declaration has none.
          locals.set(node.id.name, node.init ?? locals.get(node.id.name) ?? null);
        } else for (const name of patternNames(node.id)) locals.set(name, null);
      }
      if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=' && node.left.type === AST_NODE_TYPES.Identifier && locals.has(node.left.name) && locals.get(node.left.name) === null) {
        locals.set(node.left.name, node.right);
      }
      return undefined;
    });
  }
  return { mod: parent.mod, locals, parent, thisClass: parent.thisClass };
}

function patternNames(node: TSESTree.Node): string[] {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return [node.name];
    case AST_NODE_TYPES.AssignmentPattern:
      return patternNames(node.left);
    case AST_NODE_TYPES.RestElement:
      return patternNames(node.argument);
    case AST_NODE_TYPES.ArrayPattern:
      return node.elements.flatMap((e) => (e ? patternNames(e) : []));
    case AST_NODE_TYPES.ObjectPattern:
      return node.properties.flatMap((p) => (p.type === AST_NODE_TYPES.Property ? patternNames(p.value) : patternNames(p)));
    case AST_NODE_TYPES.TSParameterProperty:
      return patternNames(node.parameter);
    default:
      return [];
  }
}

function memberNames(cls: ClassNode): string[] {
  const names = new Set<string>();
  for (const element of cls.body.body) {
    if ((element.type === AST_NODE_TYPES.PropertyDefinition || element.type === AST_NODE_TYPES.MethodDefinition) && !element.computed) {
      const name = keyName(element.key);
      if (name !== null && name !== 'constructor') names.add(name);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const param of element.value.params) {
        if (param.type === AST_NODE_TYPES.TSParameterProperty && param.parameter.type === AST_NODE_TYPES.Identifier) names.add(param.parameter.name);
      }
      visit(element.value, (node) => {
        if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && node.left.object.type === AST_NODE_TYPES.ThisExpression) {
          const name = node.left.computed ? null : keyName(node.left.property);
          if (name !== null) names.add(name);
        }
      });
    }
  }
  return [...names].slice(0, 30);
}

/** `aws-cdk-lib` namespaces (`aws_sqs`) and CDK v1 packages become the service module, as the import index does. */
function normaliseLibrary(module: string, steps: readonly string[]): { module: string; steps: string[] } {
  if (module === 'aws-cdk-lib' && steps.length > 0) {
    const m = /^aws_([a-z0-9_]+)$/.exec(steps[0]);
    if (m) return { module: `aws-cdk-lib/aws-${m[1].replace(/_/g, '-')}`, steps: steps.slice(1) };
  }
  const v1 = /^@aws-cdk\/(aws-[a-z0-9-]+)$/.exec(module);
  if (v1) return { module: `aws-cdk-lib/${v1[1]}`, steps: [...steps] };
  return { module, steps: [...steps] };
}

// ---------------------------------------------------------------------------------------------------------------
// Text-level question, for the runner's relevance filter

/** Local imports the text-level walk follows one after another at most; past it every rule is shown the file. */
export const MAX_TEXT_HOPS = 16;

interface Closure {
  libraries: ReadonlySet<string>;
  /** False when the walk stopped at the depth limit: the answer may be short, so it must not be trusted. */
  complete: boolean;
  generation: number;
  at: number;
}

/** How long what a module's imports lead to is trusted when nothing seen changed: edits deeper down show within it. */
export const CLOSURE_TRUST_MS = 30000;

/** What each module's imports lead to, read from text: shared by every lint until the disk is seen to change. */
const closureCache = new Map<string, Closure>();

/**
 * The tracked libraries that a file's local imports may lead to, read from the modules' text alone (no parsing):
 * an over-approximation for deciding which rules can concern a file. Null when the walk went too deep to finish:
 * then every rule must be treated as relevant.
 */
export function librariesReachableByText(session: TsProjectSession, text: string): string[] | null {
  const found = new Set<string>();
  for (const specifier of specifiersOf(text)) {
    if (!isRelative(specifier) && TRACKED_NAME.test(specifier)) continue;
    const file = session.resolveFile(specifier, session.filename);
    if (file === null) continue;
    const libraries = textLibrariesOf(session, file);
    if (libraries === null) return null;
    for (const library of libraries) found.add(library);
  }
  return [...found];
}

/** The tracked libraries a project file may lead to, by text; null when the walk went too deep to tell. */
export function textLibrariesOf(session: TsProjectSession, file: string): ReadonlySet<string> | null {
  // The module itself is checked against the disk on every lint (an edit bumps the generation); modules further
  // down are trusted for CLOSURE_TRUST_MS.
  summaryOf(file, session.checked);
  const cached = closureCache.get(file);
  const closure = cached !== undefined && cached.generation === generation && Date.now() - cached.at < CLOSURE_TRUST_MS ? cached : closeOver(session, file);
  return closure.complete ? closure.libraries : null;
}

/**
 * The text closures of a module and of every module below it, by Tarjan's strongly connected components: the
 * modules of one import cycle share one answer, and every answer is cached.
 */
function closeOver(session: TsProjectSession, start: string): Closure {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const direct = new Map<string, Set<string>>();
  const edges = new Map<string, string[]>();
  let counter = 0;
  let complete = true;
  const visit = (file: string, hops: number): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    const libraries = new Set<string>();
    const children: string[] = [];
    const mod = summaryOf(file, session.checked);
    for (const specifier of mod?.specifiers ?? []) {
      if (!isRelative(specifier) && TRACKED_NAME.test(specifier)) libraries.add(specifier);
      else {
        const child = session.resolveFile(specifier, file);
        if (child !== null) children.push(child);
      }
    }
    direct.set(file, libraries);
    edges.set(file, children);
    for (const child of children) {
      const cached = closureCache.get(child);
      if (cached !== undefined && cached.generation === generation && Date.now() - cached.at < CLOSURE_TRUST_MS) {
        if (!cached.complete) complete = false;
        continue;
      }
      if (!index.has(child)) {
        if (hops + 1 >= MAX_TEXT_HOPS) {
          complete = false;
          continue;
        }
        visit(child, hops + 1);
        low.set(file, Math.min(low.get(file) as number, low.get(child) as number));
      } else if (onStack.has(child)) {
        low.set(file, Math.min(low.get(file) as number, index.get(child) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    // `file` roots a component: pop it, and give all its modules the union of theirs and of what they import.
    const members: string[] = [];
    for (;;) {
      const member = stack.pop() as string;
      onStack.delete(member);
      members.push(member);
      if (member === file) break;
    }
    const union = new Set<string>();
    let whole = complete;
    const inside = new Set(members);
    for (const member of members) {
      for (const library of direct.get(member) ?? []) union.add(library);
      for (const child of edges.get(member) ?? []) {
        if (inside.has(child)) continue;
        const below = closureCache.get(child);
        if (below === undefined) {
          whole = false;
          continue;
        }
        if (!below.complete) whole = false;
        for (const library of below.libraries) union.add(library);
      }
    }
    const closure: Closure = { libraries: union, complete: whole, generation, at: Date.now() };
    if (closureCache.size >= 50000) closureCache.clear();
    for (const member of members) closureCache.set(member, closure);
  };
  visit(start, 0);
  return closureCache.get(start) ?? { libraries: new Set(), complete: false, generation, at: Date.now() };
}

/** Cut-off walks of lints not yet reported, by linted file. */
const pendingCuts = new Map<string, { root: string; detail: string }>();
/**
 * Why the project walk of the last lint of this file stopped short, or null. Said on every file whose walk was cut,
 * so a report does not depend on which file happened to be linted first (or on which worker thread of `--jobs`).
 */
export function takeCutOffNote(filename: string): string | null {
  const absolute = path.resolve(filename);
  const cut = pendingCuts.get(absolute);
  if (cut === undefined) return null;
  pendingCuts.delete(absolute);
  return cut.detail;
}

/** Forgets cut-off walks not yet reported (tests run several lints in one process). */
export function forgetCutOffNotes(): void {
  pendingCuts.clear();
}
