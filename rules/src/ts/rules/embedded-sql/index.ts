import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../../core/config.js';
import type { Finding } from '../../../core/types.js';
import { DIALECTS, type Dialect } from '../../../sql/model.js';
import { defineTsRule, PIPELINT_SETTINGS_KEY, runSinkOf } from '../../create-rule.js';
import { analyseEmbeddedSql } from '../../embedded/analyse.js';
import { importedSqlLibraries, sqlSiteOf, type SqlSite } from '../../embedded/sites.js';
import { importsOneOf, SQL_MODULES } from '../../util/relevance.js';

interface Options {
  dialect?: Dialect;
  assumeInTransaction?: boolean;
  ignoreRules: string[];
}

type MessageIds = 'sqlFinding' | 'sqlSuggestion';

/** `lintTypeScript` passes the whole pipelint configuration in the settings, so SQL rule settings apply to embedded SQL too. */
function resolvedConfig(settings: TSESLint.SharedConfigurationSettings, options: Options): ResolvedConfig {
  const fromPipelint = (settings[PIPELINT_SETTINGS_KEY] as { config?: ResolvedConfig } | undefined)?.config;
  if (fromPipelint) return fromPipelint;
  const rules: ResolvedConfig['rules'] = {};
  for (const id of options.ignoreRules) rules[id] = { severity: 'off', options: {} };
  return {
    ...DEFAULT_CONFIG,
    rules,
    dialect: options.dialect ?? DEFAULT_CONFIG.dialect,
    assumeInTransaction: options.assumeInTransaction ?? false,
  };
}

function eslintData(finding: Finding): Record<string, string> {
  return { ...finding.data, sqlRule: finding.ruleId, message: finding.message };
}

export const embeddedSql = defineTsRule<MessageIds, Options>({
  type: 'problem',
  relevant: importsOneOf(SQL_MODULES),
  defaultOptions: { ignoreRules: [] },
  meta: {
    id: 'embedded-sql',
    concept: 'idempotency',
    defaultSeverity: 'warn',
    messages: {
      sqlFinding: '[{{sqlRule}}] {{message}}',
      sqlSuggestion: '{{title}}',
    },
    schema: {
      type: 'object',
      properties: {
        dialect: {
          type: 'string',
          enum: [...DIALECTS],
          description: 'The SQL dialect of the embedded SQL. Unset: PostgreSQL for pg, postgres, pg-promise and slonik, MySQL for mysql2, else ANSI.',
        },
        assumeInTransaction: {
          type: 'boolean',
          default: false,
          description: 'Read every function as if its queries ran in one transaction (for code whose caller always opens one).',
        },
        ignoreRules: {
          type: 'array',
          items: { type: 'string' },
          default: [],
          description: 'SQL rule ids not to run on embedded SQL, for example `["blind-insert"]`.',
        },
      },
      additionalProperties: false,
    },
    fixable: true,
    hasSuggestions: true,
    docs: {
      description: 'Runs the SQL rules on SQL that TypeScript code sends through pg, postgres.js, knex, Prisma, pg-promise, Sequelize and mysql2.',
      why: [
        'A query string inside a repository class is the same SQL as a `.sql` file, with the same ways to go wrong on a',
        're-run: an INSERT with no conflict handling duplicates rows, a DELETE and an INSERT sent as two calls outside a',
        'transaction leave readers a window with the rows missing. This rule reads the SQL text of each database call',
        '(string literals, templates, `const` strings, concatenations) and reports what the SQL rules find, at the',
        'exact place in the string.',
        '',
        'Each `${...}` in a template counts as a bind parameter. The calls of one function are read as one script in',
        'call order, so `await client.query("BEGIN")` followed by more calls is a transaction, and so is everything',
        'inside `knex.transaction(cb)`, `prisma.$transaction(...)`, `sql.begin(cb)` and `db.tx(cb)`.',
        '',
        'A single-row `INSERT ... VALUES` in an HTTP route handler (express, fastify, koa, hono, NestJS) is not a',
        '`blind-insert`: it creates the one entity the request asks for. It still is in a webhook route, whose sender',
        'redelivers, in a retried callback, and anywhere an `INSERT ... SELECT` copies rows in bulk.',
      ].join('\n'),
      howToFix: [
        'Follow the SQL rule named in brackets: its lesson shows the idempotent pattern. Quick fixes that edit the SQL',
        'are offered when the edit falls inside one string literal without escapes; elsewhere, edit the string by hand.',
      ].join('\n'),
      whenNotToUse: [
        'Use `ignoreRules` (or `off` for a SQL rule id in the pipelint config) for SQL rules that do not apply to this',
        'code base. In pipelint, embedded findings carry the SQL rule id, so `// pipelint-disable-next-line blind-insert`',
        'suppresses one.',
      ].join('\n'),
      bad: [
        {
          title: 'A retried import inserts every order again',
          code: [
            "import { Pool } from 'pg';",
            '',
            'const pool = new Pool();',
            '',
            'export async function importOrders(day: string): Promise<void> {',
            "  await pool.query('INSERT INTO orders (id, total) SELECT id, total FROM staging_orders WHERE day = $1', [day]);",
            '}',
            '',
          ].join('\n'),
          filename: 'orders-repository.ts',
        },
        {
          title: 'A setup call that fails once the table exists',
          code: [
            "import { Pool } from 'pg';",
            '',
            'const pool = new Pool();',
            '',
            'export async function createOrdersTable(): Promise<void> {',
            "  await pool.query('CREATE TABLE orders (id bigint PRIMARY KEY, total numeric)');",
            '}',
            '',
          ].join('\n'),
          filename: 'schema.ts',
          output: [
            "import { Pool } from 'pg';",
            '',
            'const pool = new Pool();',
            '',
            'export async function createOrdersTable(): Promise<void> {',
            "  await pool.query('CREATE TABLE IF NOT EXISTS orders (id bigint PRIMARY KEY, total numeric)');",
            '}',
            '',
          ].join('\n'),
        },
      ],
      good: [
        {
          title: 'An upsert on the order id',
          code: [
            "import { Pool } from 'pg';",
            '',
            'const pool = new Pool();',
            '',
            'export async function importOrders(day: string): Promise<void> {',
            '  await pool.query(',
            "    'INSERT INTO orders (id, total) SELECT id, total FROM staging_orders WHERE day = $1 ON CONFLICT (id) DO UPDATE SET total = excluded.total',",
            '    [day],',
            '  );',
            '}',
            '',
          ].join('\n'),
          filename: 'orders-repository.ts',
        },
      ],
    },
  },
  create(context, options) {
    const libraries = importedSqlLibraries(context);
    if (libraries.length === 0) return {};
    const sites: SqlSite[] = [];
    const visit = (node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): void => {
      const site = sqlSiteOf(node, libraries);
      if (site) sites.push(site);
    };
    return {
      CallExpression: visit,
      TaggedTemplateExpression: visit,
      'Program:exit'() {
        const findings = analyseEmbeddedSql(context, resolvedConfig(context.settings, options), sites, libraries);
        runSinkOf(context.settings)?.findings.push(...findings);
        for (const finding of findings) report(context, finding);
      },
    };
  },
});

function report(context: Readonly<TSESLint.RuleContext<MessageIds, [Options]>>, finding: Finding): void {
  const { start, end } = finding.range;
  const fix = finding.fix;
  context.report({
    loc: { start: { line: start.line, column: start.column - 1 }, end: { line: end.line, column: end.column - 1 } },
    messageId: 'sqlFinding',
    data: eslintData(finding),
    fix: fix ? (fixer) => fix.edits.map((e) => fixer.replaceTextRange([e.span.start, e.span.end], e.text)) : null,
    suggest: (finding.suggestions ?? []).map((s) => ({
      messageId: 'sqlSuggestion' as const,
      data: { title: s.title },
      fix: (fixer: TSESLint.RuleFixer) => s.edits.map((e) => fixer.replaceTextRange([e.span.start, e.span.end], e.text)),
    })),
  });
}
