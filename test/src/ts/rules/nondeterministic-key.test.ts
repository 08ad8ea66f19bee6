import { nondeterministicKey } from '@pipelint/engine/internal/ts/rules/nondeterministic-key/index.js';
import { runRuleTests } from './tester.js';

runRuleTests(nondeterministicKey, {
  valid: [
    {
      name: 'a Kafka key taken from the order id',
      code: `
import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export async function publish(order: { id: string }) {
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order) }] });
}
`,
    },
    {
      name: 'a uuid v5 (name-based, deterministic) idempotency key',
      code: `
import { v5 as uuidv5 } from 'uuid';
const NS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
export async function pay(orderId: string) {
  await fetch('https://pay.example.com', { method: 'POST', headers: { 'Idempotency-Key': uuidv5(orderId, NS) } });
}
`,
    },
    {
      name: 'a random id as a row value, not as a key',
      code: `
import { v4 as uuidv4 } from 'uuid';
export const row = { id: uuidv4(), createdAt: new Date() };
`,
    },
    {
      name: 'a BullMQ jobId derived from the input',
      code: `
import { Queue } from 'bullmq';
const queue = new Queue('emails');
export async function enqueue(userId: string, day: string) {
  await queue.add('digest', { userId }, { jobId: \`digest-\${userId}-\${day}\` });
}
`,
    },
    {
      name: 'a key property outside a kafkajs file',
      code: `
import { randomUUID } from 'crypto';
export const entry = { key: randomUUID(), value: 1 };
`,
    },
    {
      name: 'a Prisma upsert keyed on the input email',
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function save(u: { email: string }) {
  await prisma.user.upsert({ where: { email: u.email }, create: { email: u.email, seenAt: new Date() }, update: { seenAt: new Date() } });
}
`,
    },
    {
      name: 'a UUID drawn once before p-retry, so every attempt sends the same key',
      code: `
import pRetry from 'p-retry';
import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
const stripe = new Stripe('sk');
export async function createCustomer(email: string) {
  const options = { idempotencyKey: randomUUID() };
  return pRetry(() => stripe.customers.create({ email }, options), { retries: 2 });
}
`,
    },
    {
      name: 'a key const drawn before async-retry and used inside the callback',
      code: `
import retry from 'async-retry';
import { v4 as uuidv4 } from 'uuid';
export async function pay(amount: number) {
  const key = uuidv4();
  await retry(() => fetch('https://pay.example.com', { method: 'POST', headers: { 'Idempotency-Key': key }, body: String(amount) }));
}
`,
    },
    {
      name: 'a random key in a test file',
      filename: 'src/__tests__/charge.ts',
      code: `
import Stripe from 'stripe';
import { randomUUID } from 'crypto';
const stripe = new Stripe('sk');
export async function charge(amount: number) {
  await stripe.paymentIntents.create({ amount, currency: 'eur' }, { idempotencyKey: randomUUID() });
}
`,
    },
  ],
  invalid: [
    {
      name: 'a UUID drawn inside the p-retry callback changes on every attempt',
      code: `
import pRetry from 'p-retry';
import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
const stripe = new Stripe('sk');
export async function createCustomer(email: string) {
  return pRetry(() => stripe.customers.create({ email }, { idempotencyKey: randomUUID() }), { retries: 2 });
}
`,
      errors: [{ messageId: 'idempotencyKey', line: 7, column: 76, endColumn: 88, data: { source: 'randomUUID()', field: '' } }],
    },
    {
      name: 'a UUID drawn at the top of a kafkajs eachMessage changes on every redelivery, even with p-retry inside',
      code: `
import { Kafka } from 'kafkajs';
import pRetry from 'p-retry';
import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
const stripe = new Stripe('sk');
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'refunds' });
export async function start() {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = randomUUID();
      await pRetry(() => stripe.refunds.create({ payment_intent: String(message.value) }, { idempotencyKey: key }));
    },
  });
}
`,
      errors: [{ messageId: 'idempotencyKey', line: 12, column: 109, endColumn: 112, data: { source: 'randomUUID()', field: '' } }],
    },
    {
      name: 'a module-level UUID shared by every call that the retry captures',
      code: `
import pRetry from 'p-retry';
import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';
const stripe = new Stripe('sk');
const options = { idempotencyKey: randomUUID() };
export async function createCustomer(email: string) {
  return pRetry(() => stripe.customers.create({ email }, options));
}
`,
      errors: [{ messageId: 'idempotencyKey', line: 6, column: 35, endColumn: 47, data: { source: 'randomUUID()', field: '' } }],
    },
    {
      name: 'a Kafka message key from uuid v4',
      code: `
import { Kafka } from 'kafkajs';
import { v4 as uuidv4 } from 'uuid';
const producer = new Kafka({ brokers: [] }).producer();
export async function publish(order: { id: string }) {
  await producer.send({ topic: 'orders', messages: [{ key: uuidv4(), value: JSON.stringify(order) }] });
}
`,
      errors: [{ messageId: 'kafkaKey', line: 6, column: 60, endColumn: 68, data: { source: 'uuidv4()', field: '' } }],
    },
    {
      name: 'a Stripe idempotency key from crypto.randomUUID through a const',
      code: `
import Stripe from 'stripe';
const stripe = new Stripe('sk');
export async function charge(amount: number) {
  const key = crypto.randomUUID();
  await stripe.charges.create({ amount, currency: 'eur' }, { idempotencyKey: key });
}
`,
      errors: [{ messageId: 'idempotencyKey', line: 6, column: 78, data: { source: 'crypto.randomUUID()', field: '' } }],
    },
    {
      name: 'an SQS deduplication id from the clock in a template',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function send(body: string) {
  await sqs.send(new SendMessageCommand({ QueueUrl: 'q.fifo', MessageBody: body, MessageGroupId: 'g', MessageDeduplicationId: \`dedup-\${Date.now()}\` }));
}
`,
      errors: [{ messageId: 'dedupId', line: 5, column: 127, data: { source: 'Date.now()', field: '' } }],
    },
    {
      name: 'an Idempotency-Key header set from nanoid',
      code: `
import { nanoid } from 'nanoid';
export async function notify(payload: object) {
  const headers = new Headers();
  headers.set('Idempotency-Key', nanoid());
  await fetch('https://partner.example.com/hooks', { method: 'POST', headers, body: JSON.stringify(payload) });
}
`,
      errors: [{ messageId: 'idempotencyKey', line: 5, column: 34, data: { source: 'nanoid()', field: '' } }],
    },
    {
      name: 'a BullMQ jobId from Math.random',
      code: `
import { Queue } from 'bullmq';
const queue = new Queue('emails');
export async function enqueue(userId: string) {
  await queue.add('digest', { userId }, { jobId: String(Math.random()) });
}
`,
      errors: [{ messageId: 'jobId', line: 5, column: 50, data: { source: 'Math.random()', field: '' } }],
    },
    {
      name: 'a Prisma upsert whose where clause is a fresh timestamp',
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function snapshot(total: number) {
  await prisma.snapshot.upsert({ where: { takenAt: new Date().toISOString() }, create: { total }, update: { total } });
}
`,
      errors: [{ messageId: 'upsertKey', line: 5, column: 52, data: { source: 'new Date()', field: 'takenAt' } }],
    },
  ],
});
