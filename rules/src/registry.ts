import { SQL_RULE_IDS, TS_RULE_IDS } from './catalogue.js';
import { ENGINE_RULES } from './core/engine-rules.js';
import type { RuleMeta } from './core/types.js';

let known: Set<string> | null = null;

/** Every id a config or a pipelint-disable comment may name. Cheap: loads no rule module. */
export function knownRuleIds(): Set<string> {
  known ??= new Set([...SQL_RULE_IDS, ...TS_RULE_IDS, ...ENGINE_RULES.map((r) => r.id)]);
  return known;
}

export function isKnownRule(id: string): boolean {
  return knownRuleIds().has(id);
}

const SQL_IDS: ReadonlySet<string> = new Set(SQL_RULE_IDS);
const TS_IDS: ReadonlySet<string> = new Set(TS_RULE_IDS);

/* eslint-disable @typescript-eslint/no-require-imports -- each half loads on first use; the TS half is ESLint. */
function sqlHalf(): typeof import('./sql/rules/index.js') {
  return require('./sql/rules/index.js') as typeof import('./sql/rules/index.js');
}

function tsHalf(): typeof import('./ts/rules/index.js') {
  return require('./ts/rules/index.js') as typeof import('./ts/rules/index.js');
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Metadata of every SQL and TypeScript rule, sorted by id. Loads the TypeScript rule modules. */
export function allRuleMetas(): RuleMeta[] {
  return [...sqlHalf().sqlRules.map((r) => r.meta), ...tsHalf().tsRuleMetas].sort((a, b) => a.id.localeCompare(b.id));
}

/** The metadata of one rule, loading only its language's half: a SQL id never loads ESLint. */
export function findRuleMeta(id: string): RuleMeta | undefined {
  if (SQL_IDS.has(id)) return sqlHalf().sqlRules.find((r) => r.meta.id === id)?.meta;
  if (TS_IDS.has(id)) return tsHalf().tsRuleMetas.find((m) => m.id === id);
  return undefined;
}
