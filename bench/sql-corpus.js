'use strict';
// Deterministic generator of realistic pipeline SQL for the benchmarks.
const { prng } = require('../test/out/sql/prng.js');

const TABLES = ['orders', 'order_lines', 'customers', 'payments', 'events', 'sessions', 'inventory', 'shipments'];
const COLUMNS = ['id', 'customer_id', 'amount', 'status', 'created_at', 'updated_at', 'region', 'sku', 'qty', 'event_ts'];

const TEMPLATES = [
  (t, c, r) => [
    `-- load ${t} from staging`,
    `INSERT INTO analytics.${t} (${c[0]}, ${c[1]}, ${c[2]}, loaded_at)`,
    `SELECT s.${c[0]}, s.${c[1]}, COALESCE(s.${c[2]}, 0), CURRENT_TIMESTAMP`,
    `FROM staging.${t} s`,
    `LEFT JOIN analytics.${t} d ON d.${c[0]} = s.${c[0]}`,
    `WHERE d.${c[0]} IS NULL`,
    `  AND s.${c[3]} >= DATE '2024-01-0${1 + Math.floor(r() * 9)}';`,
  ],
  (t, c) => [
    `MERGE INTO analytics.${t} AS tgt`,
    `USING (SELECT * FROM staging.${t} WHERE batch_id = $1) AS src`,
    `ON tgt.${c[0]} = src.${c[0]}`,
    `WHEN MATCHED AND src.${c[3]} = 'deleted' THEN DELETE`,
    `WHEN MATCHED THEN UPDATE SET ${c[1]} = src.${c[1]}, ${c[2]} = src.${c[2]}, updated_at = now()`,
    `WHEN NOT MATCHED THEN INSERT (${c[0]}, ${c[1]}, ${c[2]}) VALUES (src.${c[0]}, src.${c[1]}, src.${c[2]});`,
  ],
  (t, c) => [
    `CREATE TABLE IF NOT EXISTS analytics.${t}_daily (`,
    `  ${c[0]} BIGINT NOT NULL,`,
    `  ${c[1]} VARCHAR(64),`,
    `  ${c[2]} NUMERIC(18, 2) DEFAULT 0,`,
    `  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,`,
    `  PRIMARY KEY (${c[0]})`,
    `);`,
  ],
  (t, c, r) => [
    `BEGIN;`,
    `DELETE FROM analytics.${t}_daily WHERE ds = '2024-03-${10 + Math.floor(r() * 18)}';`,
    `INSERT INTO analytics.${t}_daily (${c[0]}, ${c[1]}, ${c[2]})`,
    `SELECT ${c[0]}, max(${c[1]}), sum(${c[2]}) FROM analytics.${t}`,
    `WHERE ${c[4]} >= now() - INTERVAL '1 day' GROUP BY ${c[0]}`,
    `ON CONFLICT (${c[0]}) DO UPDATE SET ${c[2]} = EXCLUDED.${c[2]};`,
    `COMMIT;`,
  ],
  (t, c) => [
    `UPDATE analytics.${t} SET ${c[3]} = 'stale', updated_at = now()`,
    `WHERE ${c[5]} < now() - INTERVAL '30 days' /* retention */`,
    `  AND ${c[3]} <> 'archived';`,
  ],
  (t) => [
    `COPY INTO raw.${t}`,
    `FROM @raw_stage/${t}/dt=2024-03-01/`,
    `FILE_FORMAT = (TYPE = CSV SKIP_HEADER = 1)`,
    `ON_ERROR = 'ABORT_STATEMENT';`,
  ],
  (t, c) => [
    `WITH ranked AS (`,
    `  SELECT *, ROW_NUMBER() OVER (PARTITION BY ${c[0]} ORDER BY ${c[5]} DESC) AS rn`,
    `  FROM staging.${t}`,
    `)`,
    `SELECT ${c[0]}, ${c[1]}, ${c[2]} FROM ranked WHERE rn = 1;`,
  ],
];

// COPY INTO from a stage is Snowflake; the rest is valid PostgreSQL, which lets Postgres-only tools compare.
const POSTGRES_TEMPLATES = TEMPLATES.filter((_, i) => i !== 5);

/** About `lines` lines of realistic pipeline SQL, the same for the same seed. */
function generateSql(lines, seed = 42, { postgresOnly = false } = {}) {
  const r = prng(seed);
  const templates = postgresOnly ? POSTGRES_TEMPLATES : TEMPLATES;
  const out = [];
  while (out.length < lines) {
    const table = TABLES[Math.floor(r() * TABLES.length)];
    const start = Math.floor(r() * 4);
    const cols = COLUMNS.slice(start).concat(COLUMNS.slice(0, start));
    out.push(...templates[Math.floor(r() * templates.length)](table, cols, r), '');
  }
  return out.slice(0, lines).join('\n') + '\n';
}

module.exports = { generateSql };
