import { tightPollingInterval } from '@pipelint/engine/internal/ts/rules/tight-polling-interval/index.js';
import { runRuleTests } from './tester.js';

runRuleTests(tightPollingInterval, {
  valid: [
    {
      name: 'a warehouse query once an hour',
      code: `
import { BigQuery } from '@google-cloud/bigquery';
const bigquery = new BigQuery();
const HOUR_MS = 60 * 60 * 1000;
setInterval(async () => {
  await bigquery.query('SELECT count(*) FROM shop.orders');
}, HOUR_MS);
`,
    },
    {
      name: 'a period at exactly the threshold',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
setInterval(() => pool.query('DELETE FROM sessions WHERE expires_at < now()'), 5 * 60 * 1000);
`,
    },
    {
      name: 'a fast timer that only flushes in-memory metrics',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const counters = new Map<string, number>();
setInterval(() => {
  console.log(JSON.stringify(Object.fromEntries(counters)));
  counters.clear();
}, 1000);
export const query = (sql: string) => pool.query(sql);
`,
    },
    {
      name: 'a React component that polls its API',
      filename: 'notifications.ts',
      code: `
import { useEffect, useState } from 'react';
export function useNotifications() {
  const [items, setItems] = useState([]);
  useEffect(() => {
    const id = setInterval(async () => setItems(await (await fetch('/api/notifications')).json()), 5000);
    return () => clearInterval(id);
  }, []);
  return items;
}
`,
    },
    {
      name: 'a loop that backs off while nothing changes',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function relay() {
  let wait = 1000;
  while (true) {
    const { rows } = await pool.query('SELECT id FROM outbox WHERE sent = false LIMIT 100');
    wait = rows.length > 0 ? 1000 : Math.min(wait * 2, 600000);
    await sleep(wait);
  }
}
`,
    },
    {
      name: 'a loop that polls a job until it is done',
      code: `
import axios from 'axios';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function waitForExport(id: string) {
  while (true) {
    const { data } = await axios.get('https://api.example.com/exports/' + id);
    if (data.status === 'done') return data.url;
    await sleep(2000);
  }
}
`,
    },
    {
      name: 'pagination with a pause between pages',
      code: `
import axios from 'axios';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function fetchAll() {
  let cursor: string | null = 'start';
  while (cursor) {
    const { data } = await axios.get('https://api.example.com/items?cursor=' + cursor);
    cursor = data.next;
    await sleep(200);
  }
}
`,
    },
    {
      name: 'a nightly cron job',
      code: `
import cron from 'node-cron';
import { Pool } from 'pg';
const pool = new Pool();
cron.schedule('0 2 * * *', async () => {
  await pool.query('CALL rebuild_daily_revenue()');
});
`,
    },
    {
      name: 'a cron job every minute during office hours only',
      code: `
import cron from 'node-cron';
import axios from 'axios';
cron.schedule('* 9-17 * * 1-5', () => axios.post('https://hooks.example.com/tick'));
`,
    },
    {
      name: 'a CDK rule that fires daily',
      code: `
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
export const schedule = events.Schedule.rate(Duration.days(1));
export const nightly = events.Schedule.cron({ minute: '0', hour: '3' });
`,
    },
    {
      name: 'a queue consumer loop with a short pause',
      code: `
import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function consume() {
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.URL, WaitTimeSeconds: 20 }));
    if (!out.Messages) await sleep(1000);
  }
}
`,
    },
    {
      name: 'an SQS consumer loop that writes each message to PostgreSQL and pauses when the queue is empty',
      code: `
import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';
const sqs = new SQSClient({});
const pool = new Pool();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function consume() {
  while (true) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.URL }));
    for (const m of out.Messages ?? []) await pool.query('INSERT INTO events (body) VALUES ($1) ON CONFLICT DO NOTHING', [m.Body]);
    if (!out.Messages) await sleep(1000);
  }
}
`,
    },
    {
      name: 'a short period with a lower threshold',
      options: [{ minIntervalMs: 10_000 }],
      code: `
import { Pool } from 'pg';
const pool = new Pool();
setInterval(() => pool.query('SELECT 1'), 10_000);
`,
    },
  ],
  invalid: [
    {
      name: 'setInterval querying BigQuery every ten seconds',
      code: `
import { BigQuery } from '@google-cloud/bigquery';
const bigquery = new BigQuery();
setInterval(async () => {
  const [rows] = await bigquery.query('SELECT count(*) AS n FROM shop.orders');
  console.log(rows[0].n);
}, 10_000);
`,
      errors: [
        {
          messageId: 'poll',
          line: 7,
          column: 4,
          data: { trigger: '`setInterval`', call: 'bigquery.query', every: 'every 10 seconds', runs: '8,640', target: 'the warehouse' },
        },
      ],
    },
    {
      name: 'a setTimeout that reschedules a pg poll through a const',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const POLL_MS = 5 * 1000;
async function poll() {
  await pool.query('SELECT id FROM jobs WHERE state = $1', ['ready']);
  setTimeout(poll, POLL_MS);
}
poll();
`,
      errors: [
        {
          messageId: 'poll',
          line: 7,
          column: 20,
          data: { trigger: '`setTimeout` rescheduling `poll`', call: 'pool.query', every: 'every 5 seconds', runs: '17,280', target: 'the database' },
        },
      ],
    },
    {
      name: 'an endless loop that fetches and sleeps two seconds',
      code: `
export async function watch(stopped: { value: boolean }) {
  while (!stopped.value) {
    const res = await fetch('https://api.example.com/prices');
    console.log(await res.json());
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
`,
      errors: [{ messageId: 'poll', line: 6, column: 56, data: { trigger: 'This loop', call: 'fetch', every: 'every 2 seconds', runs: '43,200', target: 'the API' } }],
    },
    {
      name: 'a loop over setInterval of timers/promises calling a helper that queries Snowflake',
      code: `
import { setInterval } from 'node:timers/promises';
import snowflake from 'snowflake-sdk';
const connection = snowflake.createConnection({ account: 'x' });
function refresh() {
  connection.execute({ sqlText: 'CALL refresh_dashboard()' });
}
export async function main() {
  for await (const _ of setInterval(30_000)) refresh();
}
`,
      errors: [{ messageId: 'poll', line: 9, column: 37, data: { trigger: '`setInterval`', call: 'connection.execute', every: 'every 30 seconds', runs: '2,880', target: 'the warehouse' } }],
    },
    {
      name: 'a node-cron job every ten seconds',
      code: `
import cron from 'node-cron';
import knex from 'knex';
const db = knex({ client: 'pg' });
cron.schedule('*/10 * * * * *', async () => {
  await db('orders').where({ synced: false }).update({ synced: true });
});
`,
      errors: [{ messageId: 'poll', line: 5, column: 15, data: { trigger: 'This cron job', call: 'db(...).where(...).update', every: 'every 10 seconds', runs: '8,640', target: 'the database' } }],
    },
    {
      name: 'a CronJob of the cron package every minute',
      code: `
import { CronJob } from 'cron';
import axios from 'axios';
const EVERY_MINUTE = '* * * * *';
new CronJob(EVERY_MINUTE, () => axios.post('https://crm.example.com/sync'));
`,
      errors: [{ messageId: 'poll', line: 5, column: 13, data: { trigger: 'This cron job', call: 'axios.post', every: 'every minute', runs: '1,440', target: 'the API' } }],
    },
    {
      name: 'CDK schedules that fire every minute and every two minutes',
      code: `
import { Duration, aws_events as events } from 'aws-cdk-lib';
export const fast = events.Schedule.rate(Duration.minutes(1));
export const cron = events.Schedule.cron({ minute: '*/2' });
`,
      errors: [
        { messageId: 'schedule', line: 3, column: 42, data: { every: 'every minute', runs: '1,440' } },
        { messageId: 'schedule', line: 4, column: 42, data: { every: 'every 2 minutes', runs: '720' } },
      ],
    },
    {
      name: 'a fifteen-minute poll with a higher threshold',
      options: [{ minIntervalMs: 3_600_000 }],
      code: `
import axios from 'axios';
setInterval(() => axios.get('https://api.example.com/rates'), 15 * 60 * 1000);
`,
      errors: [{ messageId: 'poll', line: 3, column: 63, data: { trigger: '`setInterval`', call: 'axios.get', every: 'every 15 minutes', runs: '96', target: 'the API' } }],
    },
  ],
});
