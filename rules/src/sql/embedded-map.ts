import { formatMessage } from '../core/engine-rules.js';
import type { LineIndex } from '../core/line-index.js';
import type { Finding, Fix } from '../core/types.js';
import type { MappedText } from '../ts/embedded/mapped-text.js';
import { sqlRules } from './rules/index.js';

/**
 * Putting the findings of SQL assembled from another language's source (TypeScript or Python strings) back onto
 * that source: shared by both, and free of either language's parser.
 */

/** SQL that changes data or schema: the SQL rules judge writes and DDL, so a script of reads is not parsed at all. */
export const WRITE_OR_DDL = /\b(insert|update|delete|merge|upsert|replace|create|drop|alter|truncate|copy)\b/i;

const templates = new Map(sqlRules.map((rule) => [rule.meta.id, rule.meta.messages]));

/** Messages that name another statement's line ("the DELETE on line 3") must name the file's line, not the script's. */
export function withFileLines(finding: Finding, scriptLines: LineIndex, script: MappedText, lines: LineIndex): Finding {
  const line = finding.data.line;
  const template = templates.get(finding.ruleId)?.[finding.messageId];
  if (line === undefined || !/^\d+$/.test(line) || template === undefined) return finding;
  const n = Number(line);
  const span = script.mapSpan({ start: scriptLines.lineStart(n), end: Math.max(scriptLines.lineStart(n) + 1, scriptLines.lineEnd(n)) });
  if (!span) return finding;
  const data = { ...finding.data, line: String(lines.position(span.start).line) };
  return { ...finding, data, message: formatMessage(template, data) };
}

export function mapFinding(finding: Finding, script: MappedText, lines: LineIndex): Finding | null {
  const span = script.mapSpan({ start: finding.range.start.offset, end: finding.range.end.offset });
  if (!span) return null;
  const mapped: Finding = { ...finding, range: lines.range(span.start, span.end) };
  delete mapped.fix;
  delete mapped.suggestions;
  delete mapped.related;
  const fix = finding.fix && mapFix(finding.fix, script);
  if (fix) mapped.fix = fix;
  const suggestions = (finding.suggestions ?? []).map((s) => mapFix(s, script)).filter((s): s is Fix => s !== null);
  if (suggestions.length > 0) mapped.suggestions = suggestions;
  const related = (finding.related ?? []).flatMap((r) => {
    const relatedSpan = script.mapSpan({ start: r.range.start.offset, end: r.range.end.offset });
    return relatedSpan ? [{ range: lines.range(relatedSpan.start, relatedSpan.end), message: r.message }] : [];
  });
  if (related.length > 0) mapped.related = related;
  return mapped;
}

/** A fix survives only when every edit maps safely into the file; a partial fix would be a wrong one. */
function mapFix(fix: Fix, script: MappedText): Fix | null {
  const edits = [];
  for (const edit of fix.edits) {
    const mapped = script.mapEdit(edit);
    if (!mapped) return null;
    edits.push(mapped);
  }
  return { title: fix.title, edits };
}
