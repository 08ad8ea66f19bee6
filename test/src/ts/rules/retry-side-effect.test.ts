import { retrySideEffect } from '@pipelint/engine/internal/ts/rules/retry-side-effect/index.js';
import { runRuleTests } from './tester.js';

runRuleTests(retrySideEffect, {
  valid: [
    {
      name: 'a BullMQ worker that checks whether the email was already sent',
      code: `
import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({});
new Worker('receipts', async (job) => {
  if (await alreadySent(job.id)) return;
  await transporter.sendMail({ to: job.data.email });
});
`,
    },
    {
      name: 'a Stripe charge with an idempotency key derived from the job',
      code: `
import { Worker } from 'bullmq';
import Stripe from 'stripe';
const stripe = new Stripe(process.env.STRIPE_KEY!);
new Worker('charges', async (job) => {
  await stripe.paymentIntents.create({ amount: job.data.amount, currency: 'eur' }, { idempotencyKey: job.id });
});
`,
    },
    {
      name: 'a fetch POST with an Idempotency-Key header inside p-retry',
      code: `
import pRetry from 'p-retry';
export async function notify(orderId: string) {
  await pRetry(async () => {
    await fetch('https://partner.example.com/orders', {
      method: 'POST',
      headers: { 'Idempotency-Key': orderId },
      body: JSON.stringify({ orderId }),
    });
  });
}
`,
    },
    {
      name: 'a redis SET NX claim checked before publishing',
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: [] });
const consumer = kafka.consumer({ groupId: 'g' });
const producer = kafka.producer();
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const claimed = await redis.set(\`seen:\${message.offset}\`, '1', 'NX');
    if (!claimed) return;
    await producer.send({ topic: 'out', messages: [{ value: message.value }] });
  },
});
`,
    },
    {
      name: 'a PUT request, idempotent by HTTP semantics',
      code: `
import { Worker } from 'bullmq';
import axios from 'axios';
new Worker('sync', async (job) => {
  await axios.put(\`https://crm.example.com/contacts/\${job.data.id}\`, job.data);
});
`,
    },
    {
      name: 'an email sent outside any retried step',
      code: `
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({});
export async function sendWelcome(to: string) {
  await transporter.sendMail({ to, subject: 'Welcome' });
}
`,
    },
    {
      name: 'a method called sendMail on an object that is not a nodemailer transport',
      code: `
import { Worker } from 'bullmq';
import { mailer } from './mailer';
new Worker('receipts', async (job) => {
  await mailer.sendMail(job.data);
});
`,
    },
    {
      name: 'an SQS FIFO send with a MessageDeduplicationId',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Worker } from 'bullmq';
const sqs = new SQSClient({});
new Worker('fanout', async (job) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: URL, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: job.id }));
});
`,
    },
    {
      name: 'a dead-letter publish in the catch block of a consumer',
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: [] });
const consumer = kafka.consumer({ groupId: 'g' });
const producer = kafka.producer();
await consumer.run({
  eachMessage: async ({ message }) => {
    try {
      await handle(message);
    } catch (error) {
      await producer.send({ topic: 'orders.dlq', messages: [{ value: message.value }] });
    }
  },
});
`,
    },
    {
      name: 'a dead-letter publish in the validation branch of an eachBatch handler, outside any catch',
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: [] });
const producer = kafka.producer();
await kafka.consumer({ groupId: 'g' }).run({
  eachBatch: async ({ batch, resolveOffset }) => {
    for (const message of batch.messages) {
      const parsed = schema.safeParse(decode(message.value));
      if (!parsed.success) {
        await producer.send({ topic: 'views.dlq', messages: [{ value: message.value, headers: { error: parsed.error.message } }] });
      }
      resolveOffset(message.offset);
    }
  },
});
`,
    },
    {
      name: 'an email after an INSERT ... ON CONFLICT DO NOTHING claim whose row count is checked',
      code: `
import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({});
new Worker('welcome', async (job) => {
  const claimed = await db.query('INSERT INTO sent_emails (user_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id', [job.data.userId]);
  if (claimed.rowCount === 0) return;
  await transporter.sendMail({ to: job.data.email });
});
`,
    },
    {
      name: 'an email after a lookup that returns early when the record of a previous send exists',
      code: `
import { Worker } from 'bullmq';
import sgMail from '@sendgrid/mail';
new Worker('digest', async (job) => {
  const existing = await prisma.sentNotification.findUnique({ where: { key: job.id } });
  if (existing !== null) return;
  await sgMail.send({ to: job.data.email, from: 'a@example.com' });
});
`,
    },
    {
      name: 'an email wrapped in a check that no previous send was recorded',
      code: `
import { Worker } from 'bullmq';
import sgMail from '@sendgrid/mail';
new Worker('digest', async (job) => {
  const { rows } = await pool.query('SELECT 1 FROM sent WHERE key = $1', [job.id]);
  if (rows.length === 0) {
    await sgMail.send({ to: job.data.email, from: 'a@example.com' });
  }
});
`,
    },
    {
      name: 'an email after an insert whose unique-violation error returns',
      code: `
import { Worker } from 'bullmq';
import sgMail from '@sendgrid/mail';
new Worker('digest', async (job) => {
  try {
    await prisma.sentNotification.create({ data: { key: job.id } });
  } catch (error) {
    if (error.code === 'P2002') return;
    throw error;
  }
  await sgMail.send({ to: job.data.email, from: 'a@example.com' });
});
`,
    },
    {
      name: 'an in-process event bus publish inside a RabbitMQ consume callback',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
await channel.consume('prices', async (msg) => {
  await savePrice(msg);
  this.events.publish('price.changed', { sku: msg.properties.messageId });
  channel.ack(msg);
});
`,
    },
    {
      name: 'a worker that sends an email in a spec file under __tests__',
      filename: 'src/__tests__/receipts.spec.ts',
      code: `
import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({ jsonTransport: true });
new Worker('receipts', async (job) => {
  await transporter.sendMail({ to: job.data.email });
});
`,
    },
  ],
  invalid: [
    {
      name: 'a BullMQ worker sends an email with no dedup check',
      code: `
import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
const transporter = nodemailer.createTransport({});
new Worker('receipts', async (job) => {
  await transporter.sendMail({ to: job.data.email });
});
`,
      errors: [{ messageId: 'email', line: 6, column: 9, endColumn: 29, data: { call: 'transporter.sendMail', step: 'this BullMQ job' } }],
    },
    {
      name: 'a Stripe charge in a kafkajs handler without an idempotency key, with a suggestion',
      code: `
import { Kafka } from 'kafkajs';
import Stripe from 'stripe';
const stripe = new Stripe('sk');
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'billing' });
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    await stripe.paymentIntents.create({ amount: 100, currency: 'eur' });
  },
});
`,
      errors: [
        {
          messageId: 'payment',
          line: 8,
          column: 11,
          data: { call: 'stripe.paymentIntents.create', step: 'this kafkajs message' },
          suggestions: [
            {
              messageId: 'addIdempotencyKey',
              data: { key: '`paymentIntents.create-${topic}-${partition}-${message.offset}`' },
              output: `
import { Kafka } from 'kafkajs';
import Stripe from 'stripe';
const stripe = new Stripe('sk');
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'billing' });
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    await stripe.paymentIntents.create({ amount: 100, currency: 'eur' }, { idempotencyKey: \`paymentIntents.create-\${topic}-\${partition}-\${message.offset}\` });
  },
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a fetch POST inside a p-retry callback, required with CommonJS',
      code: `
const pRetry = require('p-retry');
async function notify(order) {
  return pRetry(() => fetch('https://hooks.example.com', { method: 'POST', body: JSON.stringify(order) }), { retries: 5 });
}
`,
      errors: [{ messageId: 'http', line: 4, column: 23, data: { call: 'fetch POST', step: 'the p-retry callback' } }],
    },
    {
      name: 'an SES email inside a hand-written retry loop',
      code: `
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
const ses = new SESClient({});
export async function sendReport(params: any) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await ses.send(new SendEmailCommand(params));
      return;
    } catch (error) {
      await sleep(attempt * 1000);
    }
  }
}
`,
      errors: [{ messageId: 'email', line: 7, column: 13, data: { call: 'ses.send(SendEmailCommand)', step: 'an attempt of this retry loop' } }],
    },
    {
      name: 'an SNS publish in an SQS-triggered Lambda handler',
      code: `
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import type { SQSEvent } from 'aws-lambda';
const sns = new SNSClient({});
export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: record.body }));
  }
};
`,
      errors: [{ messageId: 'publish', line: 7, column: 11, data: { call: 'sns.send(PublishCommand)', step: 'this SQS message' } }],
    },
    {
      name: 'an axios POST from an axios instance inside a Temporal activity',
      code: `
import { Context } from '@temporalio/activity';
import axios from 'axios';
const api = axios.create({ baseURL: 'https://erp.example.com' });
export async function createInvoice(order: Order): Promise<void> {
  await api.post('/invoices', order, { headers: { Authorization: TOKEN } });
}
`,
      errors: [{ messageId: 'http', line: 6, column: 9, data: { call: 'api.post', step: 'this Temporal activity' } }],
    },
    {
      name: 'a RabbitMQ publish from a consume callback',
      code: `
import amqp from 'amqplib';
const connection = await amqp.connect(URL);
const channel = await connection.createChannel();
await channel.consume('orders', async (msg) => {
  channel.publish('events', 'order.accepted', Buffer.from(msg.content));
  channel.ack(msg);
});
`,
      errors: [{ messageId: 'publish', line: 6, column: 3, data: { call: 'channel.publish', step: 'this RabbitMQ message' } }],
    },
    {
      name: 'an email after a lookup that returns only when the user is missing (not a dedup check)',
      code: `
import { Worker } from 'bullmq';
import sgMail from '@sendgrid/mail';
new Worker('reset', async (job) => {
  const user = await prisma.user.findUnique({ where: { id: job.data.userId } });
  if (!user) return;
  await sgMail.send({ to: user.email, from: 'a@example.com' });
});
`,
      errors: [{ messageId: 'email', line: 7, column: 9, data: { call: 'sgMail.send', step: 'this BullMQ job' } }],
    },
  ],
});
