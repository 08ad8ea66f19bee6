import { defineSqlRule } from '../../rule-api.js';
import type { Statement } from '../../model.js';
import { findWatermarks } from '../util/watermark.js';
import docs from './docs.js';

export default defineSqlRule({
  meta: {
    id: 'high-watermark-without-lookback',
    language: 'sql',
    concept: 'late-data',
    defaultSeverity: 'warn',
    messages: {
      noLookback:
        'This filter loads only rows whose {{column}} is {{operator}} the latest one already in {{table}}: a row that arrives late, stamped before that point, is never loaded.',
    },
    docs,
  },
  create(context) {
    return {
      statement(s: Statement) {
        if (s.kind === 'block') return;
        for (const w of findWatermarks(s)) {
          if (w.lookback || (w.operator === '>=' && w.dateColumn)) continue;
          const column = context.text({ start: w.subject[0].start, end: w.subject[w.subject.length - 1].end });
          const operator = w.operator === '>' ? 'after' : 'at or after';
          context.report({ span: w.span, messageId: 'noLookback', data: { column, operator, table: w.table } });
        }
      },
    };
  },
});
