import type { Lesson } from './types.js';

export const lateData: Lesson = {
  id: 'late-data',
  title: 'Late-arriving data',
  sectionTitle: 'Late-Arriving Data',
  conceptKey: 'paStreamProcessing',
  failure: 'late rows are skipped forever, or a re-run loads another window',
  summary:
    'Events do not arrive in the order they happened. A phone in a tunnel, a retrying client or a slow partition ' +
    'delivers events minutes or hours after the fact. A pipeline that only looks forward from the newest timestamp ' +
    'it has seen, or that windows by the time it runs instead of the time events happened, skips those events without ' +
    'a trace.',
  signals: [
    'Events show up out of order. Now what?',
    'How does your pipeline deal with late events?',
    'Explain watermarks.',
  ],
  shortAnswer:
    'Late data is normal, not an edge case. A watermark estimates how far behind real time events can still ' +
    'arrive; anything later goes to a side output that a periodic reconciliation job merges back into the main table.',
  answer: [
    'Expect lateness: a mobile app that lost its connection will upload half an hour of events in one go when it ' +
      'comes back. The question is not whether late events exist but what the pipeline does with them.',
    'A watermark is the system\'s running estimate of how late data may still arrive. Windows stay open until the ' +
      'watermark passes them. Events that come in after that are not thrown away: they go to a side output, and a ' +
      'scheduled reconciliation job (daily, say) folds them into the canonical table.',
    'The batch version of the same mistake is the high-water-mark load. Its watermark is zero, so any row that lands ' +
      'with an older `event_time` than the current maximum is never loaded:',
    '```sql\nINSERT INTO events_clean\nSELECT * FROM events_raw\nWHERE event_time > (SELECT max(event_time) FROM events_clean);\n```',
    'Re-read a lookback window and write with a key, so rows seen twice are skipped rather than duplicated:',
    '```sql\nINSERT INTO events_clean\nSELECT * FROM events_raw\nWHERE event_time > (SELECT max(event_time) - INTERVAL \'3 hours\' FROM events_clean)\nON CONFLICT (event_id) DO NOTHING;\n```',
  ].join('\n\n'),
  stake: {
    template:
      'Events reach {{subject}} late all the time (retries, offline devices, slow partitions), and nothing here gives them a second chance.',
    defaultSubject: 'the target',
  },
  probes: [
    {
      question: 'How do you choose the watermark?',
      answer:
        'Measure lateness and pick a percentile. If 99% of events show up within 10 minutes, start at 10 minutes. A ' +
        'loose watermark (an hour) delays results but drops little; a tight one (a minute) gives fresh numbers and ' +
        'sends more events to the late path.',
    },
    {
      question: 'What happens to the events that miss the watermark?',
      answer:
        'They are routed to a late partition or side output and reconciled later. They arrive in the final numbers ' +
        'after a delay; they are never discarded.',
    },
    {
      question: 'Reconciliation changes yesterday\'s totals. Is that a problem?',
      answer:
        'Only if consumers were not told. Publish figures as preliminary until the reconciliation window has closed, ' +
        'and say when that is.',
    },
    {
      question: 'Where does late data go missing in a SQL pipeline?',
      answer:
        'In incremental filters like `event_time > (select max(event_time) from target)`, whose watermark is zero, ' +
        'and in windows computed from `now()` or `current_date`, which measure processing time rather than event ' +
        'time. Add a lookback window, make the write an upsert, and window on the event timestamp.',
      rules: ['high-watermark-without-lookback', 'wall-clock-window'],
    },
  ],
  dos: [
    'Window and filter on the event timestamp, not on the clock of the machine running the job.',
    'Re-read a lookback window on every incremental load and upsert the result.',
    'Route events behind the watermark to a side output and reconcile them on a schedule.',
  ],
  donts: [
    'Load only rows newer than the target\'s maximum timestamp.',
    'Drop late events without counting them.',
    'Present aggregates as final before the reconciliation window closes.',
  ],
};
