import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Finding } from '@pipelint/engine';
import { rangeContains, toLspRange } from './diagnostics.js';

/** The lesson cards of every finding under the cursor, or null when there is none. */
export function hoverAt(findings: readonly Finding[], position: Position, render: (finding: Finding) => string): Hover | null {
  const seen = new Set<string>();
  const hits = findings.filter((finding) => {
    const key = `${finding.ruleId}@${finding.range.start.offset}`;
    if (seen.has(key) || !rangeContains(toLspRange(finding.range), position)) return false;
    seen.add(key);
    return true;
  });
  if (hits.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hits.map(render).join('\n\n---\n\n') },
    range: toLspRange(hits[0].range),
  };
}
