/**
 * A seeded file-system fault fuzzer for the pipelint CLI. Each case builds a random tree in a temporary
 * folder (files in every supported encoding and line-ending mix, Latin-1, binary, empty and huge-line
 * files, symbolic link loops, dangling and good links, unreadable files and folders, an unreadable
 * .gitignore, a file deleted during the run, read-only files) and runs the CLI in-process with random
 * options. It checks that the run never throws, exits 0, 1 or 2 (2 exactly when a path could not be
 * read), reports every readable lintable file and a file-error for every unreadable one, and that
 * --fix changes no byte outside its edits (the expected bytes are built by the generator, not by the
 * fixer). Unreadable paths are made so with chmod and also through an injected fs (root ignores chmod).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mainSync } from '@pipelint/engine/internal/cli/main.js';
import type { CliFs, CliIO } from '@pipelint/engine/internal/cli/io.js';
import { clearConfigCache } from '@pipelint/engine/internal/core/config-load.js';
import { prng } from '../sql/prng.js';
import { ENCODINGS, LINE_ENDING_STYLES, encodeFile, fixableSql } from '../ci/fixable-sql.js';

type Random = () => number;

const COMMENT_CHARS = ['a', ' ', '\t', 'é', '中', '😀', '\u0301', "'", ';'];

interface Entry {
  /** Relative to the case folder, with forward slashes. */
  name: string;
  /** What the report must hold for it: findings (any), a file-error, or nothing (not linted). */
  expect: 'linted' | 'file-error' | 'absent';
  /** The bytes on disk before the run, and after a --fix (equal when nothing may change). */
  before?: Buffer;
  afterFix?: Buffer;
}

interface Case {
  dir: string;
  entries: Entry[];
  /** Paths whose reads fail with the given code through the injected fs. */
  denied: Map<string, string>;
  /** Reading `trigger` deletes `victim`, as a process running beside pipelint might. */
  deletion: { trigger: string; victim: string } | null;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** SQL whose fixed form is known: DROP/CREATE TABLE get their guard, the rest stays. */
function sqlFile(random: Random, prefix: string): { before: string; after: string } {
  const style = pick(random, LINE_ENDING_STYLES);
  return fixableSql(random, { style, prefix, maxStatements: 6, commentChars: COMMENT_CHARS, maxCommentLength: 8, noteChance: 0.4, insertedLines: false });
}

function write(dir: string, name: string, bytes: Buffer | string): void {
  const full = path.join(dir, name);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, bytes);
}

/** Builds one random tree; every entry says what the report must show for it. */
function buildCase(random: Random, dir: string, index: number): Case {
  const entries: Entry[] = [];
  const denied = new Map<string, string>();
  const ignoring = random() < 0.4;
  const gitignoreDenied = ignoring && random() < 0.3;
  if (ignoring) {
    write(dir, '.gitignore', random() < 0.5 ? '\ufeffignored-*.sql\n' : 'ignored-*.sql\r\n');
    if (gitignoreDenied) {
      denied.set(path.join(dir, '.gitignore'), 'EACCES');
      entries.push({ name: '.gitignore', expect: 'file-error' });
    }
  }
  const count = 1 + Math.floor(random() * 9);
  for (let i = 0; i < count; i++) {
    const sub = random() < 0.3 ? `sub${i % 3}/` : '';
    const kind = Math.floor(random() * 15);
    const base = `${sub}f${index}_${i}`;
    if (kind <= 3) {
      const encoding = pick(random, ENCODINGS);
      const { before, after } = sqlFile(random, `t${i}`);
      const name = ignoring && random() < 0.3 ? `${sub}ignored-${i}.sql` : `${base}.sql`;
      const bytes = encodeFile(before, encoding);
      write(dir, name, bytes);
      const ignored = name.includes('ignored-') && !gitignoreDenied;
      entries.push({ name, expect: ignored ? 'absent' : 'linted', before: bytes, afterFix: ignored ? bytes : encodeFile(after, encoding) });
    } else if (kind === 4) {
      const bytes = Buffer.from(`DROP TABLE latin_${i}; -- caf\xe9\nSELECT 'na\xefve';\n`, 'latin1');
      write(dir, `${base}.sql`, bytes);
      entries.push({ name: `${base}.sql`, expect: 'linted', before: bytes, afterFix: bytes });
    } else if (kind === 5) {
      const bytes = Buffer.from(`SELECT 1;\u0000\u0001\u00ff`);
      write(dir, `${base}.sql`, bytes);
      entries.push({ name: `${base}.sql`, expect: 'linted', before: bytes, afterFix: bytes });
    } else if (kind === 6) {
      write(dir, `${base}.sql`, '');
      entries.push({ name: `${base}.sql`, expect: 'linted', before: Buffer.alloc(0), afterFix: Buffer.alloc(0) });
    } else if (kind === 7) {
      const bytes = Buffer.from(`SELECT ${'a,'.repeat(2000 + Math.floor(random() * 20000))} b FROM t;`);
      write(dir, `${base}.sql`, bytes);
      entries.push({ name: `${base}.sql`, expect: 'linted', before: bytes, afterFix: bytes });
    } else if (kind === 8) {
      // Unreadable: chmod for users it stops, the injected fs for root.
      const bytes = Buffer.from(`DROP TABLE locked_${i};\n`);
      write(dir, `${base}.sql`, bytes);
      fs.chmodSync(path.join(dir, `${base}.sql`), 0);
      denied.set(path.join(dir, `${base}.sql`), 'EACCES');
      entries.push({ name: `${base}.sql`, expect: 'file-error', before: bytes, afterFix: bytes });
    } else if (kind === 9) {
      const folder = `${sub}pgdata${i}`;
      write(dir, `${folder}/inside.sql`, 'DROP TABLE hidden;\n');
      fs.chmodSync(path.join(dir, folder), 0);
      denied.set(path.join(dir, folder), 'EACCES');
      entries.push({ name: folder, expect: 'file-error' });
    } else if (kind === 10) {
      fs.mkdirSync(path.join(dir, sub), { recursive: true });
      fs.symlinkSync(`loop${i}b.sql`, path.join(dir, `${sub}loop${i}a.sql`));
      fs.symlinkSync(`loop${i}a.sql`, path.join(dir, `${sub}loop${i}b.sql`));
      entries.push({ name: `${sub}loop${i}a.sql`, expect: 'file-error' }, { name: `${sub}loop${i}b.sql`, expect: 'file-error' });
    } else if (kind === 11) {
      fs.mkdirSync(path.join(dir, sub), { recursive: true });
      fs.symlinkSync('nowhere.sql', path.join(dir, `${base}-dangling.sql`));
      entries.push({ name: `${base}-dangling.sql`, expect: 'absent' });
    } else if (kind === 12) {
      const { before } = sqlFile(random, `ro${i}`);
      write(dir, `${base}.sql`, before);
      fs.chmodSync(path.join(dir, `${base}.sql`), 0o444);
      entries.push({ name: `${base}.sql`, expect: 'linted', before: Buffer.from(before), afterFix: Buffer.from(before) });
    } else if (kind === 13) {
      write(dir, `${base}.txt`, 'not linted');
      write(dir, `${base}.ts`, 'export const answer = 42;\n');
      entries.push({ name: `${base}.txt`, expect: 'absent' }, { name: `${base}.ts`, expect: 'linted', before: Buffer.from('export const answer = 42;\n'), afterFix: Buffer.from('export const answer = 42;\n') });
    } else {
      // A link to a file of the tree: linted under the link's own name, and fixed through it.
      const { before, after } = sqlFile(random, `l${i}`);
      write(dir, `${base}-target.sql`, before);
      fs.mkdirSync(path.join(dir, sub), { recursive: true });
      fs.symlinkSync(`f${index}_${i}-target.sql`, path.join(dir, `${base}-link.sql`));
      entries.push({ name: `${base}-target.sql`, expect: 'linted', before: Buffer.from(before), afterFix: Buffer.from(after) });
      entries.push({ name: `${base}-link.sql`, expect: 'linted' });
    }
  }
  // A link's target is never deleted: the link would then be dangling, which is a different case.
  const readable = entries.filter((e) => e.expect === 'linted' && e.before !== undefined && !e.name.endsWith('-target.sql') && !isInside(e.name, denied, dir)).sort((a, b) => compare(path.join(dir, a.name), path.join(dir, b.name)));
  let deletion: Case['deletion'] = null;
  if (readable.length >= 2 && random() < 0.3) {
    const victim = readable[readable.length - 1];
    deletion = { trigger: path.join(dir, readable[0].name), victim: path.join(dir, victim.name) };
    victim.expect = 'file-error';
    victim.before = undefined;
    victim.afterFix = undefined;
  }
  for (const entry of entries) if (entry.expect !== 'absent' && isInside(entry.name, denied, dir, true)) entry.expect = 'absent';
  return { dir, entries, denied, deletion };
}

/** Whether a path lies inside a denied folder (strictly inside when `strict`). */
function isInside(name: string, denied: Map<string, string>, dir: string, strict = false): boolean {
  const full = path.join(dir, name);
  for (const folder of denied.keys()) if (full.startsWith(`${folder}/`) || (!strict && full === folder)) return true;
  return false;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function faultyFs(c: Case): CliFs {
  return new Proxy(fs, {
    get(target, name: string) {
      const real = (target as unknown as Record<string, unknown>)[name];
      if (typeof real !== 'function') return real;
      return (...args: unknown[]) => {
        const file = typeof args[0] === 'string' ? args[0] : '';
        if (c.deletion !== null && name === 'readFileSync' && file === c.deletion.trigger) fs.rmSync(c.deletion.victim, { force: true });
        const code = (name === 'readFileSync' || name === 'readdirSync' || name === 'openSync') ? c.denied.get(file) : undefined;
        if (code !== undefined) throw Object.assign(new Error(`${code}: permission denied, ${name} '${file}'`), { code });
        return (real as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as CliFs;
}

interface JsonReport {
  filePath: string;
  findings: { ruleId: string; line: unknown; column: unknown }[];
}

function runCase(random: Random, c: Case, label: string): string[] {
  const failures: string[] = [];
  const fail = (message: string): void => void failures.push(`${label}: ${message}`);
  const mode = pick(random, ['lint', 'lint', 'fix', 'fix', 'dry-run', 'baseline'] as const);
  const output = random() < 0.3 ? 'report.json' : null;
  const argv = ['-f', 'json'];
  if (mode === 'fix') argv.push('--fix');
  if (mode === 'dry-run') argv.push('--fix-dry-run');
  if (mode === 'baseline') argv.push('--write-baseline', 'baseline.json');
  if (output !== null && mode !== 'baseline') argv.push('-o', output);
  if (random() < 0.5) argv.push('.');
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: async () => '',
    cwd: c.dir,
    isTTY: false,
    env: {},
    fs: faultyFs(c),
  };
  clearConfigCache();
  let code: number;
  try {
    code = mainSync(argv, io);
  } catch (error) {
    fail(`threw ${(error as Error).stack ?? String(error)}`);
    return failures;
  }
  label += ` [${argv.join(' ')}]`;
  if (![0, 1, 2].includes(code)) fail(`exit code ${code}`);
  if (/internal error|\n\s+at /.test(stderr)) fail(`internal error on stderr: ${stderr}`);
  const faults = c.entries.some((e) => e.expect === 'file-error');
  if (faults !== (code === 2)) fail(`exit code ${code} but ${faults ? 'a' : 'no'} path could not be read; stderr: ${stderr}`);
  if (mode === 'lint' || mode === 'fix') {
    const text = output !== null ? readIfThere(path.join(c.dir, output)) : stdout;
    checkReport(text, c, fail);
  }
  unlock(c.dir); // so that a user permissions apply to can read back the chmod 000 files
  for (const entry of c.entries) {
    if (entry.before === undefined) continue;
    const full = path.join(c.dir, entry.name);
    const now = readIfThereBytes(full);
    const expected = mode === 'fix' ? entry.afterFix : entry.before;
    if (expected === undefined) continue;
    if (now === null) fail(`${entry.name} vanished`);
    else if (!now.equals(expected)) fail(`${entry.name} has bytes ${JSON.stringify(now.toString('latin1'))}, expected ${JSON.stringify(expected.toString('latin1'))}`);
  }
  return failures;
}

function checkReport(text: string | null, c: Case, fail: (message: string) => void): void {
  let reports: JsonReport[];
  try {
    reports = JSON.parse(text ?? '') as JsonReport[];
  } catch {
    fail(`the report is not JSON: ${String(text).slice(0, 200)}`);
    return;
  }
  const byPath = new Map(reports.map((r) => [r.filePath, r]));
  for (const entry of c.entries) {
    const report = byPath.get(entry.name);
    const fileError = report?.findings.some((f) => f.ruleId === 'file-error') === true;
    if (entry.expect === 'linted' && (report === undefined || fileError)) fail(`${entry.name} is readable but ${report === undefined ? 'missing from' : 'a file-error in'} the report`);
    if (entry.expect === 'file-error' && !fileError) fail(`${entry.name} could not be read but has no file-error`);
    if (entry.expect === 'absent' && report !== undefined) fail(`${entry.name} should not be linted but is reported`);
  }
  for (const report of reports) {
    for (const f of report.findings) {
      if (!Number.isInteger(f.line) || !Number.isInteger(f.column)) fail(`${report.filePath}: ${f.ruleId} at ${String(f.line)}:${String(f.column)}`);
    }
  }
}

function readIfThere(file: string): string | null {
  const bytes = readIfThereBytes(file);
  return bytes === null ? null : bytes.toString('utf8');
}

function readIfThereBytes(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

/** Makes everything below `dir` removable again (chmod 000 folders stop a non-root user). */
function unlock(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) continue;
    fs.chmodSync(full, 0o755);
    if (stat.isDirectory()) unlock(full);
  }
}

/** Runs `cases` seeded scenarios; a failure names its seed and case so it can be replayed. */
export function run(cases: number, seed: number): { cases: number; failures: string[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-cli-faults-'));
  const failures: string[] = [];
  try {
    for (let i = 0; i < cases; i++) {
      const caseSeed = (seed + i * 7919) >>> 0;
      const random = prng(caseSeed);
      const dir = path.join(root, `case${i}`);
      fs.mkdirSync(dir);
      try {
        const c = buildCase(random, dir, i);
        failures.push(...runCase(random, c, `seed ${seed} case ${i} (case seed ${caseSeed})`));
      } catch (error) {
        failures.push(`seed ${seed} case ${i}: the fuzzer itself failed: ${(error as Error).stack ?? String(error)}`);
      } finally {
        unlock(dir);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return { cases, failures };
}
