import { ignoredWriteBackpressure } from '@pipelint/engine/internal/ts/rules/ignored-write-backpressure/index.js';
import { runRuleTests } from './tester.js';

const message = (where: string, stream: string): { where: string; stream: string } => ({ where, stream });

runRuleTests(ignoredWriteBackpressure, {
  valid: [
    {
      name: "a loop that awaits 'drain' when write returns false",
      code: `
import { once } from 'events';
import { createWriteStream } from 'fs';
export async function save(rows: string[]) {
  const out = createWriteStream('out.csv');
  for (const row of rows) {
    if (!out.write(row)) await once(out, 'drain');
  }
}
`,
    },
    {
      name: 'process.stdout progress lines in a loop that awaits each step',
      code: `
import { readdirSync, readFileSync } from 'fs';
import { Client } from 'pg';
export async function applyAll(dir: string, db: Client) {
  for (const name of readdirSync(dir)) {
    process.stdout.write(\`applying \${name}...\`);
    await db.query(readFileSync(dir + '/' + name, 'utf8'));
    process.stdout.write(' done\\n');
  }
}
`,
    },
    {
      name: 'process.stderr relaying the lines of one chunk a callback was handed',
      code: `
export function relay(spawnStep: (onOutput: (chunk: Buffer) => void) => void) {
  spawnStep((chunk) => {
    const text = chunk.toString();
    text.split('\\n').forEach((line) => {
      process.stderr.write('[step] ' + line + '\\n');
    });
  });
}
`,
    },
    {
      name: 'a single write outside any loop',
      code: `
import { createWriteStream } from 'fs';
const out = createWriteStream('out.csv');
out.write('id,total\\n');
out.end();
`,
    },
    {
      name: 'a loop over a literal array of header lines',
      code: `
import { createWriteStream } from 'fs';
const out = createWriteStream('out.csv');
for (const line of ['# export', '# v2']) out.write(line + '\\n');
`,
    },
    {
      name: "a 'data' handler that pauses the source and resumes it on drain",
      code: `
import { createReadStream, createWriteStream } from 'fs';
const src = createReadStream('in.log');
const out = createWriteStream('out.log');
src.on('data', (chunk) => {
  if (!out.write(chunk)) {
    src.pause();
    out.once('drain', () => src.resume());
  }
});
`,
    },
    {
      name: 'process.stdout in a loop over a literal range',
      code: `
export function banner() {
  for (let i = 0; i < 3; i++) process.stdout.write('=');
}
`,
    },
    {
      name: 'a write to a stream the rule cannot trace',
      code: `
export function dump(sink: { write(s: string): void }, rows: string[]) {
  for (const row of rows) sink.write(row);
}
`,
    },
    {
      name: 'an awaited web-streams writer',
      code: `
import { createWriteStream } from 'fs';
export async function save(rows: string[], writer: WritableStreamDefaultWriter) {
  for (const row of rows) await writer.write(row);
}
`,
    },
  ],
  invalid: [
    {
      name: 'a for..of loop writing every row to a file stream',
      code: `
import { createWriteStream } from 'fs';
export function save(rows: { id: string }[]) {
  const out = createWriteStream('out.csv');
  for (const row of rows) {
    out.write(row.id + '\\n');
  }
  out.end();
}
`,
      errors: [{ messageId: 'ignored', line: 6, column: 5, endColumn: 14, data: message('loop', 'out') }],
    },
    {
      name: "a 'data' handler forwarding chunks into a gzip stream",
      code: `
import * as zlib from 'zlib';
import * as fs from 'fs';
const gzip = zlib.createGzip();
fs.createReadStream('big.log').on('data', (chunk) => {
  gzip.write(chunk);
});
`,
      errors: [{ messageId: 'ignored', line: 6, column: 3, data: message("'data' handler", 'gzip') }],
    },
    {
      name: 'an HTTP response written row by row in an Express handler',
      code: `
import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
app.get('/export', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM events');
  rows.forEach((r) => res.write(JSON.stringify(r) + '\\n'));
  res.end();
});
`,
      errors: [{ messageId: 'ignored', line: 8, column: 23, data: message('loop', 'res') }],
    },
    {
      name: 'process.stdout in a loop over the lines of a file',
      code: `
import { readFileSync } from 'fs';
const lines = readFileSync('in.txt', 'utf8').split('\\n');
for (const line of lines) {
  process.stdout.write(line.toUpperCase() + '\\n');
}
`,
      errors: [{ messageId: 'ignored', line: 5, column: 3, data: message('loop', 'process.stdout') }],
    },
    {
      name: 'a PassThrough fed in a while loop',
      code: `
import { PassThrough } from 'stream';
export function feed(next: () => string | null) {
  const body = new PassThrough();
  let item: string | null;
  while ((item = next()) !== null) body.write(item);
  body.end();
  return body;
}
`,
      errors: [{ messageId: 'ignored', line: 6, column: 36, data: message('loop', 'body') }],
    },
  ],
});
