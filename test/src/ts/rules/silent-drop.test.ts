import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { silentDrop } from '@pipelint/engine/internal/ts/rules/silent-drop/index.js';
import { runRuleTests } from './tester.js';

const WS_FEED = `
import WebSocket from 'ws';
const MAX = 1000;
const pending: string[] = [];
const ws = new WebSocket('wss://feed.example.com');
ws.on('message', (data) => {
  if (pending.length >= MAX) pending.shift();
  pending.push(String(data));
});
setInterval(() => send(pending.splice(0)), 1000);
declare function send(rows: string[]): void;
`;

const RETURN_WHEN_FULL = `
import { EventEmitter } from 'events';
const bus = new EventEmitter();
const queue: unknown[] = [];
bus.on('order', (order: unknown) => {
  if (queue.length >= 5000) return;
  queue.push(order);
});
setInterval(() => work(queue.splice(0, 100)), 50);
declare function work(batch: unknown[]): void;
`;

const KAFKA_OVERLOAD = `
import { Kafka } from 'kafkajs';
const MAX_IN_FLIGHT = 50;
let inFlight = 0;
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    if (inFlight >= MAX_IN_FLIGHT) return;
    inFlight++;
    try {
      await handle(message.value);
    } finally {
      inFlight--;
    }
  },
});
declare function handle(v: unknown): Promise<void>;
`;

runRuleTests(silentDrop, {
  valid: [
    {
      name: 'a drop of the oldest item that increments a prom-client counter',
      code: `
import WebSocket from 'ws';
import { Counter } from 'prom-client';
const dropped = new Counter({ name: 'dropped_total', help: 'x' });
const pending: string[] = [];
new WebSocket('wss://x').on('message', (data) => {
  if (pending.length >= 1000) {
    pending.shift();
    dropped.inc();
  }
  pending.push(String(data));
});
setInterval(() => send(pending.splice(0)), 1000);
declare function send(rows: string[]): void;
`,
    },
    {
      name: 'a drop that logs a warning and counts in a plain variable',
      code: `
import { EventEmitter } from 'events';
const bus = new EventEmitter();
const queue: number[] = [];
let droppedCount = 0;
bus.on('sample', (v: number) => {
  if (queue.length > 500) {
    queue.splice(0, 100);
    droppedCount += 100;
    console.warn('sample queue full, dropped 100');
  }
  queue.push(v);
});
setInterval(() => flush(queue.splice(0)), 1000);
declare function flush(v: number[]): void;
`,
    },
    {
      name: 'a worker loop that dequeues with shift and uses the item',
      code: `
import WebSocket from 'ws';
const queue: string[] = [];
new WebSocket('wss://x').on('message', (d) => {
  if (queue.length < 1000) queue.push(String(d));
  else throw new Error('queue full');
});
setInterval(() => {
  while (queue.length > 10) {
    const item = queue.shift();
    handle(item);
  }
}, 100);
declare function handle(x: unknown): void;
`,
    },
    {
      name: 'a full buffer flushed and then reset',
      code: `
import { EventEmitter } from 'events';
const bus = new EventEmitter();
const batch: number[] = [];
bus.on('metric', (v: number) => {
  batch.push(v);
  if (batch.length >= 500) {
    send([...batch]);
    batch.length = 0;
  }
});
declare function send(v: number[]): void;
`,
    },
    {
      name: 'a sliding window of recent ticks that nothing consumes',
      code: `
import WebSocket from 'ws';
const recent: number[] = [];
new WebSocket('wss://x').on('message', (d) => {
  recent.push(Number(d));
  if (recent.length > 50) recent.shift();
});
export const average = () => recent.reduce((a, b) => a + b, 0) / recent.length;
`,
    },
    {
      name: 'an LRU cache evicting its oldest key in a file with no pipeline imports',
      code: `
export class LruCache<V> {
  private keys: string[] = [];
  private map = new Map<string, V>();
  set(key: string, value: V) {
    if (this.keys.length >= 100) this.keys.shift();
    this.keys.push(key);
    this.map.set(key, value);
  }
  drain() {
    return this.keys.splice(0).map((k) => this.map.get(k));
  }
}
`,
    },
    {
      name: 'a ring buffer written as index arithmetic',
      code: `
import WebSocket from 'ws';
const SIZE = 1024;
const ring = new Array<number>(SIZE);
let head = 0;
new WebSocket('wss://x').on('message', (d) => {
  ring[head % SIZE] = Number(d);
  head++;
});
`,
    },
    {
      name: 'an enqueue method that returns false so the caller knows the item was refused',
      code: `
import { Readable } from 'stream';
export class Pump {
  private queue: unknown[] = [];
  offer(item: unknown): boolean {
    if (this.queue.length >= 100) return false;
    this.queue.push(item);
    return true;
  }
  take(): unknown {
    return this.queue.shift();
  }
}
`,
    },
    {
      name: 'a kafkajs handler that skips a message because the message itself is too large',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    if ((message.value?.length ?? 0) > 1_000_000) return;
    await handle(message.value);
  },
});
declare function handle(v: unknown): Promise<void>;
`,
    },
    {
      name: 'a kafkajs handler that pauses the consumer when it is overloaded',
      code: `
import { Kafka } from 'kafkajs';
let inFlight = 0;
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ topic, message }) => {
    if (inFlight >= 50) {
      consumer.pause([{ topic }]);
      throw new Error('overloaded, retry later');
    }
    await handle(message.value);
  },
});
declare function handle(v: unknown): Promise<void>;
`,
    },
    {
      name: 'a RabbitMQ handler with manual acks that returns while overloaded (the message stays unacked, not lost)',
      code: `
import amqp from 'amqplib';
const ch = await (await amqp.connect('amqp://x')).createChannel();
let active = 0;
await ch.consume('jobs', async (msg) => {
  if (!msg) return;
  if (active >= 10) return;
  await handle(msg);
  ch.ack(msg);
});
declare function handle(v: unknown): Promise<void>;
`,
    },
    {
      name: "a queue class that emits a 'drop' event when it sheds the oldest item",
      code: `
import { EventEmitter } from 'events';
export class BoundedQueue extends EventEmitter {
  private items: number[] = [];
  add(v: number) {
    if (this.items.length >= 10) {
      this.items.shift();
      this.emit('drop', v);
    }
    this.items.push(v);
  }
  take() {
    return this.items.shift();
  }
}
`,
    },
    {
      name: 'a kafkajs eachBatch with manual offset resolution that stops early (the rest is fetched again)',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
const pending: unknown[] = [];
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset }) => {
    for (const m of batch.messages) {
      if (pending.length >= 100) return;
      pending.push(m);
      resolveOffset(m.offset);
    }
  },
});
setInterval(() => work(pending.splice(0)), 10);
declare function work(x: unknown[]): void;
`,
    },
    {
      name: 'a BullMQ processor that skips a job after too many attempts of that job',
      code: `
import { Worker } from 'bullmq';
new Worker('q', async (job) => {
  if (job.attemptsMade >= 3) return;
  await run(job.data);
});
declare function run(x: unknown): Promise<void>;
`,
    },
    {
      name: 'an array trimmed in a file with no pipeline import and no handler',
      code: `
const history: string[] = [];
export function remember(line: string) {
  if (history.length >= 100) history.shift();
  history.push(line);
}
export function takeAll() {
  return history.splice(0);
}
`,
    },
  ],
  invalid: [
    {
      name: 'a WebSocket handler that shifts the oldest item out of a full buffer',
      code: WS_FEED,
      errors: [{ messageId: 'dropsBuffered', line: 7, column: 30, endColumn: 45, data: { buffer: 'pending', where: 'handler', drop: 'drops the oldest item' } }],
    },
    {
      name: 'a stream data handler that splices the oldest items off in an else branch',
      code: `
import { Readable } from 'stream';
export class Sampler {
  private buffer: Buffer[] = [];
  attach(source: Readable) {
    source.on('data', (chunk: Buffer) => {
      if (this.buffer.length < 1000) {
        this.buffer.push(chunk);
      } else {
        this.buffer.splice(0, 100);
      }
    });
  }
  flush(): Buffer[] {
    return this.buffer.splice(0);
  }
}
`,
      errors: [{ messageId: 'dropsBuffered', line: 10, column: 9, data: { buffer: 'this.buffer', where: 'handler', drop: 'drops the oldest items' } }],
    },
    {
      name: "an EventEmitter listener that returns before pushing when the queue is full",
      code: RETURN_WHEN_FULL,
      errors: [{ messageId: 'dropsBuffered', line: 6, column: 29, data: { buffer: 'queue', where: 'handler', drop: 'returns early and drops the incoming event' } }],
    },
    {
      name: 'a producer method that empties its whole buffer when it overflows',
      code: `
import net from 'net';
export class Shipper {
  private lines: string[] = [];
  constructor(private socket: net.Socket) {}
  add(line: string) {
    this.lines.push(line);
    while (this.lines.length > 10_000) this.lines.length = 0;
  }
  ship() {
    this.socket.write(this.lines.splice(0).join('\\n'));
  }
}
`,
      errors: [{ messageId: 'dropsBuffered', line: 8, column: 40, data: { buffer: 'this.lines', where: 'code', drop: 'throws away everything it holds' } }],
    },
    {
      name: 'a kafkajs handler that returns on an in-flight limit, committing the message unprocessed',
      code: KAFKA_OVERLOAD,
      errors: [
        {
          messageId: 'acksUnprocessed',
          line: 8,
          column: 36,
          data: { condition: 'inFlight >= MAX_IN_FLIGHT', label: 'this kafkajs message' },
        },
      ],
    },
    {
      name: 'an sqs-consumer handler that returns on a concurrency limit, so the message is deleted unprocessed',
      code: `
import { Consumer } from 'sqs-consumer';
let active = 0;
Consumer.create({
  queueUrl: 'https://sqs.example.com/q',
  handleMessage: async (m) => {
    if (active >= 10) return;
    active++;
    try {
      await run(m);
    } finally {
      active--;
    }
  },
});
declare function run(x: unknown): Promise<void>;
`,
      errors: [{ messageId: 'acksUnprocessed', line: 7, column: 23, data: { condition: 'active >= 10', label: 'this SQS message' } }],
    },
    {
      name: 'a RabbitMQ auto-ack consumer that returns when its buffer reports full',
      code: `
import amqp from 'amqplib';
const ch = await (await amqp.connect('amqp://x')).createChannel();
await ch.consume(
  'events',
  async (msg) => {
    if (!msg) return;
    if (buffer.isFull()) return;
    await handle(msg);
  },
  { noAck: true },
);
declare const buffer: { isFull(): boolean };
declare function handle(v: unknown): Promise<void>;
`,
      errors: [{ messageId: 'acksUnprocessed', line: 8, column: 26, data: { condition: 'buffer.isFull()', label: 'this RabbitMQ message' } }],
    },
  ],
});

/** Findings of the two buffer rules only, so another rule's findings in the same snippet do not matter here. */
function bufferFindings(code: string): [string, number, number, string][] {
  return lintText(code, { filename: 'pipeline.ts' })
    .findings.filter((f) => f.ruleId === 'silent-drop' || f.ruleId === 'unbounded-buffer')
    .map((f) => [f.ruleId, f.range.start.line, f.range.start.column, f.message]);
}

describe('silent-drop through lintText', () => {
  it('names the buffer and what is dropped, and unbounded-buffer stays quiet about the bounded buffer', () => {
    assert.deepEqual(bufferFindings(WS_FEED), [
      ['silent-drop', 7, 30, 'When `pending` is full this handler drops the oldest item with no log or metric: the data is lost and nobody is told.'],
    ]);
  });

  it('names the incoming event a full-queue return drops, with no unbounded-buffer finding', () => {
    assert.deepEqual(bufferFindings(RETURN_WHEN_FULL), [
      [
        'silent-drop',
        6,
        29,
        'When `queue` is full this handler returns early and drops the incoming event with no log or metric: the data is lost and nobody is told.',
      ],
    ]);
  });

  it('names the overload condition and the message a consumer acknowledges unprocessed', () => {
    assert.deepEqual(bufferFindings(KAFKA_OVERLOAD), [
      [
        'silent-drop',
        8,
        36,
        'When `inFlight >= MAX_IN_FLIGHT` holds, this kafkajs message is acknowledged without being processed, with no log or metric: the data is lost and nobody is told.',
      ],
    ]);
  });
});
