import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { renderConfigSchema, CONFIG_SCHEMA_PATH } from '@pipelint/engine/internal/cli/config-schema.js';
import { BINARY_SQL, docsFileUrl, makeTree, removeTree, REPO_ROOT, run } from './helpers.js';

const BINARY_MESSAGE = 'This file looks binary (it contains NUL bytes); pipelint did not analyse it.';
const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the pipelint command', () => {
  let root: string;
  before(() => {
    root = makeTree({
      'clean.sql': 'SELECT 1;\n',
      'bad/binary.sql': BINARY_SQL,
      'warned/pipelint.config.json': '{ "rules": { "parse-error": "warn" } }',
      'warned/binary.sql': BINARY_SQL,
      'skipped/pipelint.config.json': '{ "ignore": ["vendor/**"] }',
      'skipped/vendor/binary.sql': BINARY_SQL,
      'skipped/own.sql': 'SELECT 1;\n',
      'broken/pipelint.config.json': '{\n  "dialect": 1\n}\n',
      'broken/a.sql': 'SELECT 1;\n',
      'notes.txt': 'not linted',
      'suppressed/load.sql':
        '-- pipelint-disable-next-line blind-insert -- append-only audit log\n' +
        'INSERT INTO audit.events (event_id) SELECT event_id FROM raw.events;\n' +
        '-- pipelint-disable-next-line blind-insert\n' +
        'SELECT 1;\n',
      'configured/pipelint.config.json': JSON.stringify({
        rules: { 'blind-insert': 'error', 'nondeterministic-value': ['warn', { allowAuditColumns: ['snapshot_date'] }] },
      }),
      'configured/snapshot.sql': 'INSERT INTO analytics.balances (snapshot_date, balance)\nSELECT current_date, balance FROM raw.accounts;\n',
    });
  });
  after(() => removeTree(root));

  it('exits 0 and prints nothing for a clean file', async () => {
    assert.deepEqual(await run(['clean.sql'], { cwd: root }), { code: 0, stdout: '', stderr: '' });
  });

  it('exits 1 and prints the finding under its file when a file has an error', async () => {
    const result = await run(['bad'], { cwd: root });
    assert.equal(result.code, 1);
    assert.equal(result.stdout.split('\n').slice(0, 2).join('\n'), `bad/binary.sql\n  1:1  error  ${BINARY_MESSAGE}  parse-error`);
    assert.match(result.stdout, /✖ 1 problem \(1 error, 0 warnings\)/);
  });

  it('exits 0 on warnings, and 1 when they exceed --max-warnings', async () => {
    assert.equal((await run(['warned'], { cwd: root })).code, 0);
    assert.equal((await run(['warned', '--max-warnings', '1'], { cwd: root })).code, 0);
    const over = await run(['warned', '--max-warnings', '0'], { cwd: root });
    assert.equal(over.code, 1);
    assert.equal(over.stderr, 'pipelint: 1 warning, more than --max-warnings 0\n');
  });

  it('reports only errors with --quiet, and then does not count warnings', async () => {
    assert.deepEqual(await run(['warned', '--quiet', '--max-warnings', '0'], { cwd: root }), { code: 0, stdout: '', stderr: '' });
    assert.equal((await run(['bad', '--quiet'], { cwd: root })).code, 1);
  });

  it('counts findings hidden by pipelint-disable comments and reports comments that hide nothing', async () => {
    const result = await run(['suppressed', '-f', 'json'], { cwd: root });
    const [file] = JSON.parse(result.stdout) as { suppressedCount: number; findings: { ruleId: string; line: number; message: string }[] }[];
    assert.equal(file.suppressedCount, 1);
    assert.deepEqual(
      file.findings.map((f) => [f.ruleId, f.line, f.message]),
      [['unused-suppression', 3, "This comment disables 'blind-insert', which reports nothing here; remove 'blind-insert' from it."]],
    );
    assert.match((await run(['suppressed'], { cwd: root })).stdout, /\n {2}1 finding suppressed by pipelint-disable comments\n/);
  });

  it('applies the rule severities and options of the config', async () => {
    const result = await run(['configured', '-f', 'json'], { cwd: root });
    const [file] = JSON.parse(result.stdout) as { findings: { ruleId: string; severity: string }[] }[];
    assert.deepEqual(file.findings.map((f) => [f.ruleId, f.severity]), [['blind-insert', 'error']]);
    assert.equal(result.code, 1);
  });

  it('skips files matched by the ignore globs of their config', async () => {
    const result = await run(['skipped', '--format', 'json'], { cwd: root });
    assert.equal(result.code, 0);
    assert.deepEqual((JSON.parse(result.stdout) as { filePath: string }[]).map((f) => f.filePath), ['skipped/own.sql']);
  });

  it('skips a named file of a language it does not lint, and exits 2 for a missing one', async () => {
    assert.deepEqual(await run(['notes.txt'], { cwd: root }), { code: 0, stdout: '', stderr: '' });
    assert.deepEqual(await run(['clean.sql', 'gone.sql'], { cwd: root }), { code: 2, stdout: '', stderr: 'pipelint: No such file or directory: gone.sql\n' });
  });

  it('exits 2 naming the config file, line and column of a broken config', async () => {
    const result = await run(['broken/a.sql'], { cwd: root });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      `pipelint: invalid configuration\n  ${path.join(root, 'broken/pipelint.config.json')}:2:14: Invalid dialect 1; expected one of ansi, postgres, snowflake, bigquery, spark, redshift, mysql, sqlite\n` +
        '  the file it applies to was not linted; the other files were\n',
    );
  });

  it('exits 2 when the --config file does not exist', async () => {
    assert.deepEqual(await run(['--config', 'missing.json', 'clean.sql'], { cwd: root }), { code: 2, stdout: '', stderr: 'pipelint: Config file not found: missing.json\n' });
  });

  it('exits 2 with a pointer to --help on a usage error', async () => {
    assert.deepEqual(await run(['--fromat', 'json'], { cwd: root }), {
      code: 2,
      stdout: '',
      stderr: "pipelint: unknown option '--fromat'\nRun 'pipelint --help' for usage.\n",
    });
    assert.equal((await run(['--stdin-filename', 'a.sql'], { cwd: root })).stderr, "pipelint: '--stdin-filename' needs '--stdin'\nRun 'pipelint --help' for usage.\n");
  });

  it('lints standard input under the --stdin-filename, with that file’s config', async () => {
    const result = await run(['--stdin', '--stdin-filename', 'warned/piped.sql', '-f', 'json'], { cwd: root, stdin: BINARY_SQL });
    assert.equal(result.code, 0);
    const [file] = JSON.parse(result.stdout) as { filePath: string; findings: { ruleId: string; severity: string }[] }[];
    assert.equal(file.filePath, 'warned/piped.sql');
    assert.deepEqual(file.findings.map((f) => [f.ruleId, f.severity]), [['parse-error', 'warn']]);
  });

  it('lints standard input as SQL named <stdin> without a file name', async () => {
    const result = await run(['--stdin'], { cwd: root, stdin: BINARY_SQL });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^<stdin>\n {2}1:1 {2}error/);
  });

  it('writes the report to --output-file instead of stdout', async () => {
    const result = await run(['bad', '-f', 'sarif', '-o', 'out/report.sarif'], { cwd: root });
    assert.equal(result.stdout, '');
    assert.equal(result.code, 1);
    const log = JSON.parse(fs.readFileSync(path.join(root, 'out/report.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(log.runs[0].results.map((r) => r.ruleId), ['parse-error']);
  });

  it('colours output on a terminal unless NO_COLOR is set, and when FORCE_COLOR or --color asks', async () => {
    const coloured = (r: { stdout: string }): boolean => r.stdout.includes('\u001b[');
    assert.equal(coloured(await run(['bad'], { cwd: root, isTTY: true })), true);
    assert.equal(coloured(await run(['bad'], { cwd: root, isTTY: true, env: { NO_COLOR: '1' } })), false);
    assert.equal(coloured(await run(['bad'], { cwd: root, env: { FORCE_COLOR: '1' } })), true);
    assert.equal(coloured(await run(['bad'], { cwd: root, env: { FORCE_COLOR: '0' }, isTTY: true })), false);
    assert.equal(coloured(await run(['bad', '--color'], { cwd: root })), true);
    assert.equal(coloured(await run(['bad', '--no-color'], { cwd: root, isTTY: true })), false);
  });

  it('shows a progress line on a terminal’s stderr once a run takes over a second, and clears it', async () => {
    let clock = 0;
    const now = (): number => (clock += 700);
    const result = await run(['bad', 'clean.sql', 'warned'], { cwd: root, stderrIsTTY: true, now });
    assert.match(result.stderr, /^\r\u001b\[Kpipelint: 1\/3 files {2}clean\.sql\r\u001b\[Kpipelint: 2\/3 files {2}warned\/binary\.sql/);
    assert.ok(result.stderr.endsWith('\r\u001b[K'), JSON.stringify(result.stderr));
    assert.equal((await run(['bad', 'clean.sql', 'warned'], { cwd: root, stderrIsTTY: false, now })).stderr, '');
  });

  it('prints the version and the help', async () => {
    assert.deepEqual(await run(['--version'], { cwd: root }), { code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await run(['--help'], { cwd: root });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage:\n {2}pipelint \[options\] \[paths or globs\.\.\.\]/);
  });
});

describe('pipelint rules', () => {
  it('lists every rule with its concept, default severity and fixability', async () => {
    const result = await run(['rules'], { cwd: REPO_ROOT });
    assert.equal(result.code, 0);
    const lines = result.stdout.split('\n');
    assert.match(lines[0], /^rule +language +concept +default +fixable +description$/);
    assert.ok(lines.some((l) => /^parse-error +any +- +error +no +The file, or part of it/.test(l)), result.stdout);
  });

  it('prints the same listing as JSON', async () => {
    const result = await run(['rules', '--format', 'json'], { cwd: REPO_ROOT });
    const rules = JSON.parse(result.stdout) as { id: string; defaultSeverity: string; concept: string | null }[];
    assert.deepEqual(rules.find((r) => r.id === 'unused-suppression'), {
      id: 'unused-suppression',
      language: 'any',
      concept: null,
      defaultSeverity: 'warn',
      fixable: false,
      description: 'A pipelint-disable comment that suppresses nothing hides future findings without reason.',
      docsUrl: docsFileUrl('rules', 'unused-suppression'),
    });
  });

  it('rejects arguments', async () => {
    assert.equal((await run(['rules', 'x'], { cwd: REPO_ROOT })).code, 2);
  });
});

describe('the config JSON Schema', () => {
  it('is committed as generated from the rule registry (run `npm run schema` after changing rules)', () => {
    assert.equal(fs.readFileSync(CONFIG_SCHEMA_PATH, 'utf8'), renderConfigSchema());
  });

  it('accepts the example configs and rejects what the loader rejects', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(JSON.parse(renderConfigSchema()) as object);
    for (const example of ['examples/warehouse/pipelint.config.json', 'examples/dbt/pipelint.config.json']) {
      assert.ok(validate(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, example), 'utf8'))), example);
    }
    assert.ok(validate({ rules: { 'nondeterministic-value': ['warn', { allowAuditColumns: ['loaded_at'] }], 'parse-error': ['off'] } }));
    assert.ok(!validate({ rules: { 'blind-insert': 'warning' } }));
    assert.ok(!validate({ rules: { 'blind-insert': ['warn', { allowTable: [] }] } }));
    assert.ok(!validate({ rules: { 'no-such-rule': 'warn' } }));
    assert.ok(!validate({ dialect: 'oracle' }));
  });
});

describe('pipelint explain', () => {
  it('prints the lesson of a concept', async () => {
    const result = await run(['explain', 'idempotency'], { cwd: REPO_ROOT });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Idempotent pipelines\n/);
  });

  it('exits 2 and suggests the nearest id for a typo', async () => {
    const result = await run(['explain', 'idempotncy'], { cwd: REPO_ROOT });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Did you mean 'idempotency'\?/);
  });
});
