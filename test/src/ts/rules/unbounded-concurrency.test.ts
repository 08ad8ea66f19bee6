import { unboundedConcurrency } from '@pipelint/engine/internal/ts/rules/unbounded-concurrency/index.js';
import { runRuleTests } from './tester.js';

runRuleTests(unboundedConcurrency, {
  valid: [
    {
      name: 'a literal array of three endpoints',
      code: `
import axios from 'axios';
export async function warm() {
  await Promise.all(['a', 'b', 'c'].map((k) => axios.get('https://cache.example.com/' + k)));
}
`,
    },
    {
      name: 'query rows behind a p-limit limiter',
      code: `
import axios from 'axios';
import pLimit from 'p-limit';
import { Pool } from 'pg';
const pool = new Pool();
const limit = pLimit(5);
export async function sync() {
  const { rows } = await pool.query('SELECT id FROM customers');
  await Promise.all(rows.map((r) => limit(() => axios.post('https://crm.example.com/c', r))));
}
`,
    },
    {
      name: 'the first hundred rows, cut with slice',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function sync() {
  const { rows } = await pool.query('SELECT id FROM customers');
  await Promise.all(rows.slice(0, 100).map((r) => fetch('https://crm.example.com/c/' + r.id)));
}
`,
    },
    {
      name: 'a chunk inside a loop over chunks',
      code: `
import { Pool } from 'pg';
import { chunk } from 'lodash';
const pool = new Pool();
export async function sync() {
  const { rows } = await pool.query('SELECT id FROM customers');
  for (const part of chunk(rows, 50)) {
    await Promise.all(part.map((r) => fetch('https://crm.example.com/c/' + r.id)));
  }
}
`,
    },
    {
      name: 'a query with a LIMIT',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function sync() {
  const { rows } = await pool.query('SELECT id FROM customers ORDER BY id LIMIT 20');
  await Promise.all(rows.map((r) => fetch('https://crm.example.com/c/' + r.id)));
}
`,
    },
    {
      name: 'query rows mapped without any request inside',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function totals() {
  const { rows } = await pool.query('SELECT id, amount FROM orders');
  return Promise.all(rows.map(async (r) => r.amount * 2));
}
`,
    },
    {
      name: 'a function parameter of unknown size',
      code: `
export async function notify(ids: string[]) {
  await Promise.all(ids.map((id) => fetch('https://hooks.example.com/' + id)));
}
`,
    },
    {
      name: 'a Bottleneck limiter around each request',
      code: `
import Bottleneck from 'bottleneck';
import { readFileSync } from 'fs';
const limiter = new Bottleneck({ maxConcurrent: 4 });
export async function replay(path: string) {
  const lines = readFileSync(path, 'utf8').split('\\n');
  await Promise.all(lines.map((line) => limiter.schedule(() => fetch('https://api.example.com/e', { method: 'POST', body: line }))));
}
`,
    },
  ],
  invalid: [
    {
      name: 'an axios PUT per row of an unlimited query',
      code: `
import axios from 'axios';
import { Pool } from 'pg';
const pool = new Pool();
export async function sync() {
  const { rows } = await pool.query('SELECT id, email FROM customers');
  await Promise.all(rows.map((c) => axios.put('https://crm.example.com/c/' + c.id, c)));
}
`,
      errors: [
        {
          messageId: 'unbounded',
          line: 7,
          column: 9,
          endColumn: 20,
          data: { combinator: 'Promise.all', call: 'axios.put', items: 'rows', source: 'a query result' },
        },
      ],
    },
    {
      name: 'a Prisma write per message of a Kafka batch, through a promises variable',
      code: `
import { Kafka } from 'kafkajs';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachBatch: async ({ batch }) => {
    const writes = batch.messages.map((m) => prisma.event.create({ data: { body: String(m.value) } }));
    await Promise.allSettled(writes);
  },
});
`,
      errors: [
        {
          messageId: 'unbounded',
          line: 9,
          column: 11,
          data: { combinator: 'Promise.allSettled', call: 'prisma.event.create', items: 'batch.messages', source: 'a Kafka batch' },
        },
      ],
    },
    {
      name: 'an SQS send per line of a file, through a helper function',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { readFile } from 'fs/promises';
const sqs = new SQSClient({});
async function enqueue(line: string) {
  await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: line }));
}
export async function load(path: string) {
  const text = await readFile(path, 'utf8');
  await Promise.all(text.split('\\n').filter(Boolean).map(enqueue));
}
`,
      errors: [
        {
          messageId: 'unbounded',
          line: 10,
          column: 9,
          data: { combinator: 'Promise.all', call: 'sqs.send(SendMessageCommand)', items: "the list", source: "a file's lines" },
        },
      ],
    },
    {
      name: 'a fetch per item of an Express request body',
      code: `
import express from 'express';
const app = express();
app.post('/bulk', async (req, res) => {
  const results = await Promise.all(req.body.items.map((item: { url: string }) => fetch(item.url)));
  res.json(results.length);
});
`,
      errors: [
        {
          messageId: 'unbounded',
          line: 5,
          column: 25,
          data: { combinator: 'Promise.all', call: 'fetch', items: 'req.body.items', source: 'a request body' },
        },
      ],
    },
    {
      name: 'a knex insert per row of an unlimited knex query, in a class method',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export class Copier {
  async copy() {
    const users = await db('users').where({ active: true });
    await Promise.all(users.map((u) => this.save(u)));
  }
  async save(u: { id: number }) {
    await db('users_copy').insert(u);
  }
}
`,
      errors: [
        {
          messageId: 'unbounded',
          line: 7,
          column: 11,
          data: { combinator: 'Promise.all', call: 'db(...).insert', items: 'users', source: 'a query result' },
        },
      ],
    },
  ],
});
