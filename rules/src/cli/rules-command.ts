import { ruleDocsUrl } from '../core/docs-url.js';
import { ENGINE_RULES } from '../core/engine-rules.js';
import type { RuleMeta } from '../core/types.js';
import { allRuleMetas } from '../registry.js';

export interface RuleListing {
  id: string;
  /** The rule's first language; `languages` lists all of them. */
  language: RuleMeta['language'] | 'any';
  languages: (RuleMeta['language'] | 'any')[];
  concept: RuleMeta['concept'] | null;
  defaultSeverity: RuleMeta['defaultSeverity'];
  fixable: boolean;
  description: string;
  docsUrl: string;
}

/** Every rule, then the engine's own checks, which are configured like rules but teach no lesson. */
export function ruleListing(metas: readonly RuleMeta[] = allRuleMetas()): RuleListing[] {
  return [
    ...metas.map((m) => ({
      id: m.id,
      language: m.language,
      languages: [m.language, ...(m.variants ?? []).map((v) => v.language)],
      concept: m.concept,
      defaultSeverity: m.defaultSeverity,
      fixable: m.fixable,
      description: m.docs.description,
      docsUrl: ruleDocsUrl(m.id),
    })),
    ...ENGINE_RULES.map((r) => ({
      id: r.id,
      language: 'any' as const,
      languages: ['any' as const],
      concept: null,
      defaultSeverity: r.defaultSeverity,
      fixable: false,
      description: r.description,
      docsUrl: ruleDocsUrl(r.id),
    })),
  ];
}

export function formatRuleTable(rules: readonly RuleListing[]): string {
  const header = ['rule', 'language', 'concept', 'default', 'fixable', 'description'];
  const rows = rules.map((r) => [r.id, r.languages.join(','), r.concept ?? '-', r.defaultSeverity, r.fixable ? 'yes' : 'no', r.description]);
  const widths = header.slice(0, -1).map((_, col) => Math.max(header[col].length, ...rows.map((row) => row[col].length)));
  const line = (cells: string[]): string => cells.map((cell, col) => (col < widths.length ? cell.padEnd(widths[col]) : cell)).join('  ');
  const footer = `\n${rules.length} rules. Configure them in pipelint.config.json ("rules": { "<rule>": "error" }); learn the concepts with \`pipelint explain <concept>\`.\n`;
  return [line(header), ...rows.map(line)].join('\n') + '\n' + footer;
}
