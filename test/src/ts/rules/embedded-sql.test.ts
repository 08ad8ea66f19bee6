import { embeddedSql } from '@pipelint/engine/internal/ts/rules/embedded-sql/index.js';
import { runRuleTests } from './tester.js';

const blindInsert = (table: string): { sqlRule: string; message: string } => ({
  sqlRule: 'blind-insert',
  message: `A re-run inserts every row into ${table} again: nothing here stops duplicates.`,
});

runRuleTests(embeddedSql, {
  valid: [
    {
      name: 'a DELETE and an INSERT sent between BEGIN and COMMIT calls on one client',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function replaceDay(day: string) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('DELETE FROM daily WHERE day = $1', [day]);
  await client.query('INSERT INTO daily SELECT * FROM staging WHERE day = $1', [day]);
  await client.query('COMMIT');
}
`,
    },
    {
      name: 'a DELETE and an INSERT inside knex.transaction',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function replaceDay(day: string) {
  await db.transaction(async (trx) => {
    await trx.raw('DELETE FROM daily WHERE day = ?', [day]);
    await trx.raw('INSERT INTO daily SELECT * FROM staging WHERE day = ?', [day]);
  });
}
`,
    },
    {
      name: 'an upsert with ON CONFLICT',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function save(id: string) {
  await pool.query('INSERT INTO events (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [id]);
}
`,
    },
    {
      name: 'a query method in a file that imports no SQL client',
      code: `
import { GraphQLClient } from 'graphql-request';
const client = new GraphQLClient('https://api.example.com');
export async function load() {
  await client.request('INSERT INTO events (id) SELECT id FROM staging');
}
`,
    },
    {
      name: 'a knex.raw fragment that is not a statement',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export const total = db('orders').select(db.raw('count(*) as n'));
`,
    },
    {
      name: 'a postgres.js replace inside sql.begin',
      code: `
import postgres from 'postgres';
const sql = postgres();
export async function replaceDay(day: string) {
  await sql.begin(async (tx) => {
    await tx\`DELETE FROM daily WHERE day = \${day}\`;
    await tx\`INSERT INTO daily SELECT * FROM staging WHERE day = \${day}\`;
  });
}
`,
    },
    {
      name: 'a pg-promise replace inside db.tx',
      code: `
import pgPromise from 'pg-promise';
const db = pgPromise()('postgres://localhost/app');
export async function replaceDay(day: string) {
  await db.tx(async (t) => {
    await t.none('DELETE FROM daily WHERE day = $1', [day]);
    await t.none('INSERT INTO daily SELECT * FROM staging WHERE day = $1', [day]);
  });
}
`,
    },
    {
      name: 'a blind INSERT turned off with ignoreRules',
      options: [{ ignoreRules: ['blind-insert'] }],
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export const load = () => pool.query('INSERT INTO orders SELECT * FROM staging');
`,
    },
    {
      name: 'an Express POST handler that creates one order and returns its generated id',
      code: `
import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
app.post('/orders', async (req, res) => {
  const { rows } = await pool.query('INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2) RETURNING id', [req.body.customerId, req.body.totalCents]);
  res.status(201).json({ id: rows[0].id });
});
`,
    },
    {
      name: 'a fastify route whose handler is a named function',
      code: `
import Fastify from 'fastify';
import { Pool } from 'pg';
const app = Fastify();
const pool = new Pool();
async function createComment(req: { body: { postId: string; text: string } }) {
  await pool.query('INSERT INTO comments (post_id, body) VALUES ($1, $2)', [req.body.postId, req.body.text]);
}
app.post('/posts/:id/comments', createComment);
`,
    },
    {
      name: 'a NestJS @Post method that creates one entity',
      code: `
import { Controller, Post, Body } from '@nestjs/common';
import { Pool } from 'pg';
const pool = new Pool();
@Controller('teams')
export class TeamsController {
  @Post()
  async create(@Body() body: { name: string }) {
    return pool.query('INSERT INTO teams (name) VALUES ($1) RETURNING id', [body.name]);
  }
}
`,
    },
    {
      name: 'DDL in a versioned ORM migration class, which the tool runs once and records',
      filename: 'src/migrations/1612345678901-AddAudit.ts',
      code: `
import { MigrationInterface, QueryRunner } from 'typeorm';
export class AddAudit1612345678901 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE audit (id int)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE audit');
  }
}
`,
    },
    {
      name: 'DDL in a knex migration named by its timestamp',
      filename: 'db/migrations/20210101120000_create_audit.js',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export const up = () => db.raw('CREATE TABLE audit (id int)');
`,
    },
    {
      name: 'a blind INSERT in a test file',
      filename: 'src/orders.spec.ts',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function seed() {
  await pool.query('INSERT INTO orders (id, total) SELECT id, total FROM fixtures');
}
`,
    },
  ],
  invalid: [
    {
      name: 'an INSERT ... SELECT in a route handler copies rows in bulk',
      code: `
import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
app.post('/imports/:day', async (req, res) => {
  await pool.query('INSERT INTO orders (id, total) SELECT id, total FROM staging WHERE day = $1', [req.params.day]);
  res.sendStatus(202);
});
`,
      errors: [{ messageId: 'sqlFinding', line: 7, column: 21, endColumn: 39, data: blindInsert('orders') }],
    },
    {
      name: 'a webhook route that the sender redelivers',
      code: `
import express from 'express';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
app.post('/webhooks/stripe', async (req, res) => {
  await pool.query('INSERT INTO payments (stripe_event, amount) VALUES ($1, $2)', [req.body.id, req.body.amount]);
  res.json({ received: true });
});
`,
      errors: [{ messageId: 'sqlFinding', line: 7, column: 21, endColumn: 41, data: blindInsert('payments') }],
    },
    {
      name: 'a single-row INSERT in a kafkajs consumer, re-run on every redelivery',
      code: `
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
const pool = new Pool();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'orders' });
export async function start() {
  await consumer.run({
    eachMessage: async ({ message }) => {
      await pool.query('INSERT INTO orders (payload) VALUES ($1) RETURNING id', [String(message.value)]);
    },
  });
}
`,
      errors: [{ messageId: 'sqlFinding', line: 9, column: 25, endColumn: 43, data: blindInsert('orders') }],
    },
    {
      name: 'a single-row INSERT retried by p-retry inside a route handler',
      code: `
import express from 'express';
import pRetry from 'p-retry';
import { Pool } from 'pg';
const app = express();
const pool = new Pool();
app.post('/orders', async (req, res) => {
  await pRetry(() => pool.query('INSERT INTO orders (customer_id) VALUES ($1)', [req.body.customerId]));
  res.sendStatus(201);
});
`,
      errors: [{ messageId: 'sqlFinding', line: 8, column: 34, endColumn: 52, data: blindInsert('orders') }],
    },
    {
      name: 'a blind INSERT in a const string that flows into pool.query',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const LOAD = 'INSERT INTO orders (id, total) SELECT id, total FROM staging';
export async function load() {
  await pool.query(LOAD);
}
`,
      errors: [{ messageId: 'sqlFinding', line: 4, column: 15, endColumn: 33, data: blindInsert('orders') }],
    },
    {
      name: 'a DELETE and an INSERT sent as two autocommitted calls',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function replaceDay(day: string) {
  await pool.query(\`DELETE FROM daily WHERE day = \${day}\`);
  await pool.query('INSERT INTO daily SELECT * FROM staging WHERE day = $1', [day]);
}
`,
      errors: [
        {
          messageId: 'sqlFinding',
          line: 5,
          column: 21,
          data: {
            sqlRule: 'non-atomic-replace',
            message:
              'This DELETE empties daily and the load on line 6 refills it in a separate transaction: readers see the gap, and a failure in between leaves daily empty or half loaded.',
          },
        },
      ],
    },
    {
      name: 'a Prisma $executeRaw template whose placeholders are bind parameters',
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function record(id: string, kind: string) {
  await prisma.$executeRaw\`INSERT INTO events (id, kind) VALUES (\${id}, \${kind})\`;
}
`,
      errors: [{ messageId: 'sqlFinding', line: 5, column: 28, data: blindInsert('events') }],
    },
    {
      name: 'a position after an escaped newline in a string literal',
      code: `
import mysql from 'mysql2/promise';
export async function load(conn: mysql.Connection) {
  await conn.query('SELECT 1;\\nINSERT INTO visits SELECT * FROM raw_visits');
}
`,
      errors: [{ messageId: 'sqlFinding', line: 4, column: 32, endColumn: 50, data: blindInsert('visits') }],
    },
    {
      name: 'a pg-promise none() and a Sequelize query()',
      code: `
import pgPromise from 'pg-promise';
import { Sequelize } from 'sequelize';
const db = pgPromise()('postgres://localhost/app');
const sequelize = new Sequelize('postgres://localhost/app');
export const a = () => db.none('INSERT INTO ledger SELECT * FROM staging_ledger');
export const b = () => sequelize.query('INSERT INTO visits SELECT * FROM raw_visits');
`,
      errors: [
        { messageId: 'sqlFinding', line: 6, column: 33, data: blindInsert('ledger') },
        { messageId: 'sqlFinding', line: 7, column: 41, data: blindInsert('visits') },
      ],
    },
    {
      name: 'mysql2 templates, with MySQL placeholders standing for each substitution',
      code: `
import mysql from 'mysql2/promise';
export async function replaceDay(conn: mysql.Connection, day: string) {
  await conn.execute(\`DELETE FROM daily WHERE day = \${day}\`);
  await conn.execute(\`INSERT INTO daily SELECT * FROM staging WHERE day = \${day}\`);
}
`,
      errors: [
        {
          messageId: 'sqlFinding',
          line: 4,
          column: 23,
          data: {
            sqlRule: 'non-atomic-replace',
            message:
              'This DELETE empties daily and the load on line 5 refills it in a separate transaction: readers see the gap, and a failure in between leaves daily empty or half loaded.',
          },
        },
      ],
    },
    {
      name: 'a Prisma.sql template passed to $queryRaw, reported once',
      code: `
import { Prisma, PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const load = (day: string) => prisma.$queryRaw(Prisma.sql\`INSERT INTO daily SELECT * FROM staging WHERE day = \${day}\`);
`,
      errors: [{ messageId: 'sqlFinding', line: 4, column: 66, data: blindInsert('daily') }],
    },
    {
      name: 'a CREATE TABLE in knex.raw, fixed inside the string',
      code: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export const migrate = () => db.raw('CREATE TABLE audit (id int)');
`,
      output: `
import knex from 'knex';
const db = knex({ client: 'pg' });
export const migrate = () => db.raw('CREATE TABLE IF NOT EXISTS audit (id int)');
`,
      errors: [
        {
          messageId: 'sqlFinding',
          line: 4,
          column: 38,
          data: {
            sqlRule: 'unguarded-ddl',
            message: 'CREATE TABLE fails when audit already exists: a second run stops here, half way through the script.',
          },
        },
      ],
    },
    {
      name: 'the same class outside a versioned migration file is start-up code, run on every boot',
      filename: 'src/db/bootstrap.ts',
      code: `
import { MigrationInterface, QueryRunner } from 'typeorm';
export class AddAudit1612345678901 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE audit (id int)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE audit');
  }
}
`,
      output: `
import { MigrationInterface, QueryRunner } from 'typeorm';
export class AddAudit1612345678901 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE IF NOT EXISTS audit (id int)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS audit');
  }
}
`,
      errors: [
        {
          messageId: 'sqlFinding',
          line: 5,
          column: 25,
          data: { sqlRule: 'unguarded-ddl', message: 'CREATE TABLE fails when audit already exists: a second run stops here, half way through the script.' },
        },
        {
          messageId: 'sqlFinding',
          line: 8,
          column: 25,
          data: { sqlRule: 'unguarded-ddl', message: 'DROP TABLE fails when audit is already gone: a re-run after a partial failure stops here.' },
        },
      ],
    },
  ],
});
