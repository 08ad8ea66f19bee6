import { createWriteStream } from 'fs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.WAREHOUSE_URL });

/** Writes yesterday's orders to a CSV file for the finance team's SFTP drop. */
export async function exportOrders(day: string, path: string): Promise<void> {
  const { rows } = await pool.query('SELECT id, customer_id, total, currency FROM orders WHERE order_date = $1', [day]);
  const out = createWriteStream(path);
  out.write('id,customer_id,total,currency\n');
  for (const row of rows) {
    out.write(`${row.id},${row.customer_id},${row.total},${row.currency}\n`);
  }
  out.end();
}
