import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const INSERT_ORDER = `
  INSERT INTO orders (id, customer_id, total, created_at)
  VALUES ($1, $2, $3, $4)`;

export class OrdersRepository {
  async save(order: { id: string; customerId: string; total: number; createdAt: Date }): Promise<void> {
    await pool.query(INSERT_ORDER, [order.id, order.customerId, order.total, order.createdAt]);
  }

  /** Rebuilds one day of the revenue rollup from the orders table. */
  async rebuildDailyRevenue(day: string): Promise<void> {
    await pool.query('DELETE FROM daily_revenue WHERE day = $1', [day]);
    await pool.query(
      'INSERT INTO daily_revenue (day, customer_id, total) SELECT created_at::date, customer_id, sum(total) FROM orders WHERE created_at::date = $1 GROUP BY 1, 2',
      [day],
    );
  }
}
