import { embeddedSql } from '../../../rules/out/ts/rules/embedded-sql.js';
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
  ],
  invalid: [
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
export const a = () => db.none('INSERT INTO audit SELECT * FROM staging_audit');
export const b = () => sequelize.query('INSERT INTO visits SELECT * FROM raw_visits');
`,
      errors: [
        { messageId: 'sqlFinding', line: 6, column: 33, data: blindInsert('audit') },
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
  ],
});
