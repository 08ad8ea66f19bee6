import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../../core/config.js';
import type { Finding } from '../../../core/types.js';
import { DIALECTS, type Dialect } from '../../../sql/model.js';
import { defineTsRule, PIPELINT_SETTINGS_KEY, runSinkOf } from '../../create-rule.js';
import { analyseEmbeddedSql } from '../../embedded/analyse.js';
import { importedSqlLibraries, sqlSiteOf, type SqlSite } from '../../embedded/sites.js';
import { importsOneOf, SQL_MODULES } from '../../util/relevance.js';
import docs from './docs.js';

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
    docs,
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
