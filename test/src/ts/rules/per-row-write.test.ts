import { perRowWrite } from '@pipelint/engine/internal/ts/rules/per-row-write/index.js';
import { runRuleTests } from './tester.js';

const SQL_BATCH = 'a multi-row `INSERT ... VALUES (...), (...)` or `INSERT ... SELECT * FROM unnest(...)`';

runRuleTests(perRowWrite, {
  valid: [
    {
      name: 'one createMany for the whole list',
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function save(rows: { id: string }[]) {
  await prisma.order.createMany({ data: rows });
}
`,
    },
    {
      name: 'a loop over a literal array of two seed rows',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function seed() {
  for (const name of ['admin', 'viewer']) {
    await pool.query('INSERT INTO roles (name) VALUES ($1)', [name]);
  }
}
`,
    },
    {
      name: 'a loop that reads before it writes',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function save(rows: { id: string; total: number }[]) {
  for (const row of rows) {
    const existing = await pool.query('SELECT 1 FROM orders WHERE id = $1', [row.id]);
    if (existing.rowCount === 0) await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [row.id, row.total]);
  }
}
`,
    },
    {
      name: 'a per-row write isolated in a try so one bad row goes to a dead-letter table',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function save(rows: { id: string }[]) {
  for (const row of rows) {
    try {
      await db('orders').insert(row);
    } catch (e) {
      console.error(e);
    }
  }
}
`,
    },
    {
      name: 'a loop over chunks inserting each chunk',
      code: `
import knex from 'knex';
import { chunk } from 'lodash';
const db = knex({ client: 'pg' });
export async function save(rows: { id: string }[]) {
  for (const part of chunk(rows, 500)) {
    await db('orders').insert(part);
  }
}
`,
    },
    {
      name: 'a counted loop that steps by the chunk size and inserts a slice',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function save(rows: { id: string }[]) {
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await db('orders').insert(batch);
  }
}
`,
    },
    {
      name: 'a multi-row VALUES statement per chunk',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function save(pairs: [string, string][]) {
  for (const [a, b] of pairs) {
    await pool.query('INSERT INTO edges (src, dst) VALUES ($1, $2), ($2, $1)', [a, b]);
  }
}
`,
    },
    {
      name: 'an HTTP POST per row (the rule cannot know the API has a batch endpoint)',
      code: `
import axios from 'axios';
export async function push(rows: { id: string }[]) {
  for (const row of rows) await axios.post('https://api.example.com/items', row);
}
`,
    },
  ],
  invalid: [
    {
      name: 'a pg INSERT per row in a for..of loop',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function save(rows: { id: string; total: number }[]) {
  for (const row of rows) {
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [row.id, row.total]);
  }
}
`,
      errors: [{ messageId: 'perRow', line: 6, column: 11, endColumn: 21, data: { write: 'INSERT', batch: SQL_BATCH } }],
    },
    {
      name: 'a Prisma create per row',
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function save(events: { id: string; kind: string }[]) {
  for (const e of events) {
    await prisma.event.create({ data: { id: e.id, kind: e.kind } });
  }
}
`,
      errors: [{ messageId: 'perRow', line: 6, column: 11, data: { write: 'create', batch: '`createMany({ data: rows })`' } }],
    },
    {
      name: 'a knex upsert per row in a counted loop',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function save(rows: { id: string }[]) {
  for (let i = 0; i < rows.length; i++) {
    await db('orders').insert(rows[i]).onConflict('id').merge();
  }
}
`,
      errors: [{ messageId: 'perRow', line: 6, column: 11, data: { write: 'insert', batch: '`insert(rows)` (or `knex.batchInsert`)' } }],
    },
    {
      name: 'a Sequelize create per line of a file, in a forEach',
      code: `
import { Model } from 'sequelize';
import { readFileSync } from 'fs';
class Visit extends Model {}
readFileSync('visits.csv', 'utf8').split('\\n').forEach(async (line) => {
  await Visit.create({ raw: line });
});
`,
      errors: [{ messageId: 'perRow', line: 6, column: 9, data: { write: 'create', batch: '`bulkCreate(rows)`' } }],
    },
    {
      name: 'an SQS SendMessageCommand per record',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function forward(records: { id: string }[]) {
  for (const r of records) {
    await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: JSON.stringify(r) }));
  }
}
`,
      errors: [{ messageId: 'perRow', line: 6, column: 11, data: { write: 'SendMessageCommand', batch: '`SendMessageBatchCommand` (up to 10 messages a call)' } }],
    },
    {
      name: 'a postgres.js tagged INSERT per row',
      code: `
import postgres from 'postgres';
const sql = postgres();
export async function save(rows: { id: string }[]) {
  for (const row of rows) {
    await sql\`INSERT INTO orders (id) VALUES (\${row.id})\`;
  }
}
`,
      errors: [{ messageId: 'perRow', line: 6, column: 11, endColumn: 14, data: { write: 'INSERT', batch: SQL_BATCH } }],
    },
  ],
});
