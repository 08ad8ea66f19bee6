import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';
import { DEFAULT_CONFIG, type ResolvedConfig } from '@pipelint/engine/internal/core/config.js';
import { lintText } from '@pipelint/engine/internal/engine.js';

const REPOSITORY = `import { Pool } from 'pg';
const pool = new Pool();
export async function load(): Promise<void> {
  await pool.query('INSERT INTO orders SELECT * FROM staging_orders');
}
`;

function config(rules: ResolvedConfig['rules']): ResolvedConfig {
  return { ...DEFAULT_CONFIG, rules };
}

describe('embedded SQL through lintText', () => {
  it('reports a SQL finding in a TS file under the SQL rule id, with origin embedded-sql', () => {
    const { findings } = lintText(REPOSITORY, { filename: 'orders.ts' });
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.ruleId, 'blind-insert');
    assert.equal(finding.origin, 'embedded-sql');
    assert.equal(finding.concept, 'idempotency');
    assert.equal(finding.message, 'A re-run inserts every row into orders again: nothing here stops duplicates.');
    assert.deepEqual([finding.range.start.line, finding.range.start.column, finding.range.end.column], [4, 21, 39]);
  });

  it('keeps positions exact in a template literal of a file with CRLF line ends', () => {
    const text = "import { Pool } from 'pg';\r\nconst pool = new Pool();\r\nexport const load = () => pool.query(`\r\n  SELECT 1;\r\n  INSERT INTO orders SELECT * FROM staging_orders`);\r\n";
    const [finding] = lintText(text, { filename: 'orders.ts' }).findings;
    assert.equal(finding.ruleId, 'blind-insert');
    assert.equal(text.slice(finding.range.start.offset, finding.range.end.offset), 'INSERT INTO orders');
    assert.deepEqual([finding.range.start.line, finding.range.start.column], [5, 3]);
  });

  it('applies the configured severity of the SQL rule', () => {
    const { findings } = lintText(REPOSITORY, { filename: 'orders.ts', config: config({ 'blind-insert': { severity: 'error', options: {} } }) });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['blind-insert', 'error']]);
  });

  it('reports nothing when the SQL rule or embedded-sql is off', () => {
    for (const off of ['blind-insert', 'embedded-sql']) {
      const { findings } = lintText(REPOSITORY, { filename: 'orders.ts', config: config({ [off]: { severity: 'off', options: {} } }) });
      assert.deepEqual(findings, [], off);
    }
  });

  it('honours a pipelint-disable comment that names the SQL rule', () => {
    const text = REPOSITORY.replace('  await pool.query', '  // pipelint-disable-next-line blind-insert\n  await pool.query');
    const result = lintText(text, { filename: 'orders.ts' });
    assert.deepEqual(result.findings, []);
    assert.equal(result.suppressedCount, 1);
  });

  it('offers a fix whose edit, applied to the TS file, rewrites the SQL inside the string', () => {
    const text = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport const up = () => db.raw(\"CREATE TABLE audit (id int)\");\n";
    const [finding] = lintText(text, { filename: 'migrate.ts' }).findings;
    assert.equal(finding.ruleId, 'unguarded-ddl');
    const edit = finding.fix!.edits[0];
    const fixed = text.slice(0, edit.span.start) + edit.text + text.slice(edit.span.end);
    assert.ok(fixed.includes('db.raw("CREATE TABLE IF NOT EXISTS audit (id int)")'), fixed);
  });

  it('places a fix next to an escape sequence on its verbatim side', () => {
    const text = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport const up = () => db.raw('CREATE TABLE\\taudit (id int)');\n";
    const [finding] = lintText(text, { filename: 'migrate.ts' }).findings;
    const edit = finding.fix!.edits[0];
    const fixed = text.slice(0, edit.span.start) + edit.text + text.slice(edit.span.end);
    assert.ok(fixed.includes("db.raw('CREATE TABLE\\tIF NOT EXISTS audit (id int)')"), fixed);
  });

  it('drops a fix whose insertion point has only escape sequences around it', () => {
    const text = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\nexport const up = () => db.raw('CREATE TABLE\\t\\u0061udit (id int)');\n";
    const [finding] = lintText(text, { filename: 'migrate.ts' }).findings;
    assert.equal(finding.ruleId, 'unguarded-ddl');
    assert.equal(finding.fix, undefined);
  });
});
