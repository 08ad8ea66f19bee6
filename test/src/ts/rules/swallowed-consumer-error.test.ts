import { swallowedConsumerError } from '@pipelint/engine/internal/ts/rules/swallowed-consumer-error/index.js';
import { runRuleTests } from './tester.js';

runRuleTests(swallowedConsumerError, {
  valid: [
    {
      name: 'a kafkajs handler that rethrows after logging',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    try {
      await save(message);
    } catch (error) {
      logger.error({ error }, 'save failed');
      throw error;
    }
  },
});
`,
    },
    {
      name: 'a BullMQ processor that moves the job to a dead-letter queue in its catch',
      code: `
import { Queue, Worker } from 'bullmq';
const dlq = new Queue('emails-dlq');
new Worker('emails', async (job) => {
  try {
    await deliver(job.data);
  } catch (error) {
    console.error(error);
    await dlq.add('failed', { job: job.data, error: String(error) });
  }
});
`,
    },
    {
      name: 'an SQS Lambda handler that reports batch item failures',
      code: `
import type { SQSEvent } from 'aws-lambda';
export const handler = async (event: SQSEvent) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      await process(JSON.parse(record.body));
    } catch (error) {
      console.error(error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
`,
    },
    {
      name: 'a log-only catch in a plain function, not a consumer',
      code: `
import { Kafka } from 'kafkajs';
export async function warmCache() {
  try {
    await refresh();
  } catch (error) {
    console.warn('cache refresh failed', error);
  }
}
`,
    },
    {
      name: 'an amqplib consumer that never acks a failed message (it is redelivered, not lost)',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect(URL)).createChannel();
await channel.consume('orders', async (msg) => {
  try {
    await handle(msg);
    channel.ack(msg);
  } catch (error) {
    console.error(error);
  }
});
`,
    },
    {
      name: 'the catch of a retry loop inside a consumer',
      code: `
import { Worker } from 'bullmq';
new Worker('sync', async (job) => {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await push(job.data);
      return;
    } catch (error) {
      console.warn('retrying', attempt, error);
    }
  }
  throw new Error('gave up');
});
`,
    },
    {
      name: 'a log-only catch around a cache invalidation after the handler wrote its result',
      code: `
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
const pool = new Pool();
await new Kafka({ brokers: [] }).consumer({ groupId: 'g' }).run({
  eachMessage: async ({ message }) => {
    const profile = decode(message.value);
    await pool.query('UPDATE profiles SET name = $2 WHERE id = $1', [profile.id, profile.name]);
    try {
      await redis.del(\`profile:\${profile.id}\`);
    } catch (error) {
      logger.warn({ err: error }, 'cache invalidation failed');
    }
  },
});
`,
    },
    {
      name: 'a log-only catch around an optional lookup, after which the handler still writes the message',
      code: `
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
const pool = new Pool();
await new Kafka({ brokers: [] }).consumer({ groupId: 'g' }).run({
  eachMessage: async ({ message }) => {
    let trace = {};
    try {
      trace = await lookupTrace(message.headers);
    } catch (error) {
      logger.debug({ err: error }, 'no trace context');
    }
    await pool.query('INSERT INTO audit (body, trace) VALUES ($1, $2)', [message.value, trace]);
  },
});
`,
    },
  ],
  invalid: [
    {
      name: 'a kafkajs eachMessage catch that only logs',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    try {
      await save(message);
    } catch (error) {
      console.error('save failed', error);
    }
  },
});
`,
      errors: [{ messageId: 'swallowed', line: 8, column: 7, endLine: 8, endColumn: 12, data: { handler: 'this kafkajs message' } }],
    },
    {
      name: 'an empty catch in a BullMQ worker processor declared as a named function',
      code: `
import { Worker } from 'bullmq';
async function processInvoice(job) {
  try {
    await render(job.data);
  } catch {}
}
new Worker('invoices', processInvoice);
`,
      errors: [{ messageId: 'swallowed', line: 6, column: 5, data: { handler: 'this BullMQ job' } }],
    },
    {
      name: 'an SQS Lambda handler that logs and continues with the next record',
      code: `
export const handler = async (event) => {
  for (const record of event.Records) {
    try {
      await index(JSON.parse(record.body));
    } catch (err) {
      logger.error(err);
      continue;
    }
  }
};
`,
      errors: [{ messageId: 'swallowed', line: 6, column: 7, data: { handler: 'this SQS message' } }],
    },
    {
      name: 'an amqplib consumer that acks after a log-only catch',
      code: `
const amqp = require('amqplib');
async function start(channel) {
  await channel.consume('orders', async (msg) => {
    try {
      await handle(JSON.parse(msg.content.toString()));
    } catch (e) {
      this.logger.warn('failed', e);
    }
    channel.ack(msg);
  });
}
`,
      errors: [{ messageId: 'swallowed', line: 7, column: 7, data: { handler: 'this RabbitMQ message' } }],
    },
    {
      name: 'an sqs-consumer handleMessage whose catch only reports to Sentry',
      code: `
import { Consumer } from 'sqs-consumer';
const app = Consumer.create({
  queueUrl: URL,
  handleMessage: async (message) => {
    try {
      await ship(JSON.parse(message.Body));
    } catch (error) {
      Sentry.captureException(error);
    }
  },
});
`,
      errors: [{ messageId: 'swallowed', line: 8, column: 7, data: { handler: 'this SQS message' } }],
    },
    {
      name: 'a log-only catch around the write itself, after a read',
      code: `
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
const pool = new Pool();
await new Kafka({ brokers: [] }).consumer({ groupId: 'g' }).run({
  eachMessage: async ({ message }) => {
    const { rows } = await pool.query('SELECT id FROM accounts WHERE email = $1', [message.key!.toString()]);
    try {
      await pool.query('INSERT INTO logins (account_id) VALUES ($1)', [rows[0].id]);
    } catch (error) {
      logger.error({ err: error }, 'login not recorded');
    }
  },
});
`,
      errors: [{ messageId: 'swallowed', line: 10, column: 7, endColumn: 12, data: { handler: 'this kafkajs message' } }],
    },
    {
      name: 'a log-only catch per SQS record, although the handler writes a summary after the loop',
      code: `
import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';
const pool = new Pool();
export async function handler(event: SQSEvent) {
  for (const record of event.Records) {
    try {
      await pool.query('INSERT INTO clicks (id) VALUES ($1)', [record.messageId]);
    } catch (error) {
      console.error('click lost', error);
    }
  }
  await pool.query('INSERT INTO runs (records) VALUES ($1)', [event.Records.length]);
}
`,
      errors: [{ messageId: 'swallowed', line: 9, column: 7, endColumn: 12, data: { handler: 'this SQS message' } }],
    },
  ],
});
