import { ENGINE_RULES } from './core/engine-rules.js';
import type { RuleMeta } from './core/types.js';
import { sqlRules } from './sql/rules/index.js';
import { TS_RULE_IDS } from './ts/rule-ids.js';

let known: Set<string> | null = null;

/** Every id a config or a pipelint-disable comment may name. Cheap: loads no TypeScript machinery. */
export function knownRuleIds(): Set<string> {
  known ??= new Set([...sqlRules.map((r) => r.meta.id), ...TS_RULE_IDS, ...ENGINE_RULES.map((r) => r.id)]);
  return known;
}

export function isKnownRule(id: string): boolean {
  return knownRuleIds().has(id);
}

/** Metadata of every SQL and TypeScript rule, sorted by id. Loads the TypeScript rule modules. */
export function allRuleMetas(): RuleMeta[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('./ts/rules/index.js') as typeof import('./ts/rules/index.js');
  return [...sqlRules.map((r) => r.meta), ...ts.tsRuleMetas].sort((a, b) => a.id.localeCompare(b.id));
}

export function findRuleMeta(id: string): RuleMeta | undefined {
  return allRuleMetas().find((m) => m.id === id);
}
