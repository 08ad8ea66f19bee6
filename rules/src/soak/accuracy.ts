import * as path from 'node:path';
import type { RuleMeta } from '../core/types.js';
import { blocks, bulletList, link, markdownTable } from '../lessons/md.js';
import { catalogueOf, compareFindings, formatPercent, PRECISION_BAR, type SoakFinding, type Tally } from './compare.js';
import { compareEntries, compareText, parseManifest, parseResults, parseTriage, readJsonOr, type Manifest, type Results, type Triage } from './format.js';

/** Fewer triaged findings than this and a rule's precision says little: the page marks it. */
export const MIN_TRIAGED_FINDINGS = 15;

export interface AccuracyInputs {
  manifest: Manifest;
  triage: Triage;
  results: Results;
  /** Why a rule has fewer than MIN_TRIAGED_FINDINGS triaged findings (soak/coverage.json), by rule id. */
  coverage?: Readonly<Record<string, string>>;
}

/** soak/coverage.json: `{ "rules": { "<rule id>": "why the corpus holds few of its findings" } }`. */
export function parseCoverage(value: unknown, where: string): Record<string, string> {
  const rules = (value as { rules?: unknown } | null)?.rules;
  if (typeof value !== 'object' || value === null || typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
    throw new Error(`${where}: expected { "rules": { "<rule id>": "<reason>" } }`);
  }
  const out: Record<string, string> = {};
  for (const [id, reason] of Object.entries(rules)) {
    if (typeof reason !== 'string' || reason.trim() === '') throw new Error(`${where}: the reason for ${id} must be a sentence`);
    Object.defineProperty(out, id, { value: reason, enumerable: true, writable: false });
  }
  return out;
}

/** The rules with fewer triaged findings than MIN_TRIAGED_FINDINGS in these inputs, with the count of each. */
export function thinlyTriaged(inputs: AccuracyInputs, metas: readonly RuleMeta[]): { rule: string; count: number }[] {
  return ruleTallies(inputs, metas)
    .filter(({ count }) => count < MIN_TRIAGED_FINDINGS)
    .sort((a, b) => compareText(a.rule, b.rule));
}

/** The committed soak files of a checkout; a file that does not exist yet counts as empty. */
export function readAccuracyInputs(soakDir: string): AccuracyInputs {
  return {
    manifest: parseManifest(readJsonOr(path.join(soakDir, 'manifest.json'), { repositories: [] }), 'soak/manifest.json'),
    triage: parseTriage(readJsonOr(path.join(soakDir, 'triage.json'), { entries: [] }), 'soak/triage.json'),
    results: parseResults(readJsonOr(path.join(soakDir, 'results.json'), { repositories: [] }), 'soak/results.json'),
    coverage: parseCoverage(readJsonOr(path.join(soakDir, 'coverage.json'), { rules: {} }), 'soak/coverage.json'),
  };
}

const RECOMMENDED = new Set(['warn', 'error']);

function judged(t: Tally): number {
  return t.tp + t.fp + t.debatable;
}

function ruleLink(id: string, known: boolean): string {
  return known ? link(`\`${id}\``, `rules/${id}.md`) : `\`${id}\``;
}

/** The committed findings of the inputs, matched against the triage entries of the repositories that have results. */
function compareInputs(inputs: AccuracyInputs, metas: readonly RuleMeta[]) {
  const { triage, results } = inputs;
  const metaById = new Map(metas.map((m) => [m.id, m]));
  const withResults = new Set(results.repositories.map((r) => r.repo));
  const findings: SoakFinding[] = results.repositories.flatMap((r) =>
    r.findings.map((f) => ({
      repo: r.repo,
      path: f.path,
      line: f.line,
      column: f.column,
      rule: f.rule,
      severity: metaById.get(f.rule)?.defaultSeverity ?? 'unknown',
      concept: metaById.get(f.rule)?.concept ?? null,
      message: '',
    })),
  );
  const entries = triage.entries.filter((e) => withResults.has(e.repo));
  return { metaById, findings, entries, comparison: compareFindings(findings, entries, catalogueOf(metas)) };
}

/** Every catalogued rule (engine notices included) with its number of triaged findings. */
function ruleTallies(inputs: AccuracyInputs, metas: readonly RuleMeta[]): { rule: string; count: number }[] {
  const tallies = new Map(compareInputs(inputs, metas).comparison.rules.map((r) => [r.rule, r]));
  return metas.map((m) => {
    const t = tallies.get(m.id);
    return { rule: m.id, count: t === undefined ? 0 : judged(t) };
  });
}

/**
 * docs/accuracy.md: precision and recall measured on the soak corpus, from the triage and the committed
 * results (finding coordinates). Deterministic: the same inputs give the same bytes.
 */
export function renderAccuracy(inputs: AccuracyInputs, metas: readonly RuleMeta[]): string {
  const { manifest, triage, results } = inputs;
  const { metaById, findings, entries, comparison: c } = compareInputs(inputs, metas);
  const tallies = new Map(c.rules.map((r) => [r.rule, r]));
  const builds = [...new Set(results.repositories.map((r) => `${r.pipelint.version} (${r.pipelint.commit.slice(0, 12)})`))].sort(compareText);
  const outside = triage.entries.length - entries.length;

  const summary = bulletList([
    `Repositories: ${manifest.repositories.length} in the manifest, ${results.repositories.length} with results.`,
    `Findings: ${c.total.findings}, of which ${judged(c.total)} triaged (${c.total.tp} tp, ${c.total.fp} fp, ${c.total.debatable} debatable) and ${c.total.untriaged} not yet triaged.`,
    `Known misses: ${c.total.fnEntries - c.total.fnFound} (fn entries no finding reports yet).`,
    `Overall precision ${formatPercent(c.total.precision)}, recall ${formatPercent(c.total.recall)}.`,
    `Measured with pipelint ${builds.length === 0 ? '(no results yet)' : builds.join(', ')}.`,
    ...(outside > 0 ? [`${outside} triage entries belong to repositories without results and are not counted.`] : []),
  ]);

  // Misses no rule covers (`none:` ideas) have no rule row: they are under the concept `(no rule)` and in Known misses.
  const ruleIds = [...new Set([...metas.map((m) => m.id), ...c.rules.map((r) => r.rule)])].filter((id) => !id.startsWith('none:')).sort(compareText);
  const ruleRows = ruleIds.map((id) => {
    const meta = metaById.get(id);
    const t = tallies.get(id);
    const severity = meta?.defaultSeverity ?? t?.severity ?? 'unknown';
    return [
      ruleLink(id, meta !== undefined),
      meta?.concept ?? t?.concept ?? '',
      `\`${severity}\``,
      String(t?.repos ?? 0),
      String(t?.findings ?? 0),
      String(t?.tp ?? 0),
      String(t?.fp ?? 0),
      String(t?.debatable ?? 0),
      String(t?.untriaged ?? 0),
      formatPercent(t?.precision ?? null),
      t === undefined || t.fnEntries === 0 ? '-' : `${formatPercent(t.recall)} (${t.fnEntries - t.fnFound} missed)`,
      statusOf(severity, t),
    ];
  });

  const conceptRows = c.concepts.map((k) => [
    k.concept,
    String(k.repos),
    String(k.findings),
    String(k.tp),
    String(k.fp),
    String(k.debatable),
    String(k.untriaged),
    formatPercent(k.precision),
    String(k.fnEntries),
    String(k.fnEntries - k.fnFound),
    formatPercent(k.recall),
  ]);

  const reported = new Set(findings.map((f) => `${f.repo}\u0000${f.path}\u0000${f.line}\u0000${f.rule}`));
  const misses = entries
    .filter((e) => e.verdict === 'fn' && !reported.has(`${e.repo}\u0000${e.path}\u0000${e.line}\u0000${e.rule}`))
    .sort((a, b) => compareText(a.rule, b.rule) || compareEntries(a, b));
  const missRules = [...new Set(misses.map((m) => m.rule))];
  const missSections = missRules.map((rule) => {
    const list = misses.filter((m) => m.rule === rule);
    const title = rule.startsWith('none:') ? `\`${rule}\` (no rule covers it)` : ruleLink(rule, metaById.has(rule));
    return `### ${title}\n\n${bulletList(list.map((m) => `${m.repo} \`${m.path}:${m.line}\`${m.class ? ` [${m.class}]` : ''}: ${m.reason}`))}`;
  });

  const fpClasses = new Map<string, number>();
  const matchedFp = triage.entries.filter((e) => (e.verdict === 'fp' || e.verdict === 'debatable') && reported.has(`${e.repo}\u0000${e.path}\u0000${e.line}\u0000${e.rule}`));
  for (const e of matchedFp) {
    const key = `${e.rule}\u0000${e.verdict}\u0000${e.class ?? '(unclassified)'}`;
    fpClasses.set(key, (fpClasses.get(key) ?? 0) + 1);
  }
  const classRows = [...fpClasses.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, count]) => {
      const [rule, verdict, cls] = key.split('\u0000');
      return [ruleLink(rule, metaById.has(rule)), verdict, cls, String(count)];
    });

  const recommended = metas.filter((m) => RECOMMENDED.has(m.defaultSeverity));
  const barLines = recommended.map((m) => `${ruleLink(m.id, true)} (\`${m.defaultSeverity}\`): ${statusOf(m.defaultSeverity, tallies.get(m.id))}`);

  return blocks(
    '<!-- Generated by `npm run docs` from soak/triage.json and soak/results.json. Run `npm run soak -- --write-results` to refresh the results; do not edit this file. -->',
    '# Accuracy on real code',
    'pipelint is measured on a soak corpus: public pipeline repositories pinned by commit (`soak/manifest.json`), ' +
      'every finding judged by hand in context (`soak/triage.json`: `tp` a real problem, `fp` a false alarm, ' +
      '`debatable` one a senior engineer would not clearly agree with), plus real problems pipelint misses (`fn`). ' +
      'The corpus holds coordinates and verdicts only, never the code. How to run and triage: `soak/README.md`.',
    `Precision is strict: tp / (tp + fp + debatable), counted by finding. Recall counts problems: the true problems ` +
      'reported / (those + the known misses + true findings no longer reported); it is shown where misses are triaged. ' +
      `A recommended rule (default severity \`warn\` or \`error\`) must reach ${formatPercent(PRECISION_BAR)} precision; a number ` +
      `behind fewer than ${MIN_TRIAGED_FINDINGS} triaged findings is marked as too few to tell.`,
    `## Summary\n\n${summary}`,
    `## Per rule\n\n${markdownTable(['Rule', 'Concept', 'Default', 'Repos', 'Findings', 'tp', 'fp', 'Debatable', 'Untriaged', 'Precision', 'Recall', 'Status'], ruleRows)}`,
    `## Per concept\n\n${
      conceptRows.length === 0
        ? 'No findings or triaged misses yet.'
        : markdownTable(['Concept', 'Repos', 'Findings', 'tp', 'fp', 'Debatable', 'Untriaged', 'Precision', 'Misses triaged', 'Still missed', 'Recall'], conceptRows)
    }`,
    `## Recommended rules against the ${formatPercent(PRECISION_BAR)} bar\n\n${barLines.length === 0 ? 'No rule is recommended.' : bulletList(barLines)}`,
    `## False alarms and debatable findings by class\n\n${classRows.length === 0 ? 'None reported.' : markdownTable(['Rule', 'Verdict', 'Class', 'Findings'], classRows)}`,
    `## Rules with fewer than ${MIN_TRIAGED_FINDINGS} triaged findings\n\n${thinSection(inputs, metas)}`,
    `## Known misses\n\n${missSections.length === 0 ? 'None triaged yet.' : `Real problems pipelint does not report, by the rule that should catch them.\n\n${missSections.join('\n\n')}`}`,
  );
}

function statusOf(severity: string, t: Tally | undefined): string {
  const count = t === undefined ? 0 : judged(t);
  const recommended = RECOMMENDED.has(severity);
  if (count === 0) return recommended ? 'recommended; no triaged findings yet' : 'not recommended; no triaged findings yet';
  const few = count < MIN_TRIAGED_FINDINGS ? `; only ${count} triaged finding${count === 1 ? '' : 's'} (fewer than ${MIN_TRIAGED_FINDINGS})` : '';
  if (!recommended) return `not recommended (\`${severity}\`)${few}`;
  const meets = (t?.precision ?? 0) >= PRECISION_BAR;
  return `${meets ? 'meets' : 'UNDER'} the ${formatPercent(PRECISION_BAR)} bar${few}`;
}

function thinSection(inputs: AccuracyInputs, metas: readonly RuleMeta[]): string {
  const thin = thinlyTriaged(inputs, metas);
  if (thin.length === 0) return `Every rule has at least ${MIN_TRIAGED_FINDINGS}.`;
  const lines = thin.map(({ rule, count }) => `${ruleLink(rule, true)} (${count}): ${inputs.coverage?.[rule] ?? 'no reason recorded yet (soak/coverage.json).'}`);
  return `Their numbers say little yet; why the corpus holds so few of their findings:\n\n${bulletList(lines)}`;
}
