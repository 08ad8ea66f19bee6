import { formatMessage } from './engine-rules.js';
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
