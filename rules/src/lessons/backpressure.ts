import type { Lesson } from './types.js';

export const backpressure: Lesson = {
  id: 'backpressure',
  title: 'Backpressure',
  sectionTitle: 'Backpressure',
  conceptKey: 'paStreamProcessing',
  failure: 'a consumer slower than its producer runs out of memory or floods downstream',
  summary:
    'Every pipeline has a slowest stage, and sooner or later upstream produces faster than that stage can absorb. ' +
    'Backpressure is how the system reacts to the gap. Code that buffers without a limit, ignores the signal a ' +
    'stream gives when it is full, fires unlimited concurrent requests or writes one row per round trip works on a ' +
    'quiet day and falls over on the first load spike.',
  signals: [
    'What happens when the consumer falls behind the producer?',
    'How do you keep from flooding a downstream system?',
    'What is backpressure?',
  ],
  shortAnswer:
    'Backpressure is the gap when downstream is slower than upstream; left alone it ends in dropped data, exhausted ' +
    'memory or an endless queue. Absorb short bursts in a bounded buffer, slow the producer when overload lasts, and ' +
    'add consumers where the platform scales.',
  answer: [
    'When a consumer processes slower than its producer emits, the difference has to go somewhere. If nothing ' +
      'decides where, the system picks for you: memory fills until the process dies, a queue grows without end, or ' +
      'data quietly disappears.',
    'A strong answer names the choices. A buffer rides out a short burst. When the overload persists, the producer ' +
      'has to slow down, and where the infrastructure is elastic you add consumers.',
    'In Node the signal is built in: `write()` returns `false` when the stream\'s buffer is full. Ignoring it means ' +
      'buffering the whole input in memory:',
    '```ts\nfor await (const row of source) {\n  out.write(JSON.stringify(row) + \'\\n\'); // return value ignored\n}\n```',
    'Let `pipeline()` honour the signal for you, or wait for `drain` yourself:',
    '```ts\nimport { once } from \'node:events\';\n\nfor await (const row of source) {\n  if (!out.write(JSON.stringify(row) + \'\\n\')) await once(out, \'drain\');\n}\n```',
  ].join('\n\n'),
  stake: {
    template:
      'Load is not steady: on a spike {{subject}} takes in work faster than it finishes it, and nothing here makes the producer wait.',
    defaultSubject: 'this code',
  },
  probes: [
    {
      question: 'The buffer is full. Now what?',
      answer:
        'Spilling to disk is the last resort; dropping the oldest entries is acceptable only when the use case ' +
        'tolerates it. Whatever you drop, count it, log it and alert on it: a silent drop is a data-loss bug nobody ' +
        'will find.',
      rules: ['silent-drop', 'unbounded-buffer'],
    },
    {
      question: 'How does Kafka deal with a slow consumer?',
      answer:
        'Through consumer groups. Partitions are split among the consumers of a group, so each one owns a subset; ' +
        'adding consumers, up to the number of partitions, raises throughput roughly in proportion.',
    },
    {
      question: 'Does a nightly batch job need to think about backpressure?',
      answer:
        'Yes. Writing faster than the warehouse can take it shows up as timeouts and lock contention. Throttle the ' +
        'writer, or group rows into staged batches instead of one statement per row.',
      rules: ['per-row-write'],
    },
    {
      question: 'Where does backpressure hide in Node code?',
      answer:
        'In three places. A `write()` that returns `false` is asking you to pause until `drain` (or use `pipeline()`). ' +
        'An array used as an uncapped queue grows until the heap runs out and the process dies. `Promise.all` over a ' +
        'list of unknown length opens unlimited concurrent requests against whatever sits downstream; cap it with a ' +
        'small pool.',
      rules: ['unbounded-buffer', 'ignored-write-backpressure', 'unbounded-concurrency'],
    },
  ],
  patterns: {
    caption: 'Four ways to handle a consumer that falls behind',
    columns: ['Strategy', 'What it does', 'Use it when'],
    rows: [
      ['Buffer', 'Hold events in a bounded queue until the consumer catches up.', 'Bursts and brief slowdowns'],
      ['Drop oldest', 'Throw away the oldest queued events to make room.', 'Metrics where only the newest value matters'],
      ['Throttle producer', 'Signal upstream to send less until the consumer recovers.', 'Kafka consumer groups, TCP flow control'],
      ['Scale consumer', 'Run more consumer instances in parallel.', 'Lasting high volume on elastic infrastructure'],
    ],
  },
  dos: [
    'Give every in-memory queue a maximum size and decide what happens at the limit.',
    'Respect `write()` returning `false`, or let `pipeline()` do it.',
    'Cap concurrency against databases and APIs with a small pool.',
    'Write in batches, not one round trip per row.',
  ],
  donts: [
    'Push into an array as a queue with no limit.',
    'Run `Promise.all` over a list whose length you do not control.',
    'Drop events without a counter, a log line and an alert.',
  ],
};
