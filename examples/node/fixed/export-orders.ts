import { createWriteStream } from 'fs';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.WAREHOUSE_URL });

async function* csvLines(rows: { id: string; customer_id: string; total: string; currency: string }[]): AsyncGenerator<string> {
  yield 'id,customer_id,total,currency\n';
  for (const row of rows) yield `${row.id},${row.customer_id},${row.total},${row.currency}\n`;
}

/** Writes yesterday's orders to a CSV file; `pipeline` waits for the file whenever its buffer is full. */
export async function exportOrders(day: string, path: string): Promise<void> {
  const { rows } = await pool.query('SELECT id, customer_id, total, currency FROM orders WHERE order_date = $1', [day]);
  await pipeline(Readable.from(csvLines(rows)), createWriteStream(path));
}
