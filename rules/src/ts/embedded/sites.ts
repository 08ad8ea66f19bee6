import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { ancestors, calleeName, isFunction, objectProperty, propertyName, unwrap } from '../util/ast.js';
import { importsOf } from '../util/imports.js';
import { resolveInitializer } from '../util/values.js';
import { SQL_LIBRARIES, type SqlLibrary } from './libraries.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Transaction control done by a driver method rather than by SQL text: `conn.beginTransaction()`. */
export type ControlVerb = 'BEGIN' | 'COMMIT' | 'ROLLBACK';

/** One place where SQL runs: a call or tagged template whose SQL text we can read, or a transaction-control call. */
export interface SqlSite {
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  /** The expression holding the SQL text; null for a transaction-control call. */
  text: TSESTree.Node | null;
  control: ControlVerb | null;
  library: SqlLibrary;
}

/** Sites that run in one function (or one `$transaction([...])`): read together, so BEGIN in one call covers the next. */
export interface SiteGroup {
  sites: SqlSite[];
  /** True inside `knex.transaction(cb)`, `prisma.$transaction(...)`, `sql.begin(cb)` and the like. */
  transactional: boolean;
}

const CONTROL_METHODS: Record<string, ControlVerb> = {
  beginTransaction: 'BEGIN',
  startTransaction: 'BEGIN',
  commit: 'COMMIT',
  commitTransaction: 'COMMIT',
  rollback: 'ROLLBACK',
  rollbackTransaction: 'ROLLBACK',
};

/** The SQL client libraries this file imports. */
export function importedSqlLibraries(context: Context): SqlLibrary[] {
  const imports = importsOf(context);
  return SQL_LIBRARIES.filter((lib) => imports.modules.has(lib.module));
}

/**
 * The SQL site a call or tagged template is, or null. The rule feeds it every such node during ESLint's own
 * traversal, so the file is walked once.
 */
export function sqlSiteOf(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, libraries: readonly SqlLibrary[]): SqlSite | null {
  if (node.type === AST_NODE_TYPES.CallExpression) return callSite(node, libraries);
  const tagged = libraries.find((lib) => lib.tagged);
  return tagged ? { node, text: node.quasi, control: null, library: tagged } : null;
}

/** Groups sites by the function that runs them, in source order. */
export function groupSites(context: Context, found: readonly SqlSite[], libraries: readonly SqlLibrary[]): SiteGroup[] {
  // A `Prisma.sql` template passed to `$queryRaw(...)` is read through the call, not a second time alone.
  const claimed = new Set(found.flatMap((site) => (site.text ? [unwrap(site.text)] : [])));
  const sites = found
    .filter((site) => site.node.type !== AST_NODE_TYPES.TaggedTemplateExpression || !claimed.has(site.node))
    .sort((a, b) => a.node.range[0] - b.node.range[0]);
  const transactionMethods = new Set(libraries.flatMap((lib) => lib.transactionMethods));
  const groups = new Map<TSESTree.Node, SiteGroup>();
  for (const site of sites) {
    const scope = groupScope(context, site, transactionMethods);
    let group = groups.get(scope.key);
    if (!group) {
      group = { sites: [], transactional: false };
      groups.set(scope.key, group);
    }
    group.sites.push(site);
    group.transactional ||= scope.transactional;
  }
  return [...groups.values()];
}

function callSite(call: TSESTree.CallExpression, libraries: readonly SqlLibrary[]): SqlSite | null {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = propertyName(callee);
  if (method === null) return null;
  if (call.arguments.length === 0) {
    const control = CONTROL_METHODS[method];
    return control ? { node: call, text: null, control, library: libraries[0] } : null;
  }
  const library = libraries.find((lib) => lib.methods.includes(method));
  const first = call.arguments[0];
  if (!library || first.type === AST_NODE_TYPES.SpreadElement) return null;
  return { node: call, text: queryConfigText(first), control: null, library };
}

/** `client.query({ text, values })` (pg) and `conn.query({ sql, values })` (mysql2) carry the text in a property. */
function queryConfigText(arg: TSESTree.Node): TSESTree.Node {
  const config = objectProperty(arg, 'text') ?? objectProperty(arg, 'sql');
  return config ? config.value : arg;
}

interface GroupScope {
  key: TSESTree.Node;
  transactional: boolean;
}

function groupScope(context: Context, site: SqlSite, transactionMethods: ReadonlySet<string>): GroupScope {
  let key: TSESTree.Node | null = null;
  let transactional = runsOnTransactionHandle(context, site, transactionMethods);
  let child: TSESTree.Node = site.node;
  for (const ancestor of ancestors(site.node)) {
    if (isTransactionCall(ancestor, child, transactionMethods)) {
      transactional = true;
      key ??= ancestor;
    }
    if (isFunction(ancestor)) key ??= ancestor;
    child = ancestor;
  }
  return { key: key ?? context.sourceCode.ast, transactional };
}

/** `trx.transaction(cb)`, `prisma.$transaction([...])`: `child` is one of its arguments. */
function isTransactionCall(node: TSESTree.Node, child: TSESTree.Node, methods: ReadonlySet<string>): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || !node.arguments.includes(child as TSESTree.CallExpressionArgument)) return false;
  const name = calleeName(node);
  return name !== null && methods.has(name);
}

/**
 * `const trx = await knex.transaction(); trx.raw(...)` and Sequelize's `{ transaction: t }` option: the call
 * runs on a connection that is already inside a transaction.
 */
function runsOnTransactionHandle(context: Context, site: SqlSite, methods: ReadonlySet<string>): boolean {
  if (site.node.type !== AST_NODE_TYPES.CallExpression) return false;
  if (site.node.arguments.some((arg) => objectProperty(arg, 'transaction') !== null)) return true;
  const callee = unwrap(site.node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const init = resolveInitializer(context, callee.object);
  if (!init) return false;
  const created = unwrap(init);
  return created.type === AST_NODE_TYPES.CallExpression && created.arguments.length === 0 && methods.has(calleeName(created) ?? '');
}
