import { ENGINE_RULES } from '../core/engine-rules.js';
import type { RuleMeta } from '../core/types.js';
import { compareEntries, compareText, entryKey, type TriageEntry, type Verdict } from './format.js';

/** A finding of a soak run: coordinates plus what the report needs (severity, concept, message). */
export interface SoakFinding {
  repo: string;
  path: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  concept: string | null;
  message: string;
}

/** The numbers behind one rule or one concept. Precision counts findings; recall counts problems (entries). */
export interface Tally {
  findings: number;
  tp: number;
  fp: number;
  debatable: number;
  untriaged: number;
  /** Repositories with at least one finding. */
  repos: number;
  /** Miss entries (fn) in scope, and how many of them are now reported. */
  fnEntries: number;
  fnFound: number;
  /** Problems judged true (tp or fn entries) that are reported now, by entry. */
  problemsFound: number;
  /** Entries judged tp that are no longer reported. */
  tpVanished: number;
  fpVanished: number;
  debatableVanished: number;
  precision: number | null;
  recall: number | null;
}

export interface RuleTally extends Tally {
  rule: string;
  concept: string;
  severity: string;
  recommended: boolean;
}

export interface ConceptTally extends Tally {
  concept: string;
}

export interface Comparison {
  rules: RuleTally[];
  concepts: ConceptTally[];
  total: Tally;
  untriaged: SoakFinding[];
  /** Triaged entries (not fn) that no finding matches any more, by verdict. */
  vanished: Record<'tp' | 'fp' | 'debatable', TriageEntry[]>;
  /** Recommended rules under the precision bar, with the reason. */
  belowBar: { rule: string; precision: number; reason: string }[];
}

export const PRECISION_BAR = 0.95;
export const ENGINE_CONCEPT = '(engine)';
export const NO_RULE_CONCEPT = '(no rule)';
const RECOMMENDED_SEVERITIES = new Set(['warn', 'error']);

/** Where a rule belongs and whether it is recommended, when no finding of this run says so. */
export interface RuleCatalogue {
  concept(rule: string): string | undefined;
  defaultSeverity(rule: string): string | undefined;
}

export function catalogueOf(metas: readonly RuleMeta[]): RuleCatalogue {
  const byId = new Map(metas.map((m) => [m.id, m]));
  const engine = new Map(ENGINE_RULES.map((r) => [r.id, r]));
  return {
    concept: (rule) => byId.get(rule)?.concept ?? (engine.has(rule) ? ENGINE_CONCEPT : rule.startsWith('none:') ? NO_RULE_CONCEPT : undefined),
    defaultSeverity: (rule) => byId.get(rule)?.defaultSeverity ?? engine.get(rule)?.defaultSeverity,
  };
}

function emptyTally(): Tally {
  return {
    findings: 0, tp: 0, fp: 0, debatable: 0, untriaged: 0, repos: 0, fnEntries: 0, fnFound: 0,
    problemsFound: 0, tpVanished: 0, fpVanished: 0, debatableVanished: 0, precision: null, recall: null,
  };
}

interface Accumulator {
  tally: Tally;
  repos: Set<string>;
}

function finish(acc: Accumulator): Tally {
  const t = acc.tally;
  t.repos = acc.repos.size;
  const judged = t.tp + t.fp + t.debatable;
  t.precision = judged === 0 ? null : t.tp / judged;
  const fnMissed = t.fnEntries - t.fnFound;
  const problems = t.problemsFound + fnMissed + t.tpVanished;
  t.recall = t.fnEntries === 0 || problems === 0 ? null : t.problemsFound / problems;
  return t;
}

/**
 * Compares a run's findings with the triage entries in scope (the repositories linted, the rules asked for).
 * A finding matches the entry with its (repo, path, rule, line); a reported miss (fn) counts as a true positive.
 */
export function compareFindings(findings: readonly SoakFinding[], entries: readonly TriageEntry[], catalogue: RuleCatalogue): Comparison {
  const byKey = new Map(entries.map((e) => [entryKey(e), e]));
  const matched = new Set<string>();
  const perRule = new Map<string, Accumulator>();
  const severities = new Map<string, string>();
  const findingConcepts = new Map<string, string>();
  const untriaged: SoakFinding[] = [];
  const accFor = (rule: string): Accumulator => {
    let acc = perRule.get(rule);
    if (!acc) perRule.set(rule, (acc = { tally: emptyTally(), repos: new Set() }));
    return acc;
  };

  for (const f of findings) {
    const acc = accFor(f.rule);
    acc.tally.findings++;
    acc.repos.add(f.repo);
    if (!severities.has(f.rule) || RECOMMENDED_SEVERITIES.has(f.severity)) severities.set(f.rule, f.severity);
    if (f.concept !== null) findingConcepts.set(f.rule, f.concept);
    const key = entryKey(f);
    const entry = byKey.get(key);
    if (!entry) {
      acc.tally.untriaged++;
      untriaged.push(f);
      continue;
    }
    const firstOfEntry = !matched.has(key);
    matched.add(key);
    if (entry.verdict === 'tp' || entry.verdict === 'fn') {
      acc.tally.tp++;
      if (firstOfEntry) acc.tally.problemsFound++;
      if (firstOfEntry && entry.verdict === 'fn') acc.tally.fnFound++;
    } else if (entry.verdict === 'fp') acc.tally.fp++;
    else acc.tally.debatable++;
  }

  const vanished: Comparison['vanished'] = { tp: [], fp: [], debatable: [] };
  for (const entry of entries) {
    const acc = accFor(entry.rule);
    if (entry.verdict === 'fn') acc.tally.fnEntries++;
    if (matched.has(entryKey(entry)) || entry.verdict === 'fn') continue;
    vanished[entry.verdict].push(entry);
    if (entry.verdict === 'tp') acc.tally.tpVanished++;
    else if (entry.verdict === 'fp') acc.tally.fpVanished++;
    else acc.tally.debatableVanished++;
  }
  for (const list of Object.values(vanished)) list.sort(compareEntries);

  const rules: RuleTally[] = [...perRule.entries()]
    .map(([rule, acc]) => {
      const severity = severities.get(rule) ?? catalogue.defaultSeverity(rule) ?? (rule.startsWith('none:') ? '-' : 'unknown');
      const concept = catalogue.concept(rule) ?? findingConcepts.get(rule) ?? ENGINE_CONCEPT;
      return { rule, concept, severity, recommended: RECOMMENDED_SEVERITIES.has(severity), ...finish(acc) };
    })
    .sort((a, b) => compareText(a.rule, b.rule));

  const perConcept = new Map<string, { tally: Tally; repos: Set<string> }>();
  const reposOfRule = new Map<string, Set<string>>();
  for (const f of findings) {
    let set = reposOfRule.get(f.rule);
    if (!set) reposOfRule.set(f.rule, (set = new Set()));
    set.add(f.repo);
  }
  const total: Accumulator = { tally: emptyTally(), repos: new Set(findings.map((f) => f.repo)) };
  for (const r of rules) {
    let acc = perConcept.get(r.concept);
    if (!acc) perConcept.set(r.concept, (acc = { tally: emptyTally(), repos: new Set() }));
    for (const repo of reposOfRule.get(r.rule) ?? []) acc.repos.add(repo);
    addCounts(acc.tally, r);
    addCounts(total.tally, r);
  }
  const concepts = [...perConcept.entries()]
    .map(([concept, acc]) => ({ concept, ...finish(acc) }))
    .sort((a, b) => compareText(a.concept, b.concept));

  // The engine's own notices (parse-error and the like) say where pipelint could not read the code, not that the
  // code is wrong: their precision is shown, but the bar is for the rules that claim a problem.
  const belowBar = rules
    .filter((r) => r.recommended && r.concept !== ENGINE_CONCEPT && r.precision !== null && r.precision < PRECISION_BAR)
    .map((r) => ({
      rule: r.rule,
      precision: r.precision as number,
      reason: `recommended (${r.severity}) at ${formatPercent(r.precision)} precision, under the ${formatPercent(PRECISION_BAR)} bar: ${r.tp} tp, ${r.fp} fp, ${r.debatable} debatable`,
    }));

  return { rules, concepts, total: finish(total), untriaged, vanished, belowBar };
}

function addCounts(into: Tally, from: Tally): void {
  for (const key of ['findings', 'tp', 'fp', 'debatable', 'untriaged', 'fnEntries', 'fnFound', 'problemsFound', 'tpVanished', 'fpVanished', 'debatableVanished'] as const) {
    into[key] += from[key];
  }
}

export function formatPercent(value: number | null): string {
  if (value === null) return '-';
  return `${(Math.floor(value * 1000) / 10).toFixed(1)}%`;
}

export type { Verdict };
