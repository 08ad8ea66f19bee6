import type { Lesson } from './types.js';

export const deadLetterQueues: Lesson = {
  id: 'dead-letter-queues',
  title: 'Dead letter queues',
  sectionTitle: 'Dead Letter Queues',
  conceptKey: 'paApiIngestion',
  failure: 'a bad message is lost, or blocks the queue forever',
  summary:
    'Some messages will never process: truncated JSON, a field of the wrong type, a record that trips a bug. A ' +
    'consumer has three options for them: crash, drop, or set them aside. Handlers that swallow errors drop data ' +
    'silently; handlers that rethrow or nack forever turn one bad message into a stuck partition or an endless ' +
    'redelivery loop. A dead letter queue is the third option, done properly.',
  signals: [
    'Where do events go when processing fails?',
    'How do you deal with a poison message?',
    'What is a dead letter queue for?',
  ],
  shortAnswer:
    'A dead letter queue takes the events a pipeline cannot process, with the original payload and the error, so the ' +
    'pipeline neither crashes nor silently loses them; someone reviews them, fixes the cause and replays or discards.',
  answer: [
    'Events fail for ordinary reasons: malformed JSON, a schema violation, an exception the code did not expect. ' +
      'Crashing stops every good event behind the bad one; dropping loses it without a trace.',
    'A dead letter queue is a separate queue for those events. Each entry keeps the untouched original payload ' +
      'together with error context (the error, where it happened, when, how many attempts). A person looks at ' +
      'the queue, fixes the underlying bug or the data, and then replays the events or discards them deliberately.',
    'This handler loses every message it cannot parse, and nobody will ever know:',
    '```ts\nconsumer.on(\'message\', async (msg) => {\n  try {\n    await save(JSON.parse(msg.value));\n  } catch (err) {\n    console.error(err);\n  }\n});\n```',
    'Route the failure away with enough context to replay it:',
    '```ts\nconsumer.on(\'message\', async (msg) => {\n  try {\n    await save(JSON.parse(msg.value));\n  } catch (err) {\n    await deadLetters.send({\n      payload: msg.value,\n      error: String(err),\n      source: { topic: msg.topic, partition: msg.partition, offset: msg.offset },\n      failedAt: new Date().toISOString(),\n    });\n  }\n});\n```',
  ].join('\n\n'),
  stake: {
    template:
      'Some messages will always fail in {{subject}}; without a place to set them aside with their error, they are lost or redelivered forever.',
    defaultSubject: 'this handler',
  },
  probes: [
    {
      question: 'What if nobody ever looks at the DLQ?',
      answer:
        'Then it is data loss with more moving parts. Alert on its depth, review it on a schedule, and keep a runbook ' +
        'for the failures that recur.',
      rules: ['dlq-unmonitored'],
    },
    {
      question: 'You fixed the bug. How do the dead-lettered events get back?',
      answer:
        'Replay them: read from the DLQ, run each event through the corrected code, and let it land in the target as usual. ' +
        'This only works if the pipeline is idempotent, otherwise a replay of something that half-succeeded creates ' +
        'duplicates.',
      rules: ['dlq-missing-context'],
    },
    {
      question: 'We already log every error. Why do we need a DLQ as well?',
      answer:
        'A log line tells you what failed. The DLQ holds the event itself, so it can be processed again once the cause ' +
        'is fixed. You want both.',
      rules: ['swallowed-consumer-error'],
    },
    {
      question: 'What is a poison message?',
      answer:
        'A payload that fails every time, for example one on which `JSON.parse` always throws. Unless it is routed to ' +
        'the DLQ it blocks its Kafka partition for good, or cycles through redelivery forever.',
      rules: ['poison-message', 'nack-without-dead-letter', 'queue-without-dlq'],
    },
  ],
  dos: [
    'Keep the original payload plus error, source and attempt count on every dead-lettered event.',
    'Alert on DLQ depth and age, and review it on a schedule.',
    'Make the pipeline idempotent so replays are safe.',
  ],
  donts: [
    'Catch an error and only log it.',
    'Nack or rethrow a message that will fail the same way on every delivery.',
    'Create a DLQ that nothing monitors.',
  ],
};
