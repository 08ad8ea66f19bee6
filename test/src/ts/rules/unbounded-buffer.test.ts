import { unboundedBuffer } from '@pipelint/engine/internal/ts/rules/unbounded-buffer/index.js';
import { runRuleTests } from './tester.js';

runRuleTests(unboundedBuffer, {
  valid: [
    {
      name: 'a kafkajs buffer flushed when it reaches a maximum size',
      code: `
import { Kafka } from 'kafkajs';
const MAX = 500;
const pending: string[] = [];
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    pending.push(String(message.value));
    if (pending.length >= MAX) await save(pending.splice(0));
  },
});
declare function save(rows: string[]): Promise<void>;
`,
    },
    {
      name: 'a WebSocket queue drained by a timer with shift',
      code: `
import WebSocket from 'ws';
const queue: unknown[] = [];
const ws = new WebSocket('wss://feed.example.com');
ws.on('message', (data) => queue.push(data));
setInterval(() => {
  const next = queue.shift();
  if (next) handle(next);
}, 10);
declare function handle(x: unknown): void;
`,
    },
    {
      name: "rows collected until the stream's 'end' event",
      code: `
import { createReadStream } from 'fs';
export function readAll(path: string): Promise<string[]> {
  return new Promise((resolve) => {
    const rows: string[] = [];
    createReadStream(path).on('data', (chunk) => rows.push(String(chunk)));
    createReadStream(path).on('end', () => resolve(rows));
  });
}
`,
    },
    {
      name: 'an array declared inside the handler itself',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachBatch: async ({ batch }) => {
    const values: string[] = [];
    for (const m of batch.messages) values.push(String(m.value));
    await store(values);
  },
});
declare function store(v: string[]): Promise<void>;
`,
    },
    {
      name: 'a buffer that a flush swaps for a new array',
      code: `
import { EventEmitter } from 'events';
const bus = new EventEmitter();
let batch: number[] = [];
bus.on('metric', (v: number) => batch.push(v));
setInterval(() => {
  const out = batch;
  batch = [];
  send(out);
}, 1000);
declare function send(v: number[]): void;
`,
    },
    {
      name: 'a buffer handed whole to a flush function that empties it',
      code: `
import { EventEmitter } from 'events';
const bus = new EventEmitter();
const batch: number[] = [];
function flush(items: number[]) {
  send(items.splice(0));
}
bus.on('metric', (v: number) => {
  batch.push(v);
  setTimeout(() => flush(batch), 100);
});
declare function send(v: number[]): void;
`,
    },
    {
      name: 'a one-off error event',
      code: `
import { createReadStream } from 'fs';
const errors: Error[] = [];
createReadStream('x').on('error', (e) => errors.push(e));
`,
    },
  ],
  invalid: [
    {
      name: 'a kafkajs eachMessage handler that only appends',
      code: `
import { Kafka } from 'kafkajs';
const pending: string[] = [];
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    pending.push(String(message.value));
  },
});
`,
      errors: [{ messageId: 'unbounded', line: 7, column: 5, endColumn: 17, data: { buffer: 'pending', event: 'Kafka message' } }],
    },
    {
      name: "a WebSocket 'message' handler filling a queue read elsewhere",
      code: `
import WebSocket from 'ws';
const ticks: unknown[] = [];
const ws = new WebSocket('wss://feed.example.com');
ws.on('message', (data) => {
  ticks.push(JSON.parse(String(data)));
});
export function latest() {
  console.log('ticks buffered', ticks);
  return ticks[ticks.length - 1];
}
`,
      errors: [{ messageId: 'unbounded', line: 6, column: 3, data: { buffer: 'ticks', event: "'message' event" } }],
    },
    {
      name: 'a class field filled by a stream data handler',
      code: `
import { Readable } from 'stream';
export class Collector {
  private chunks: Buffer[] = [];
  attach(source: Readable) {
    source.on('data', (chunk: Buffer) => {
      this.chunks.unshift(chunk);
    });
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 7, column: 7, data: { buffer: 'this.chunks', event: "'data' event" } }],
    },
    {
      name: 'a setInterval producer appending samples forever',
      code: `
import os from 'os';
const samples: number[] = [];
setInterval(() => {
  samples.push(os.loadavg()[0]);
}, 1000);
`,
      errors: [{ messageId: 'unbounded', line: 5, column: 3, data: { buffer: 'samples', event: 'interval tick' } }],
    },
    {
      name: 'a constructor-initialised field filled by an EventEmitter listener',
      code: `
import { EventEmitter } from 'events';
export class Audit {
  private events: unknown[];
  constructor(bus: EventEmitter) {
    this.events = [];
    bus.addListener('audit', (e: unknown) => this.events.push(e));
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 7, column: 46, data: { buffer: 'this.events', event: "'audit' event" } }],
    },
  ],
});
