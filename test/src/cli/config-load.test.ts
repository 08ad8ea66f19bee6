import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  clearConfigCache,
  ConfigError,
  isIgnoredByConfig,
  loadConfigForFile,
  parseConfigText,
} from '@pipelint/engine/internal/core/config-load.js';
import { parseJsonWithLocations } from '@pipelint/engine/internal/core/config-json.js';
import { makeTree, removeTree } from './helpers.js';

function configError(text: string): ConfigError {
  try {
    parseConfigText(text, '/repo/pipelint.config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('config parsing', () => {
  it('reads severities, options, dialect, assumeInTransaction and ignore globs', () => {
    const config = parseConfigText(
      JSON.stringify({
        $schema: './pipelint.schema.json',
        rules: { 'unused-suppression': 'error', 'parse-error': ['off'] },
        dialect: 'snowflake',
        assumeInTransaction: true,
        ignore: ['generated/**'],
      }),
      'pipelint.config.json',
    );
    assert.deepEqual(config, {
      rules: { 'unused-suppression': { severity: 'error', options: {} }, 'parse-error': { severity: 'off', options: {} } },
      dialect: 'snowflake',
      assumeInTransaction: true,
      ignore: ['generated/**'],
    });
  });

  it('uses the defaults for an empty object', () => {
    assert.deepEqual(parseConfigText('{}', 'x.json'), { rules: {}, dialect: 'ansi', assumeInTransaction: false, ignore: [] });
  });

  it('points invalid JSON at the line and column of the problem', () => {
    const error = configError('{\n  "dialect": "postgres"\n  "rules": {}\n}');
    assert.equal(error.path, '/repo/pipelint.config.json');
    assert.deepEqual([error.line, error.column], [3, 3]);
    assert.equal(error.message, "Invalid JSON: Expected ',' or '}' after a property value, found '\"'");
  });

  it('names a trailing comma as the problem', () => {
    const error = configError('{\n  "rules": {\n    "parse-error": "warn",\n  }\n}');
    assert.deepEqual([error.line, error.column], [4, 3]);
    assert.match(error.message, /no trailing comma/);
  });

  it('reports an empty file at line 1', () => {
    const error = configError('');
    assert.deepEqual([error.line, error.column], [1, 1]);
    assert.match(error.message, /empty/);
  });

  it('locates an unknown rule at its key and suggests the closest rule id', () => {
    const error = configError('{\n  "rules": {\n    "unused-supression": "warn"\n  }\n}');
    assert.deepEqual([error.line, error.column], [3, 5]);
    assert.equal(error.message, "Unknown rule 'unused-supression' (did you mean 'unused-suppression'?); run `pipelint rules` to list the rules");
  });

  it('locates a bad severity at its value', () => {
    const error = configError('{ "rules": { "parse-error": "warning" } }');
    assert.deepEqual([error.line, error.column], [1, 29]);
    assert.equal(error.message, "Invalid severity 'warning' (did you mean 'warn'?); expected one of off, hint, info, warn, error");
  });

  it('locates a bad severity inside the array form', () => {
    const error = configError('{ "rules": { "parse-error": ["loud", {}] } }');
    assert.deepEqual([error.line, error.column], [1, 30]);
    assert.match(error.message, /^Invalid severity 'loud'/);
  });

  it('rejects options a rule does not take, at the option key', () => {
    const error = configError('{ "rules": {\n  "parse-error": ["warn", { "strict": true }]\n} }');
    assert.deepEqual([error.line, error.column], [2, 29]);
    assert.equal(error.message, "Unknown option 'strict' for rule 'parse-error'; 'parse-error' takes no options");
  });

  it('accepts options that match the rule schema', () => {
    const config = parseConfigText('{ "rules": { "nondeterministic-value": ["warn", { "allowAuditColumns": ["snapshot_at"] }] } }', 'x.json');
    assert.deepEqual(config.rules['nondeterministic-value'], { severity: 'warn', options: { allowAuditColumns: ['snapshot_at'] } });
  });

  it('rejects an option of the wrong type, at its value', () => {
    const error = configError('{ "rules": { "blind-insert": ["warn", { "allowTables": "audit_log" }] } }');
    assert.deepEqual([error.line, error.column], [1, 56]);
    assert.equal(error.message, `Option 'allowTables' of rule 'blind-insert' must be an array, found "audit_log"`);
  });

  it('rejects array options with elements of the wrong type', () => {
    const error = configError('{ "rules": { "blind-insert": ["warn", { "allowTables": ["ok", 7] }] } }');
    assert.equal(error.message, "Option 'allowTables' of rule 'blind-insert' element 1 must be a string, found 7");
  });

  it('lists the options a rule takes when an unknown one is given', () => {
    const error = configError('{ "rules": { "blind-insert": ["warn", { "allowTable": [] }] } }');
    assert.equal(error.message, "Unknown option 'allowTable' for rule 'blind-insert'; its options are allowTables, migrationFiles, checkMigrations");
  });

  it('rejects a rule setting that is neither a severity nor an array', () => {
    const error = configError('{ "rules": { "parse-error": 2 } }');
    assert.match(error.message, /^Rule 'parse-error' takes a severity \("error"\) or \[severity, options\]/);
  });

  it('rejects an unknown dialect with the list of dialects', () => {
    const error = configError('{\n  "dialect": "oracle"\n}');
    assert.deepEqual([error.line, error.column], [2, 14]);
    assert.equal(error.message, 'Invalid dialect "oracle"; expected one of ansi, postgres, snowflake, bigquery, spark, redshift, mysql, sqlite');
  });

  it('rejects unknown top-level properties', () => {
    const error = configError('{ "rule": {} }');
    assert.deepEqual([error.line, error.column], [1, 3]);
    assert.match(error.message, /^Unknown property 'rule'; expected one of \$schema, rules, dialect/);
  });

  it('rejects ignore entries that are not strings', () => {
    const error = configError('{ "ignore": ["a/**", 3] }');
    assert.deepEqual([error.line, error.column], [1, 22]);
    assert.match(error.message, /^Each 'ignore' entry must be a non-empty glob string, found 3/);
  });

  it('rejects a non-boolean assumeInTransaction', () => {
    assert.match(configError('{ "assumeInTransaction": "yes" }').message, /must be true or false, found "yes"/);
  });
});

describe('the JSON reader behind configs', () => {
  it('records where each key and value starts', () => {
    const { value, locations } = parseJsonWithLocations('{"a": [1, {"b/c": null}]}');
    assert.deepEqual(value, { a: [1, { 'b/c': null }] });
    assert.deepEqual(locations.get('/a'), { keyOffset: 1, valueOffset: 6 });
    assert.deepEqual(locations.get('/a/1/b~1c'), { keyOffset: 11, valueOffset: 18 });
  });

  it('decodes escapes and ignores a byte order mark', () => {
    assert.deepEqual(parseJsonWithLocations('\ufeff{"s": "a\\n\\u0041\\"", "n": -1.5e2}').value, { s: 'a\nA"', n: -150 });
  });
});

describe('finding the config for a file', () => {
  let root: string;
  before(() => {
    root = makeTree({
      'pipelint.config.json': '{ "dialect": "postgres", "ignore": ["generated/**"] }',
      'models/.pipelintrc.json': '{ "dialect": "snowflake" }',
      'models/daily/orders.sql': '',
      'jobs/load.sql': '',
      'generated/x.sql': '',
    });
  });
  after(() => removeTree(root));
  beforeEach(() => clearConfigCache());

  it('uses the nearest config file above the file', () => {
    const loaded = loadConfigForFile(path.join(root, 'models/daily/orders.sql'));
    assert.equal(loaded.path, path.join(root, 'models/.pipelintrc.json'));
    assert.equal(loaded.config.dialect, 'snowflake');
  });

  it('prefers pipelint.config.json over .pipelintrc.json in the same directory', () => {
    const both = makeTree({ 'pipelint.config.json': '{ "dialect": "mysql" }', '.pipelintrc.json': '{ "dialect": "sqlite" }', 'a.sql': '' });
    try {
      assert.equal(loadConfigForFile(path.join(both, 'a.sql')).config.dialect, 'mysql');
    } finally {
      removeTree(both);
    }
  });

  it('falls back to a config further up', () => {
    const loaded = loadConfigForFile(path.join(root, 'jobs/load.sql'));
    assert.equal(loaded.path, path.join(root, 'pipelint.config.json'));
    assert.equal(loaded.config.dialect, 'postgres');
  });

  it('returns the defaults and no path when there is no config file', () => {
    const bare = makeTree({ 'a.sql': '' });
    try {
      const loaded = loadConfigForFile(path.join(bare, 'a.sql'));
      assert.equal(loaded.path, null);
      assert.equal(loaded.config.dialect, 'ansi');
    } finally {
      removeTree(bare);
    }
  });

  it('applies an explicit config file and a dialect override', () => {
    const loaded = loadConfigForFile(path.join(root, 'models/daily/orders.sql'), {
      configFile: path.join(root, 'pipelint.config.json'),
      dialect: 'bigquery',
    });
    assert.equal(loaded.path, path.join(root, 'pipelint.config.json'));
    assert.equal(loaded.config.dialect, 'bigquery');
  });

  it('matches ignore globs relative to the config file directory', () => {
    const file = path.join(root, 'generated/x.sql');
    assert.equal(isIgnoredByConfig(file, loadConfigForFile(file)), true);
    const other = path.join(root, 'jobs/load.sql');
    assert.equal(isIgnoredByConfig(other, loadConfigForFile(other)), false);
  });

  it('throws a ConfigError naming the broken file', () => {
    const broken = makeTree({ 'pipelint.config.json': '{ "dialect": 1 }', 'a.sql': '' });
    try {
      assert.throws(
        () => loadConfigForFile(path.join(broken, 'a.sql')),
        (e: unknown) => e instanceof ConfigError && e.path === path.join(broken, 'pipelint.config.json') && e.line === 1 && e.column === 14,
      );
    } finally {
      removeTree(broken);
    }
  });
});
