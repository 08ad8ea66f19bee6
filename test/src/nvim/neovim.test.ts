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
});
