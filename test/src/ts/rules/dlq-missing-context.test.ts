import { dlqMissingContext } from '@pipelint/engine/internal/ts/rules/dlq-missing-context/index.js';
import { runRuleTests } from './tester.js';

const kafka = `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: [] });
const consumer = kafka.consumer({ groupId: 'g' });
const producer = kafka.producer();`;

runRuleTests(dlqMissingContext, {
  valid: [
    {
      name: 'the original value with the error in headers',
      code: `
${kafka}
await consumer.run({
  eachMessage: async ({ message }) => {
    try { await handle(message); } catch (err) {
      await producer.send({ topic: 'orders.dlq', messages: [{ key: message.key, value: message.value, headers: { 'x-error': err.message } }] });
    }
  },
});
`,
    },
    {
      name: 'a JSON envelope with the original payload and the error',
      code: `
${kafka}
await consumer.run({
  eachMessage: async ({ message }) => {
    const raw = message.value.toString();
    try { await handle(JSON.parse(raw)); } catch (err) {
      await producer.send({ topic: DEAD_LETTER_TOPIC, messages: [{ value: JSON.stringify({ raw, error: String(err) }) }] });
    }
  },
});
`,
    },
    {
      name: 'an error-only send to a topic that is not a dead-letter topic',
      code: `
${kafka}
await consumer.run({
  eachMessage: async ({ message }) => {
    try { await handle(message); } catch (err) {
      await producer.send({ topic: 'alerts', messages: [{ value: String(err) }] });
    }
  },
});
`,
    },
    {
      name: 'an SQS dead-letter send with error attributes',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
const sqs = new SQSClient({});
Consumer.create({
  queueUrl: URL,
  handleMessage: async (message) => {
    try { await ship(message.Body); } catch (error) {
      await sqs.send(new SendMessageCommand({
        QueueUrl: process.env.ORDERS_DLQ_URL,
        MessageBody: message.Body,
        MessageAttributes: { error: { DataType: 'String', StringValue: String(error) } },
      }));
    }
  },
});
`,
    },
    {
      name: 'a dead-letter send in a helper outside any consumer',
      code: `
${kafka}
export async function deadLetter(value, error) {
  await producer.send({ topic: 'orders.dlq', messages: [{ value: String(error) }] });
}
`,
    },
  ],
  invalid: [
    {
      name: 'a kafkajs dead-letter send with only the error',
      code: `
${kafka}
await consumer.run({
  eachMessage: async ({ message }) => {
    try { await handle(message); } catch (err) {
      await producer.send({ topic: 'orders.dlq', messages: [{ value: JSON.stringify({ error: err.message }) }] });
    }
  },
});
`,
      errors: [{ messageId: 'dropsOriginal', line: 9, column: 13, endColumn: 26, data: { destination: 'orders.dlq' } }],
    },
    {
      name: 'a kafkajs dead-letter send with only the original value',
      code: `
${kafka}
await consumer.run({
  eachMessage: async ({ message }) => {
    try { await handle(message); } catch (err) {
      await producer.send({ topic: 'orders-dead-letter', messages: [{ key: message.key, value: message.value }] });
    }
  },
});
`,
      errors: [{ messageId: 'noErrorContext', line: 9, column: 13, data: { destination: 'orders-dead-letter' } }],
    },
    {
      name: 'an amqplib sendToQueue to a DLQ without headers',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect(URL)).createChannel();
await channel.consume('orders', async (msg) => {
  try { await handle(msg); } catch (e) {
    channel.sendToQueue('orders.dlq', msg.content);
  }
  channel.ack(msg);
});
`,
      errors: [{ messageId: 'noErrorContext', line: 6, column: 5, data: { destination: 'orders.dlq' } }],
    },
    {
      name: 'an SQS Lambda handler that sends only the error message to the DLQ',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  for (const record of event.Records) {
    try { await index(JSON.parse(record.body)); } catch (error) {
      await sqs.send(new SendMessageCommand({ QueueUrl: DLQ_URL, MessageBody: error.stack }));
    }
  }
};
`,
      errors: [{ messageId: 'dropsOriginal', line: 7, column: 13, data: { destination: 'DLQ_URL' } }],
    },
    {
      name: 'a BullMQ dead-letter queue given only the failure reason',
      code: `
import { Queue, Worker } from 'bullmq';
const deadLetters = new Queue('emails-dead-letter');
new Worker('emails', async (job) => {
  try { await deliver(job.data); } catch (error) {
    await deadLetters.add('failed', { reason: error.message });
  }
});
`,
      errors: [{ messageId: 'dropsOriginal', line: 6, column: 11, data: { destination: 'deadLetters' } }],
    },
  ],
});
