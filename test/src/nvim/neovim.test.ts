import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { docsFileUrl } from '../cli/helpers.js';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(REPO_ROOT, 'test/fixtures/nvim/lsp-check.lua');
const SERVER = path.join(REPO_ROOT, 'bin/pipelint-language-server.js');

interface NvimRun {
  status: number | null;
  lines: string[];
  stderr: string;
}

function hasNvim(): boolean {
  return spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs the Lua check in a headless Neovim with its cache and state in a temp dir. */
function runNvim(dir: string, file: string, filetype: string, quietLine: number): NvimRun {
  const result = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '--noplugin', '-c', `luafile ${SCRIPT}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30000,
    env: {
      ...process.env,
      XDG_CACHE_HOME: path.join(dir, '.cache'),
      XDG_STATE_HOME: path.join(dir, '.state'),
      XDG_CONFIG_HOME: path.join(dir, '.config'),
      PIPELINT_SERVER: SERVER,
      PIPELINT_FILE: file,
      PIPELINT_FILETYPE: filetype,
      PIPELINT_QUIET_LINE: String(quietLine),
    },
  });
  return { status: result.status, lines: result.stdout.split('\n').filter((l) => l.length > 0), stderr: result.stderr };
}

describe('Neovim 0.7 as an LSP client of the pipelint server', function () {
  this.timeout(60000);
  let dir: string;

  before(function () {
    // CI installs Neovim (.ci/run): there a missing nvim is a broken setup, not a reason to skip.
    if (!hasNvim()) {
      assert.ok(!process.env.CI, 'nvim is not installed, but .ci/run should have installed it');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-nvim-'));
  });

  after(function () {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows a SQL finding as a diagnostic and its lesson card on hover', function () {
    const file = path.join(dir, 'daily_orders.sql');
    fs.writeFileSync(file, "-- nightly load\nINSERT INTO analytics.daily_orders\nSELECT order_date, sum(amount) FROM raw.orders GROUP BY order_date;\n");
    const run = runNvim(dir, file, 'sql', 0);
    assert.equal(run.status, 0, run.stderr + run.lines.join('\n'));
    assert.deepEqual(
      run.lines.filter((l) => l.startsWith('DIAG')),
      ['DIAG 1:0-1:34 pipelint blind-insert A re-run inserts every row into analytics.daily_orders again: nothing here stops duplicates.'],
    );
    const hover = run.lines.find((l) => l.startsWith('HOVER')) ?? '';
    assert.match(hover, /^HOVER markdown ### Blind insert `blind-insert`/);
    assert.match(hover, /\*\*What goes wrong:\*\* /);
    assert.deepEqual(run.lines.slice(-2), ['QUIET 0', 'PASS']);
  });

  it('shows a TypeScript finding as a diagnostic and its lesson card on hover', function () {
    const file = path.join(dir, 'worker.ts');
    fs.writeFileSync(
      file,
      [
        "import { Worker } from 'bullmq';",
        "import nodemailer from 'nodemailer';",
        '',
        "const mailer = nodemailer.createTransport({ host: 'smtp.example.com' });",
        '',
        "new Worker('receipts', async (job) => {",
        "  await mailer.sendMail({ to: job.data.email, subject: 'Your receipt' });",
        '});',
        '',
      ].join('\n'),
    );
    const run = runNvim(dir, file, 'typescript', 0);
    assert.equal(run.status, 0, run.stderr + run.lines.join('\n'));
    assert.deepEqual(
      run.lines.filter((l) => l.startsWith('DIAG')),
      ['DIAG 6:8-6:23 pipelint retry-side-effect `mailer.sendMail` runs again whenever this BullMQ job is retried: the recipient gets the email twice.'],
    );
    const hover = run.lines.find((l) => l.startsWith('HOVER')) ?? '';
    assert.match(hover, /^HOVER markdown ### Retry side effect `retry-side-effect`/);
    assert.match(hover, /\*\*Concept:\*\* Idempotent pipelines/);
    // Neovim runs no VS Code command: the link is the page inside the installed package.
    assert.ok(hover.includes(`[Open lesson](${docsFileUrl('lessons', 'idempotency')})`), hover);
    assert.deepEqual(run.lines.slice(-2), ['QUIET 0', 'PASS']);
  });

  it('starts one server per project root for every file type, with editors/nvim/lua/pipelint.lua', function () {
    const project = path.join(dir, 'warehouse');
    const other = path.join(dir, 'other');
    fs.mkdirSync(path.join(project, 'models'), { recursive: true });
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(project, 'pipelint.config.json'), '{ "rules": { "blind-insert": "warn" } }\n');
    fs.writeFileSync(path.join(other, 'package.json'), '{}\n');
    const write = (file: string, text: string): string => {
      fs.writeFileSync(file, text);
      return file;
    };
    const insert = 'INSERT INTO analytics.daily SELECT * FROM raw.daily;\n';
    const files = [
      write(path.join(project, 'models', 'load.sql'), insert),
      write(path.join(project, 'models', 'load_events.sql.j2'), "{# nightly #}\nINSERT INTO {{ params.schema }}.events SELECT * FROM raw.events WHERE d = '{{ ds }}';\n"),
      write(path.join(project, 'src', 'worker.ts'), 'export const n: number = 1;\n'),
      write(path.join(project, 'src', 'view.tsx'), 'export const View = () => <div />;\n'),
      write(path.join(project, 'src', 'job.js'), 'module.exports = 1;\n'),
      write(path.join(project, 'src', 'page.jsx'), 'export const Page = () => <p />;\n'),
      write(path.join(project, 'src', 'dag.py'), 'print(1)\n'),
      write(path.join(other, 'setup.sql'), insert),
    ];
    const result = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '--noplugin', '-c', `luafile ${path.join(REPO_ROOT, 'test/fixtures/nvim/multi-buffer.lua')}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 45000,
      env: {
        ...process.env,
        XDG_CACHE_HOME: path.join(dir, '.cache'),
        XDG_STATE_HOME: path.join(dir, '.state'),
        XDG_CONFIG_HOME: path.join(dir, '.config'),
        PIPELINT_REPO: REPO_ROOT,
        PIPELINT_SERVER: SERVER,
        PIPELINT_FILES: files.join(';'),
        PIPELINT_FLAGGED: [files[0], files[1], files[7]].join(';'),
      },
    });
    const lines = result.stdout.split('\n').filter((l) => l.length > 0);
    assert.equal(result.status, 0, result.stderr + lines.join('\n'));
    assert.deepEqual(lines.filter((l) => l.startsWith('FT ')), [
      'FT load.sql sql',
      'FT load_events.sql.j2 jinja-sql',
      'FT worker.ts typescript',
      'FT view.tsx typescriptreact',
      'FT job.js javascript',
      'FT page.jsx javascriptreact',
      'FT dag.py python',
      'FT setup.sql sql',
    ]);
    // One server for the seven files of the warehouse project, one for the other project: two processes.
    assert.deepEqual(lines.filter((l) => l.startsWith('CLIENT ')), [`CLIENT pipelint ${other} buffers=1`, `CLIENT pipelint ${project} buffers=7`]);
    assert.deepEqual(lines.filter((l) => l.startsWith('SERVERS ')), ['SERVERS 2']);
    // The warehouse config makes blind-insert a warning there; the other project keeps the default.
    assert.deepEqual(lines.filter((l) => l.startsWith('DIAG ')), ['DIAG load.sql 0:0 blind-insert', 'DIAG load_events.sql.j2 1:0 blind-insert', 'DIAG setup.sql 0:0 blind-insert']);
    assert.equal(lines[lines.length - 1], 'PASS');
  });

  it('ships an lsp/pipelint.lua for Neovim 0.11+ with the same file types and root markers', function () {
    const config = fs.readFileSync(path.join(REPO_ROOT, 'editors/nvim/lsp/pipelint.lua'), 'utf8');
    assert.match(config, /cmd = \{ 'pipelint-language-server', '--stdio' \}/);
    for (const ft of ['sql', 'jinja-sql', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python']) assert.ok(config.includes(`'${ft}'`), ft);
    assert.match(config, /root_markers = \{ 'pipelint.config.json', '.pipelintrc.json', 'dbt_project.yml', 'package.json', '.git' \}/);
  });

  it('shows Python findings (its own rule and embedded SQL) as diagnostics and the Python lesson card on hover', function () {
    const file = path.join(dir, 'orders_dag.py');
    fs.writeFileSync(
      file,
      [
        '# Loads the orders of each day.',
        'from airflow import DAG',
        'from airflow.providers.postgres.operators.postgres import PostgresOperator',
        '',
        'with DAG("orders", schedule="* * * * *") as dag:',
        '    PostgresOperator(task_id="load", sql="INSERT INTO daily SELECT * FROM raw")',
        '',
      ].join('\n'),
    );
    const run = runNvim(dir, file, 'python', 0);
    assert.equal(run.status, 0, run.stderr + run.lines.join('\n'));
    assert.deepEqual(run.lines.filter((l) => l.startsWith('DIAG')), [
      'DIAG 4:28-4:39 pipelint freshness-cost DAG `orders` runs every minute (about 1,440 runs a day): every run schedules its tasks and starts their workers, so it costs about as much as an always-on pipeline. Make sure someone needs data this fresh.',
      'DIAG 5:42-5:59 pipelint blind-insert A re-run inserts every row into daily again: nothing here stops duplicates.',
    ]);
    const hover = run.lines.find((l) => l.startsWith('HOVER')) ?? '';
    assert.match(hover, /^HOVER markdown ### Freshness cost `freshness-cost`/);
    assert.match(hover, /schedule="@hourly"/);
    assert.deepEqual(run.lines.slice(-2), ['QUIET 0', 'PASS']);
  });
});
