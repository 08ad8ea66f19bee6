import type { Lesson } from './types.js';

export const costOfFreshness: Lesson = {
  id: 'cost-of-freshness',
  title: 'Cost of freshness',
  sectionTitle: 'Cost of Freshness',
  conceptKey: 'paBatchVsStreaming',
  failure: 'minute-level schedules keep compute on around the clock',
  summary:
    'Fresher data is not free. A schedule that runs every minute, a target lag of seconds or a loop that polls ' +
    'without pause buys freshness with compute that never stops, plus the engineering and on-call effort of running ' +
    'something continuously. Sometimes that is worth it; often nobody asked.',
  signals: [
    'How do you reason about what a pipeline costs?',
    'Is real time always worth it?',
    'Compare the cost of batch and streaming.',
  ],
  shortAnswer:
    'For the same throughput, real time typically costs 3 to 5 times what batch does, in compute and also in ' +
    'complexity, debugging and on-call load. Pick the freshness the business can show it needs, not the most ' +
    'impressive one.',
  answer: [
    'A realistic rule of thumb: a real-time pipeline costs three to five times as much as a batch pipeline moving ' +
      'the same volume. Compute is only part of it. Streaming systems are harder to operate and to debug, and they ' +
      'need people on call.',
    'The on-call point is the one that lands in interviews: when a streaming job fails in the middle of the night, ' +
      'someone has to get up for it. A failed batch job can usually be rerun after breakfast.',
    'So ask first what freshness is worth. If a number that is an hour old is as useful as one that is a second ' +
      'old, run batch.',
  ].join('\n\n'),
  stake: {
    template:
      'Running this often keeps compute busy around the clock for {{subject}}, which pays off only if someone needs data this fresh.',
    defaultSubject: 'this pipeline',
  },
  probes: [
    {
      question: 'How do you decide whether the freshness is worth paying for?',
      answer:
        'Ask the business what they lose with a figure that is an hour old instead of a second old. When nobody can ' +
        'put a value on the difference, batch is the right call.',
    },
    {
      question: 'What is the biggest lever on pipeline cost?',
      answer:
        'Whether compute runs all the time or only when there is work. A daily batch job might use about an hour of ' +
        'compute per day; a streaming job uses all twenty-four.',
    },
    {
      question: 'Streaming is required. How do you make it cheaper?',
      answer:
        'Use micro-batches that start, process and shut down every few minutes, and let consumer groups autoscale ' +
        'down to zero during quiet hours.',
    },
  ],
  dos: [
    'Put a value on freshness before choosing an architecture.',
    'Start with batch; move to streaming once someone shows the need.',
    'Track cost per pipeline-hour.',
  ],
  donts: [
    'Choose streaming because it is the more interesting build.',
    'Assume real time is always better.',
    'Leave the on-call burden out of a design comparison.',
  ],
};
