import { formatMessage, RULE_ERROR } from './engine-rules.js';
import type { LineIndex } from './line-index.js';
import type { Finding, Span } from './types.js';

/** A finding the engine itself reports (a parse error, an unused suppression, a file that could not be read). */
export function engineFinding(
  ruleId: string,
  messageId: string,
  template: string,
  data: Record<string, string>,
  lines: LineIndex,
  span: Span,
  severity: Finding['severity'],
): Finding {
  return {
    ruleId,
    concept: null,
    severity,
    message: formatMessage(template, data),
    messageId,
    data,
    range: lines.range(span.start, span.end),
    origin: 'engine',
  };
}

/** What a rule reports, in any language: where, which message, and the edits it offers. */
export interface RuleReport {
  span: Span;
  messageId: string;
  data?: Record<string, string>;
  fix?: Finding['fix'];
  suggestions?: NonNullable<Finding['suggestions']>;
  related?: { span: Span; message: string }[];
}

/**
 * The finding of one rule's report, for the SQL and Python rule runners alike. An unknown message id is the rule's
 * own bug: it throws, and the runner reports that rule as crashed while the others go on.
 */
export function ruleFinding(
  meta: { id: string; concept: Finding['concept']; messages: Readonly<Record<string, string>> },
  severity: Finding['severity'],
  report: RuleReport,
  lines: LineIndex,
  origin: Finding['origin'],
): Finding {
  const data = report.data ?? {};
  const template = meta.messages[report.messageId];
  if (template === undefined) throw new Error(`unknown messageId '${report.messageId}'`);
  const finding: Finding = {
    ruleId: meta.id,
    concept: meta.concept,
    severity,
    message: formatMessage(template, data),
    messageId: report.messageId,
    data,
    range: lines.range(report.span.start, report.span.end),
    origin,
  };
  if (report.fix) finding.fix = report.fix;
  if (report.suggestions?.length) finding.suggestions = report.suggestions;
  if (report.related?.length) finding.related = report.related.map((r) => ({ range: lines.range(r.span.start, r.span.end), message: r.message }));
  return finding;
}

/** The `rule-error` finding of a rule that threw on this file: said at its start, so the other rules' findings stand. */
export function ruleCrashFinding(ruleId: string, error: unknown, lines: LineIndex): Finding {
  const data = { rule: ruleId, detail: error instanceof Error ? error.message : String(error) };
  return engineFinding(RULE_ERROR.id, 'crashed', RULE_ERROR.messages.crashed, data, lines, { start: 0, end: 0 }, RULE_ERROR.defaultSeverity);
}
