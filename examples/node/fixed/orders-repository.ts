import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const INSERT_ORDER = `
  INSERT INTO orders (id, customer_id, total, created_at)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (id) DO NOTHING`;

export class OrdersRepository {
  async save(order: { id: string; customerId: string; total: number; createdAt: Date }): Promise<void> {
    await pool.query(INSERT_ORDER, [order.id, order.customerId, order.total, order.createdAt]);
  }

  /** Rebuilds one day of the revenue rollup in one transaction: readers see the old day or the new one. */
  async rebuildDailyRevenue(day: string): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM daily_revenue WHERE day = $1', [day]);
      await client.query(
        'INSERT INTO daily_revenue (day, customer_id, total) SELECT created_at::date, customer_id, sum(total) FROM orders WHERE created_at::date = $1 GROUP BY 1, 2',
        [day],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}
