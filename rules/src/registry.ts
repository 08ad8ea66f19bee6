import { ENGINE_RULES } from './core/engine-rules.js';
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
