import { PY_RULE_IDS, SQL_RULE_IDS, TS_RULE_IDS } from './catalogue.js';
import { ENGINE_RULES } from './core/engine-rules.js';
import type { RuleMeta } from './core/types.js';

let known: Set<string> | null = null;

/** Every id a config or a pipelint-disable comment may name. Cheap: loads no rule module. */
export function knownRuleIds(): Set<string> {
  known ??= new Set([...SQL_RULE_IDS, ...TS_RULE_IDS, ...PY_RULE_IDS, ...ENGINE_RULES.map((r) => r.id)]);
  return known;
}

export function isKnownRule(id: string): boolean {
  return knownRuleIds().has(id);
}

const SQL_IDS: ReadonlySet<string> = new Set(SQL_RULE_IDS);
const TS_IDS: ReadonlySet<string> = new Set(TS_RULE_IDS);
const PY_IDS: ReadonlySet<string> = new Set(PY_RULE_IDS);

/* eslint-disable @typescript-eslint/no-require-imports -- each half loads on first use; the TS half is ESLint. */
function sqlHalf(): typeof import('./sql/rules/index.js') {
  return require('./sql/rules/index.js') as typeof import('./sql/rules/index.js');
}

function tsHalf(): typeof import('./ts/rules/index.js') {
  return require('./ts/rules/index.js') as typeof import('./ts/rules/index.js');
}

function pyHalf(): typeof import('./py/rules/index.js') {
  return require('./py/rules/index.js') as typeof import('./py/rules/index.js');
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** A rule's meta with its other-language implementations as `variants` (one id, one lesson). */
function withVariants(primary: RuleMeta, variants: RuleMeta[]): RuleMeta {
  if (variants.length === 0) return primary;
  // A copy that keeps the lazy `docs` getter of the rule's own meta.
  const merged = Object.defineProperties({}, Object.getOwnPropertyDescriptors(primary)) as RuleMeta;
  Object.defineProperty(merged, 'variants', { value: variants, enumerable: true });
  return merged;
}

let merged: RuleMeta[] | null = null;

/**
 * Metadata of every rule, one per id, sorted by id. A rule implemented in several languages is the SQL or
 * TypeScript meta with the Python one as a variant. Loads the TypeScript rule modules.
 */
export function allRuleMetas(): RuleMeta[] {
  merged ??= (() => {
    const own = [...sqlHalf().sqlRules.map((r) => r.meta), ...tsHalf().tsRuleMetas];
    const py = pyHalf().pyRules.map((r) => r.meta as RuleMeta);
    const primaryIds = new Set(own.map((m) => m.id));
    const metas = own.map((m) => withVariants(m, py.filter((p) => p.id === m.id)));
    for (const p of py) if (!primaryIds.has(p.id)) metas.push(p);
    return metas.sort((a, b) => a.id.localeCompare(b.id));
  })();
  return [...merged];
}

/**
 * The metadata of one rule, loading only its language's half: a SQL id never loads ESLint. With `language`,
 * the implementation in that language when there is one (a Python finding's hover shows Python).
 */
export function findRuleMeta(id: string, language?: RuleMeta['language']): RuleMeta | undefined {
  if (language === 'py' && PY_IDS.has(id)) return pyHalf().pyRules.find((r) => r.meta.id === id)?.meta;
  let primary: RuleMeta | undefined;
  if (SQL_IDS.has(id)) primary = sqlHalf().sqlRules.find((r) => r.meta.id === id)?.meta;
  else if (TS_IDS.has(id)) primary = tsHalf().tsRuleMetas.find((m) => m.id === id);
  if (!PY_IDS.has(id)) return primary;
  const py = pyHalf().pyRules.find((r) => r.meta.id === id)?.meta;
  if (!primary) return py;
  return withVariants(primary, py ? [py] : []);
}
