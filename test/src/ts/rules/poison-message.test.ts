import { poisonMessage } from '@pipelint/engine/internal/ts/rules/poison-message/index.js';
import { runRuleTests } from './tester.js';

runRuleTests(poisonMessage, {
  valid: [
    {
      name: 'a parse inside a try whose catch publishes to a dead-letter topic',
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: [] });
const consumer = kafka.consumer({ groupId: 'g' });
const producer = kafka.producer();
await consumer.run({
  eachMessage: async ({ message }) => {
    try {
      await handle(JSON.parse(message.value.toString()));
    } catch (error) {
      await producer.send({ topic: 'in.dlq', messages: [{ value: message.value, headers: { error: String(error) } }] });
    }
  },
});
`,
    },
    {
      name: 'zod safeParse whose failure branch is routed away',
      code: `
import { Kafka } from 'kafkajs';
import { z } from 'zod';
const Order = z.object({ id: z.string() });
const kafka = new Kafka({ brokers: [] });
const consumer = kafka.consumer({ groupId: 'g' });
const producer = kafka.producer();
await consumer.run({
  eachMessage: async ({ message }) => {
    const result = Order.safeParse(message.value);
    if (!result.success) {
      await producer.send({ topic: 'orders.dlq', messages: [{ value: message.value, headers: { error: result.error.message } }] });
      return;
    }
    await save(result.data);
  },
});
`,
    },
    {
      name: 'JSON.parse in a BullMQ processor (failed jobs go to the failed set)',
      code: `
import { Worker } from 'bullmq';
new Worker('imports', async (job) => {
  const rows = JSON.parse(job.data.payload);
  await load(rows);
});
`,
    },
    {
      name: 'JSON.parse outside any consumer',
      code: `
import { Kafka } from 'kafkajs';
const config = JSON.parse(process.env.KAFKA_CONFIG);
const kafka = new Kafka(config);
`,
    },
    {
      name: 'an amqplib consumer that nacks a bad payload to its dead-letter exchange',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect(URL)).createChannel();
await channel.consume('orders', (msg) => {
  let order;
  try {
    order = JSON.parse(msg.content.toString());
  } catch {
    channel.nack(msg, false, false);
    return;
  }
  channel.ack(msg);
});
`,
    },
    {
      name: 'JSON.parse in the eachMessage handler of an integration test',
      filename: 'order-consumer.test.ts',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'it' });
const seen: string[] = [];
await consumer.run({
  eachMessage: async ({ message }) => {
    seen.push(JSON.parse(message.value!.toString()).id);
  },
});
`,
    },
    {
      name: 'JSON.parse of a cached value and a deep clone, neither read from the message',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = decodeOrSkip(message.value);
    const cached = await redis.get(\`pricing-rules:\${order.region}\`);
    const rules = cached ? JSON.parse(cached) : {};
    const original = JSON.parse(JSON.stringify(order));
    await price(original, rules);
  },
});
`,
    },
  ],
  invalid: [
    {
      name: 'JSON.parse straight in eachMessage',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value.toString());
    await store(event);
  },
});
`,
      errors: [{ messageId: 'blocksPartition', line: 6, column: 19, endColumn: 29, data: { call: 'JSON.parse' } }],
    },
    {
      name: 'a zod schema parse in eachBatch, rethrown after logging',
      code: `
import { Kafka } from 'kafkajs';
import { z } from 'zod';
const Click = z.object({ url: z.string() });
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachBatch: async ({ batch, resolveOffset }) => {
    for (const message of batch.messages) {
      try {
        await save(Click.parse(message.value));
      } catch (error) {
        console.error(error);
        throw error;
      }
      resolveOffset(message.offset);
    }
  },
});
`,
      errors: [{ messageId: 'blocksPartition', line: 10, column: 20, data: { call: 'Click.parse' } }],
    },
    {
      name: 'an ajv validation failure thrown from a RabbitMQ consume callback',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect(URL)).createChannel();
await channel.consume('events', async (msg) => {
  const payload = msg.content.toString();
  if (!validateEvent(payload)) throw new Error('invalid event');
  await handle(payload);
  channel.ack(msg);
});
`,
      errors: [{ messageId: 'redeliveryLoop', line: 6, column: 32, data: { call: 'if (!validateEvent(payload)) throw' } }],
    },
    {
      name: 'a schema-registry decode in a handler passed by name',
      code: `
import { Kafka } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
const registry = new SchemaRegistry({ host: 'http://registry' });
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
async function onMessage({ message }) {
  const order = await registry.decode(message.value);
  await save(order);
}
await consumer.run({ eachMessage: onMessage });
`,
      errors: [{ messageId: 'blocksPartition', line: 7, column: 23, data: { call: 'registry.decode' } }],
    },
    {
      name: 'a safeParse failure that is thrown',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const result = OrderSchema.safeParse(message.value);
    if (!result.success) {
      throw result.error;
    }
  },
});
`,
      errors: [{ messageId: 'blocksPartition', line: 8, column: 7, data: { call: 'if (!result.success) throw' } }],
    },
    {
      name: 'JSON.parse in a transaction whose catch aborts and rethrows',
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: [] });
const producer = kafka.producer({ transactionalId: 'tx' });
await kafka.consumer({ groupId: 'g' }).run({
  eachBatch: async ({ batch }) => {
    const transaction = await producer.transaction();
    try {
      const values = batch.messages.map((m) => JSON.parse(m.value!.toString()));
      await transaction.send({ topic: 'out', messages: values.map((v) => ({ value: JSON.stringify(v) })) });
      await transaction.commit();
    } catch (error) {
      await transaction.abort();
      throw error;
    }
  },
});
`,
      errors: [{ messageId: 'blocksPartition', line: 9, column: 48, data: { call: 'JSON.parse' } }],
    },
    {
      name: 'JSON.parse of the message value after an awaited decompression',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const raw = await gunzip(message.value!);
    await save(JSON.parse(raw.toString()));
  },
});
`,
      errors: [{ messageId: 'blocksPartition', line: 7, column: 16, data: { call: 'JSON.parse' } }],
    },
  ],
});
