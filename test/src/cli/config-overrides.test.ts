import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clearConfigCache, ConfigError, loadConfigForFile, parseConfigText } from '@pipelint/engine/internal/core/config-load.js';
import { makeTree, removeTree, run } from './helpers.js';

const INSERT = 'INSERT INTO orders SELECT * FROM staging_orders;\n';

function configError(text: string): ConfigError {
  try {
    parseConfigText(text, '/repo/pipelint.config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

interface JsonFile {
  filePath: string;
  findings: { ruleId: string; severity: string; line: number; column: number; message: string }[];
}

describe('config overrides', () => {
  let root: string;
  const config = {
    dialect: 'postgres',
    rules: { 'blind-insert': 'warn', 'unused-suppression': 'info' },
    overrides: [
      { files: ['warehouse/**/*.sql'], dialect: 'snowflake', rules: { 'blind-insert': 'error' } },
      // Later entries win over earlier ones for the files both match.
      { files: ['warehouse/legacy/**', '!warehouse/legacy/keep/**'], rules: { 'blind-insert': 'off' } },
      { files: ['*.sql'], assumeInTransaction: true },
    ],
  };

  before(() => {
    root = makeTree({
      'pipelint.config.json': JSON.stringify(config, null, 2),
      'top.sql': INSERT,
      'warehouse/orders.sql': INSERT,
      'warehouse/legacy/old.sql': INSERT,
      'warehouse/legacy/keep/kept.sql': INSERT,
      'apps/warehouse/orders.sql': INSERT,
      // A nearer config file replaces the outer one, overrides included: globs are relative to its own folder.
      'team/pipelint.config.json': JSON.stringify({ overrides: [{ files: ['warehouse/**/*.sql'], dialect: 'bigquery' }] }),
      'team/warehouse/t.sql': INSERT,
    });
  });
  after(() => removeTree(root));
  beforeEach(() => clearConfigCache());

  const resolved = (file: string) => {
    const { config: c } = loadConfigForFile(path.join(root, file));
    return { dialect: c.dialect, blindInsert: c.rules['blind-insert']?.severity, unused: c.rules['unused-suppression']?.severity, assume: c.assumeInTransaction };
  };

  it('applies every matching entry in order over the top level, relative to the config file folder', () => {
    assert.deepEqual(resolved('top.sql'), { dialect: 'postgres', blindInsert: 'warn', unused: 'info', assume: true });
    assert.deepEqual(resolved('warehouse/orders.sql'), { dialect: 'snowflake', blindInsert: 'error', unused: 'info', assume: false });
    assert.deepEqual(resolved('warehouse/legacy/old.sql'), { dialect: 'snowflake', blindInsert: 'off', unused: 'info', assume: false });
    assert.deepEqual(resolved('warehouse/legacy/keep/kept.sql'), { dialect: 'snowflake', blindInsert: 'error', unused: 'info', assume: false });
    // `warehouse/**` is anchored at the config file's folder: apps/warehouse is not under it.
    assert.deepEqual(resolved('apps/warehouse/orders.sql'), { dialect: 'postgres', blindInsert: 'warn', unused: 'info', assume: false });
    assert.deepEqual(resolved('team/warehouse/t.sql'), { dialect: 'bigquery', blindInsert: undefined, unused: undefined, assume: false });
  });

  it('hands the engine a config without the overrides list', () => {
    assert.equal(loadConfigForFile(path.join(root, 'warehouse/orders.sql')).config.overrides, undefined);
  });

  it('lets --dialect win over an override, and matches no entry for files outside the folder of --config', () => {
    assert.equal(loadConfigForFile(path.join(root, 'warehouse/orders.sql'), { dialect: 'mysql' }).config.dialect, 'mysql');
    const outside = loadConfigForFile('/elsewhere/warehouse/orders.sql', { configFile: path.join(root, 'pipelint.config.json') });
    assert.equal(outside.config.dialect, 'postgres');
  });

  it('reports the severities of the overrides on the command line', async () => {
    const result = await run(['-f', 'json', '.'], { cwd: root });
    const severities = (JSON.parse(result.stdout) as JsonFile[]).map((f) => [f.filePath, f.findings.map((x) => `${x.ruleId}:${x.severity}`).join(',')]);
    assert.deepEqual(severities, [
      ['apps/warehouse/orders.sql', 'blind-insert:warn'],
      ['team/warehouse/t.sql', 'blind-insert:hint'],
      ['top.sql', 'blind-insert:warn'],
      ['warehouse/legacy/keep/kept.sql', 'blind-insert:error'],
      ['warehouse/legacy/old.sql', ''],
      ['warehouse/orders.sql', 'blind-insert:error'],
    ]);
    assert.equal(result.code, 1);
  });
});

describe('validating overrides and docsBaseUrl', () => {
  it('accepts a full entry and keeps it for resolution', () => {
    const parsed = parseConfigText(JSON.stringify({ overrides: [{ files: ['a/**', '!a/b/**'], dialect: 'spark', assumeInTransaction: false, rules: { 'blind-insert': ['error'] } }] }), 'x.json');
    assert.deepEqual(parsed.overrides, [{ files: ['a/**', '!a/b/**'], dialect: 'spark', assumeInTransaction: false, rules: { 'blind-insert': { severity: 'error', options: {} } } }]);
  });

  it('points at the offending part of an entry', () => {
    const cases: [unknown, string][] = [
      [{ overrides: {} }, "1:14: 'overrides' must be an array of objects with 'files' globs, found an object"],
      [{ overrides: [1] }, "1:15: Each 'overrides' entry must be an object, found 1"],
      [{ overrides: [{ dialect: 'snowflake' }] }, "1:15: An 'overrides' entry needs 'files', the globs of the files it applies to"],
      [{ overrides: [{ files: [] }] }, "1:24: 'files' must be a non-empty array of glob strings, relative to the folder of this configuration file, found an array"],
      [{ overrides: [{ files: ['!a/**'] }] }, "1:24: 'files' needs at least one glob without '!'; a '!' glob only excludes files the others match"],
      [{ overrides: [{ files: ['a'], ignore: ['b'] }] }, "1:30: Unknown property 'ignore' in an 'overrides' entry; expected one of files, dialect, assumeInTransaction, rules"],
      [{ overrides: [{ files: ['a'], dialect: 'oracle' }] }, "1:40: Invalid dialect \"oracle\"; expected one of ansi, postgres, snowflake, bigquery, spark, redshift, mysql, sqlite"],
      [{ overrides: [{ files: ['a'], rules: { 'blind-insrt': 'warn' } }] }, "1:39: Unknown rule 'blind-insrt' (did you mean 'blind-insert'?); run `pipelint rules` to list the rules"],
      [{ docsBaseUrl: 'docs.example.com' }, "1:16: 'docsBaseUrl' must be an absolute URL such as \"https://docs.example.com/pipelint\", found \"docs.example.com\""],
      [{ docsBaseUrl: 'javascript:alert(1)' }, "1:16: 'docsBaseUrl' must be an http, https or file URL, found \"javascript:alert(1)\""],
    ];
    for (const [json, expected] of cases) {
      const error = configError(JSON.stringify(json));
      assert.equal(`${error.line}:${error.column}: ${error.message}`, expected, JSON.stringify(json));
    }
  });

  it('keeps docsBaseUrl without a trailing slash', () => {
    assert.equal(parseConfigText('{"docsBaseUrl": "https://docs.example.com/pipelint/"}', 'x.json').docsBaseUrl, 'https://docs.example.com/pipelint');
  });
});

describe('configuration files in other encodings', () => {
  let root: string;
  const text = '{\n  "rules": { "blind-insert": "error" }\n}\n';
  const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

  before(() => (root = makeTree({})));
  after(() => removeTree(root));

  for (const [name, bytes] of [
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
  ] as const) {
    it(`reads a config written as ${name}`, async () => {
      const dir = path.join(root, name.replace(/\W+/g, '-'));
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pipelint.config.json'), bytes);
      fs.writeFileSync(path.join(dir, 'load.sql'), INSERT);
      const result = await run(['-f', 'json', 'load.sql'], { cwd: dir });
      assert.equal(result.stderr, '');
      assert.deepEqual((JSON.parse(result.stdout) as JsonFile[])[0].findings.map((f) => `${f.ruleId}:${f.severity}`), ['blind-insert:error']);
      assert.equal(result.code, 1);
    });
  }

  it('locates an error in a UTF-16 config at the line and column an editor shows', () => {
    clearConfigCache();
    const dir = path.join(root, 'utf16-broken');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'pipelint.config.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{\n  "dialect": "oracle"\n}\n', 'utf16le')]));
    assert.throws(
      () => loadConfigForFile(path.join(dir, 'a.sql')),
      (e: unknown) => e instanceof ConfigError && e.line === 2 && e.column === 14 && e.message.startsWith('Invalid dialect "oracle"'),
    );
  });

  it('rejects a config that is not UTF-8 or UTF-16 with the reason, not with mangled JSON', () => {
    clearConfigCache();
    const dir = path.join(root, 'latin1');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'pipelint.config.json'), Buffer.from('{"ignore": ["caf\xe9/**"]}', 'latin1'));
    assert.throws(
      () => loadConfigForFile(path.join(dir, 'a.sql')),
      (e: unknown) => e instanceof ConfigError && e.message === 'Cannot read the configuration file: it is not valid UTF-8 (byte 0xE9 at offset 16; Latin-1 or another legacy encoding?)',
    );
  });
});

describe('a configuration file that cannot be used', () => {
  let root: string;
  before(() => {
    root = makeTree({
      'a/pipelint.config.json': '{\n  "rules": { "blind-insert": "warning" }\n}\n',
      'a/x.sql': INSERT,
      'a/deeper/y.sql': INSERT,
      'b/pipelint.config.json': '{ "rules": { "blind-insert": "error" } }\n',
      'b/z.sql': INSERT,
    });
  });
  after(() => removeTree(root));

  it('is reported where the problem is, the files it governs are not linted, the rest are, and the run exits 2', async () => {
    const result = await run(['-f', 'json', '.'], { cwd: root });
    const files = JSON.parse(result.stdout) as JsonFile[];
    assert.deepEqual(
      files.map((f) => [f.filePath, f.findings.map((x) => `${x.ruleId}@${x.line}:${x.column}:${x.severity}`)]),
      [
        ['a/pipelint.config.json', ['file-error@2:30:error']],
        ['b/z.sql', ['blind-insert@1:1:error']],
      ],
    );
    assert.equal(
      files[0].findings[0].message,
      "This configuration file cannot be used: Invalid severity 'warning' (did you mean 'warn'?); expected one of off, hint, info, warn, error. The files it applies to were not linted (2 files); the other files were.",
    );
    assert.equal(
      result.stderr,
      `pipelint: invalid configuration\n  ${path.join(root, 'a/pipelint.config.json')}:2:30: Invalid severity 'warning' (did you mean 'warn'?); expected one of off, hint, info, warn, error\n` +
        '  the 2 files it applies to were not linted; the other files were\n',
    );
    assert.equal(result.code, 2);
  });

  it('is one report however many files it governs, in SARIF too', async () => {
    const result = await run(['-f', 'sarif', '.'], { cwd: root });
    const log = JSON.parse(result.stdout) as { runs: [{ results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }] };
    assert.deepEqual(
      log.runs[0].results.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`),
      ['file-error a/pipelint.config.json:2', 'blind-insert b/z.sql:1'],
    );
    assert.equal(result.code, 2);
  });
});
