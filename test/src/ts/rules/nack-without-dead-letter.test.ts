import { nackWithoutDeadLetter } from '@pipelint/engine/internal/ts/rules/nack-without-dead-letter/index.js';
import { runRuleTests } from './tester.js';

const setup = `import amqp from 'amqplib';
const channel = await (await amqp.connect(URL)).createChannel();`;

runRuleTests(nackWithoutDeadLetter, {
  valid: [
    {
      name: 'nack without requeue on a queue declared with a dead-letter exchange',
      code: `
${setup}
await channel.assertQueue('orders', { durable: true, deadLetterExchange: 'orders.dlx' });
await channel.consume('orders', async (msg) => {
  try { await handle(msg); channel.ack(msg); } catch { channel.nack(msg, false, false); }
});
`,
    },
    {
      name: 'reject without requeue on a queue with an x-dead-letter-exchange argument',
      code: `
${setup}
await channel.assertQueue('orders', { arguments: { 'x-dead-letter-exchange': 'dlx' } });
await channel.consume('orders', async (msg) => {
  try { await handle(msg); channel.ack(msg); } catch { channel.reject(msg, false); }
});
`,
    },
    {
      name: 'requeue only on the first delivery',
      code: `
${setup}
await channel.consume('orders', async (msg) => {
  try { await handle(msg); channel.ack(msg); } catch {
    if (!msg.fields.redelivered) channel.nack(msg);
    else channel.nack(msg, false, false);
  }
});
`,
    },
    {
      name: 'a computed requeue flag',
      code: `
${setup}
await channel.consume('orders', async (msg) => {
  try { await handle(msg); channel.ack(msg); } catch (e) { channel.nack(msg, false, isTransient(e)); }
});
`,
    },
    {
      name: 'nack without requeue when the queue is declared elsewhere',
      code: `
${setup}
await channel.consume('orders', async (msg) => {
  try { await handle(msg); channel.ack(msg); } catch { channel.nack(msg, false, false); }
});
`,
    },
    {
      name: 'a Promise reject callback, not a channel',
      code: `
${setup}
await new Promise((resolve, reject) => {
  channel.close().catch(() => reject(new Error('close failed')));
});
`,
    },
    {
      name: 'nack with the default requeue on a quorum queue with a delivery limit',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
const OPTIONS = { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-dead-letter-exchange': 'geo.dlx' } };
await channel.assertQueue('geo', OPTIONS);
await channel.consume('geo', async (msg) => {
  try {
    await geocode(msg);
    channel.ack(msg);
  } catch (error) {
    channel.nack(msg);
  }
});
`,
    },
  ],
  invalid: [
    {
      name: 'nack with the default requeue in a catch block',
      code: `
${setup}
await channel.consume('orders', async (msg) => {
  try {
    await handle(msg);
    channel.ack(msg);
  } catch (error) {
    channel.nack(msg);
  }
});
`,
      errors: [{ messageId: 'requeueLoop', line: 9, column: 5, endColumn: 17, data: { call: 'channel.nack' } }],
    },
    {
      name: 'reject with requeue true in a .catch callback',
      code: `
${setup}
await channel.consume('orders', (msg) => {
  handle(msg).then(() => channel.ack(msg)).catch(() => channel.reject(msg, true));
});
`,
      errors: [{ messageId: 'requeueLoop', line: 5, column: 56, data: { call: 'channel.reject' } }],
    },
    {
      name: 'nack with explicit requeue true',
      code: `
${setup}
await channel.consume('orders', async (msg) => {
  try { await handle(msg); channel.ack(msg); } catch { channel.nack(msg, false, true); }
});
`,
      errors: [{ messageId: 'requeueLoop', line: 5, column: 56, data: { call: 'channel.nack' } }],
    },
    {
      name: 'nack without requeue on a queue asserted without a dead-letter exchange',
      code: `
${setup}
await channel.assertQueue('orders', { durable: true });
await channel.consume('orders', async (msg) => {
  try { await handle(msg); channel.ack(msg); } catch { channel.nack(msg, false, false); }
});
`,
      errors: [{ messageId: 'discarded', line: 6, column: 56, data: { call: 'channel.nack', queue: 'orders' } }],
    },
    {
      name: 'reject without requeue on a queue named by a constant and asserted with no options',
      code: `
${setup}
const QUEUE = 'invoices';
await channel.assertQueue(QUEUE);
await channel.consume(QUEUE, (msg) => {
  if (!isValid(msg)) return channel.reject(msg, false);
  channel.ack(msg);
});
`,
      errors: [{ messageId: 'discarded', line: 7, column: 29, data: { call: 'channel.reject', queue: 'invoices' } }],
    },
  ],
});
