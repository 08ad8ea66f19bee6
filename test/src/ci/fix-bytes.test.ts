import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeSource, dominantLineEnding } from '@pipelint/engine/internal/cli/encoding.js';
import { fixBytes, fixFile, type LintFn } from '@pipelint/engine/internal/cli/fix.js';
import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { prng } from '../sql/prng.js';
import { removeDir, tempDir } from './helpers.js';
import { run } from '../cli/helpers.js';
import { ENCODINGS, LINE_ENDING_STYLES, encodeFile, fixableSql } from './fixable-sql.js';

const POSTGRES = { ...DEFAULT_CONFIG, dialect: 'postgres' as const };
const lintSql: LintFn = (text) => lintText(text, { filename: 'load.sql', config: POSTGRES });

const COMMENT_CHARS = ['a', 'z', ' ', '\t', 'é', 'ß', '中', '文', '😀', '𝄞', '\u0301', "'", '"', ';', '-'];

describe('byte-exact fixes (property)', () => {
  it('changes no byte outside the edits, in every encoding and line-ending mix', () => {
    let checked = 0;
    for (let seed = 1; seed <= 240; seed++) {
      const random = prng(seed);
      const encoding = ENCODINGS[seed % ENCODINGS.length];
      const style = LINE_ENDING_STYLES[Math.floor(seed / ENCODINGS.length) % 4];
      const file = fixableSql(random, { style, prefix: 't', maxStatements: 8, commentChars: COMMENT_CHARS, maxCommentLength: 12, noteChance: 0.5, insertedLines: true });
      const bytes = encodeFile(file.before, encoding);
      const decoded = decodeSource(bytes);
      assert.ok(decoded.ok, `seed ${seed}: ${encoding} did not decode`);
      assert.equal(decoded.text, file.before, `seed ${seed}`);
      assert.equal(dominantLineEnding(decoded.text), file.eol, `seed ${seed}`);
      const fixed = fixBytes(bytes, decoded.text, decoded.encoding, lintSql(decoded.text), lintSql);
      const expected = encodeFile(file.after, encoding);
      assert.ok(fixed.bytes.equals(expected), `seed ${seed} (${encoding}, ${style}): ${JSON.stringify(file.before)}\n got ${JSON.stringify(decodeSource(fixed.bytes).text)}`);
      assert.equal(fixed.text, file.after, `seed ${seed}`);
      checked++;
    }
    assert.equal(checked, 240);
  });
});

describe('decoding source files', () => {
  it('reads UTF-8, and UTF-8 and UTF-16 LE/BE with a BOM, without the BOM in the text', () => {
    assert.deepEqual(decodeSource(Buffer.from('SELECT 1;\n')), { ok: true, encoding: 'utf8', text: 'SELECT 1;\n' });
    assert.deepEqual(decodeSource(encodeFile('SELECT é;', 'utf8-bom')), { ok: true, encoding: 'utf8-bom', text: 'SELECT é;' });
    assert.deepEqual(decodeSource(encodeFile('SELECT 😀;', 'utf16le')), { ok: true, encoding: 'utf16le', text: 'SELECT 😀;' });
    assert.deepEqual(decodeSource(encodeFile('SELECT 😀;', 'utf16be')), { ok: true, encoding: 'utf16be', text: 'SELECT 😀;' });
  });

  it('refuses invalid UTF-8 (Latin-1, overlong forms, surrogates), UTF-32 and odd-length UTF-16, naming the reason', () => {
    const latin1 = decodeSource(Buffer.from("SELECT 'caf\xe9';", 'latin1'));
    assert.deepEqual(latin1, { ok: false, text: "SELECT 'caf\ufffd';", reason: 'it is not valid UTF-8 (byte 0xE9 at offset 11; Latin-1 or another legacy encoding?)' });
    assert.equal(decodeSource(Buffer.from([0x41, 0xc0, 0xaf])).ok, false);
    assert.equal(decodeSource(Buffer.from([0xed, 0xa0, 0x80])).ok, false);
    assert.equal(decodeSource(Buffer.from([0xf4, 0x90, 0x80, 0x80])).ok, false);
    assert.equal(decodeSource(Buffer.from([0xe2, 0x82])).ok, false);
    assert.equal(decodeSource(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0])).ok, false);
    assert.match((decodeSource(Buffer.from([0xff, 0xfe, 0x41])) as { reason: string }).reason, /odd number of bytes/);
  });
});

describe('fixing files on disk, byte for byte', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('fixbytes');
  });
  afterEach(() => removeDir(dir));

  const write = (name: string, bytes: Buffer, mode = 0o644): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes, { mode });
    fs.chmodSync(file, mode);
    return file;
  };

  it('leaves a Latin-1 file byte for byte as it was, says why, and still reports its findings', async () => {
    const original = Buffer.from("INSERT INTO t VALUES ('caf\xe9');\nDROP TABLE x;\n", 'latin1');
    const file = write('a.sql', original);
    const result = await run(['--fix', '-f', 'json', 'a.sql'], { cwd: dir });
    assert.ok(fs.readFileSync(file).equals(original));
    assert.equal(
      result.stderr,
      'pipelint: a.sql: not fixed: it is not valid UTF-8 (byte 0xE9 at offset 26; Latin-1 or another legacy encoding?); pipelint fixes only UTF-8 and UTF-16 files, so that no byte changes by accident\n',
    );
    const [report] = JSON.parse(result.stdout) as { findings: { ruleId: string; line: number }[] }[];
    assert.deepEqual(report.findings.map((f) => [f.ruleId, f.line]), [['blind-insert', 1], ['unguarded-ddl', 2]]);
    const dry = await run(['--fix-dry-run', 'a.sql'], { cwd: dir });
    assert.deepEqual([dry.code, dry.stdout], [0, '']);
    assert.match(dry.stderr, /^pipelint: a\.sql: not fixed: it is not valid UTF-8/);
  });

  it('writes inserted lines with CRLF into a CRLF file, and the dry run shows the same change', async () => {
    const file = write('mv.sql', Buffer.from('-- views\r\nCREATE MATERIALIZED VIEW mv AS SELECT 1;\r\n'));
    const dry = await run(['--fix-dry-run', '--dialect', 'postgres', 'mv.sql'], { cwd: dir });
    assert.equal(
      dry.stdout,
      '--- a/mv.sql\n+++ b/mv.sql\n@@ -1,2 +1,3 @@\n -- views\r\n+DROP MATERIALIZED VIEW IF EXISTS mv;\r\n CREATE MATERIALIZED VIEW mv AS SELECT 1;\r\n',
    );
    assert.equal((await run(['--fix', '--dialect', 'postgres', 'mv.sql'], { cwd: dir })).code, 0);
    assert.equal(fs.readFileSync(file, 'latin1'), '-- views\r\nDROP MATERIALIZED VIEW IF EXISTS mv;\r\nCREATE MATERIALIZED VIEW mv AS SELECT 1;\r\n');
  });

  it('fixes a UTF-16 LE file in UTF-16 LE, BOM kept', async () => {
    const file = write('u.sql', encodeFile('DROP TABLE x;\r\n', 'utf16le'));
    const result = await run(['--fix', 'u.sql'], { cwd: dir });
    assert.equal(result.stderr, 'pipelint: fixed 1 problem in 1 file\n');
    assert.ok(fs.readFileSync(file).equals(encodeFile('DROP TABLE IF EXISTS x;\r\n', 'utf16le')));
  });

  it('refuses a read-only file (even for root) and leaves it as it was', async () => {
    const original = Buffer.from('DROP TABLE x;\n');
    const file = write('ro.sql', original, 0o444);
    const result = await run(['--fix', 'ro.sql'], { cwd: dir });
    assert.equal(result.stderr, 'pipelint: ro.sql: not fixed: the file is read-only (make it writable to let --fix change it)\n');
    assert.equal(result.code, 0);
    assert.ok(fs.readFileSync(file).equals(original));
  });

  it('refuses a file the user may not write (EACCES on access), leaving it as it was', () => {
    const original = Buffer.from('DROP TABLE x;\n');
    const file = write('theirs.sql', original);
    const denyWrite = {
      ...fs,
      accessSync: (p: fs.PathLike, mode?: number): void => {
        if (mode === fs.constants.W_OK) throw Object.assign(new Error(`EACCES: permission denied, access '${String(p)}'`), { code: 'EACCES' });
      },
    };
    const outcome = fixFile(file, lintSql, { dryRun: false, displayPath: 'theirs.sql', fs: denyWrite });
    assert.deepEqual([outcome.status, outcome.detail], ['read-only', 'not fixed: you may not write to the file (EACCES)']);
    assert.ok(fs.readFileSync(file).equals(original));
  });

  it('keeps the inode, mode, hard links and symbolic links of the fixed file', async () => {
    const file = write('real.sql', Buffer.from('DROP TABLE x;\n'), 0o640);
    const hard = path.join(dir, 'hard.sql.bak');
    fs.linkSync(file, hard);
    const link = path.join(dir, 'link.sql');
    fs.symlinkSync('real.sql', link);
    const inode = fs.statSync(file).ino;
    const result = await run(['--fix', 'link.sql'], { cwd: dir });
    assert.equal(result.stderr, 'pipelint: fixed 1 problem in 1 file\n');
    assert.equal(fs.readlinkSync(link), 'real.sql');
    assert.equal(fs.statSync(file).ino, inode);
    assert.equal(fs.statSync(file).mode & 0o7777, 0o640);
    assert.equal(fs.statSync(file).nlink, 2);
    assert.equal(fs.readFileSync(hard, 'utf8'), 'DROP TABLE IF EXISTS x;\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['hard.sql.bak', 'link.sql', 'real.sql']);
  });

  it('keeps a UTF-8 BOM and every byte around the edit, and shrinks nothing else', () => {
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('/* 😀 é */\r\nDROP TABLE x;\n\n')]);
    const file = write('bom.sql', original);
    const outcome = fixFile(file, lintSql, { dryRun: false, displayPath: 'bom.sql' });
    assert.equal(outcome.status, 'fixed');
    assert.ok(fs.readFileSync(file).equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('/* 😀 é */\r\nDROP TABLE IF EXISTS x;\n\n')])));
  });
});
