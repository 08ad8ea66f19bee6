import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseConfigText } from '@pipelint/engine/internal/core/config-load.js';
import {
  AUTO_DIALECT,
  CONFIG_FILE_NAMES,
  DEFAULT_EDITOR_SETTINGS,
  DIALECTS,
  EDITOR_LANGUAGES,
  EDITOR_LANGUAGE_IDS,
  EDITOR_SETTING_RANGES,
  JINJA_SQL_EXTENSIONS,
  JINJA_SQL_LANGUAGE_ID,
  SEVERITY_SETTINGS,
  SQL_EXTENSIONS,
  TS_EXTENSIONS,
} from '@pipelint/engine/constants';
import { languageOf, type SeveritySetting } from '@pipelint/engine';
import { LANGUAGE_IDS, LINT_WORKSPACE_COMMAND, RESTART_SERVER_COMMAND, SHOW_LESSON_COMMAND } from '@pipelint/language-server';
import { lintFilename } from '@pipelint/language-server/internal/lint-document.js';
import { normalizeSettings } from '@pipelint/language-server/internal/settings.js';
import { REPO_ROOT } from '../cli/helpers.js';
import { readYaml } from '../ci/helpers.js';

// package.json must stay a static file for VS Code, and pipelint.schema.json and the pre-commit
// manifest are files too: these tests fail when any of them drifts from the engine's constants.

interface SettingSchema {
  type: string;
  default: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  additionalProperties?: { type: string; enum: string[] };
}

interface Manifest {
  activationEvents: string[];
  contributes: {
    configuration: { properties: Record<string, SettingSchema> };
    jsonValidation: { fileMatch: string[]; url: string }[];
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    commands: { command: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const settings = manifest.contributes.configuration.properties;

// The severity list and the SeveritySetting type name the same values, checked by the compiler.
type Listed = (typeof SEVERITY_SETTINGS)[number];
const sameSeverities: [never, never] = [] as unknown as [Exclude<SeveritySetting, Listed>, Exclude<Listed, SeveritySetting>];
void sameSeverities;

describe('the shared lists: one source in the engine', function () {
  it('has the severities, dialects and config file names the docs describe', function () {
    assert.deepEqual(SEVERITY_SETTINGS, ['off', 'hint', 'info', 'warn', 'error']);
    assert.deepEqual(DIALECTS, ['ansi', 'postgres', 'snowflake', 'bigquery', 'spark', 'redshift', 'mysql', 'sqlite']);
    assert.deepEqual(CONFIG_FILE_NAMES, ['pipelint.config.json', '.pipelintrc.json']);
  });

  it('lints every editor language it activates for: each language id maps to an extension the engine lints', function () {
    for (const [id, ext] of Object.entries(EDITOR_LANGUAGES)) {
      assert.notEqual(languageOf(`untitled${ext}`), null, `${id} -> ${ext}`);
      assert.equal(lintFilename('/w/Untitled-1', id), `/w/Untitled-1${ext}`);
    }
    assert.equal(lintFilename('/w/Untitled-1', 'python'), null);
    assert.equal(lintFilename('/w/Untitled-1', 'constructor'), null);
  });
});

describe('package.json contributes.configuration against the engine', function () {
  it('declares exactly the editor settings the server reads, plus the client-only trace setting', function () {
    const names = Object.keys(settings).sort();
    const expected = [...Object.keys(DEFAULT_EDITOR_SETTINGS).map((k) => `pipelint.${k}`), 'pipelint.trace.server'].sort();
    assert.deepEqual(names, expected);
  });

  it('gives every setting the engine default, which is also what the server uses for a missing value', function () {
    const fromManifest = Object.fromEntries(Object.keys(DEFAULT_EDITOR_SETTINGS).map((k) => [k, settings[`pipelint.${k}`].default]));
    assert.deepEqual(fromManifest, { ...DEFAULT_EDITOR_SETTINGS });
    assert.deepEqual(normalizeSettings({}).settings, fromManifest);
    assert.deepEqual(normalizeSettings(undefined).settings, fromManifest);
  });

  it('bounds the numeric settings as the server clamps them', function () {
    for (const [key, range] of Object.entries(EDITOR_SETTING_RANGES)) {
      const schema = settings[`pipelint.${key}`];
      assert.deepEqual({ minimum: schema.minimum, maximum: schema.maximum }, range, key);
    }
    assert.equal(normalizeSettings({ debounceMs: -5 }).settings.debounceMs, EDITOR_SETTING_RANGES.debounceMs.minimum);
    assert.equal(normalizeSettings({ debounceMs: 1e9 }).settings.debounceMs, EDITOR_SETTING_RANGES.debounceMs.maximum);
    assert.equal(normalizeSettings({ maxFileSizeKb: 0 }).settings.maxFileSizeKb, EDITOR_SETTING_RANGES.maxFileSizeKb.minimum);
    assert.equal(normalizeSettings({ maxFileSizeKb: 1e12 }).settings.maxFileSizeKb, EDITOR_SETTING_RANGES.maxFileSizeKb.maximum);
  });

  it('offers auto and every engine dialect for pipelint.dialect, and the server accepts each and nothing else', function () {
    assert.deepEqual(settings['pipelint.dialect'].enum, [AUTO_DIALECT, ...DIALECTS]);
    for (const dialect of settings['pipelint.dialect'].enum ?? []) {
      assert.deepEqual(normalizeSettings({ dialect }).problems, [], dialect);
    }
    assert.deepEqual(normalizeSettings({ dialect: 'oracle' }).problems, ["pipelint.dialect: 'oracle' is not a known dialect; using the config file's."]);
  });

  it('offers the engine severities for pipelint.rules, and the server accepts each', function () {
    assert.deepEqual(settings['pipelint.rules'].additionalProperties?.enum, [...SEVERITY_SETTINGS]);
    for (const severity of SEVERITY_SETTINGS) {
      assert.deepEqual(normalizeSettings({ rules: { 'blind-insert': severity } }).settings.rules, { 'blind-insert': severity });
    }
  });
});

describe('package.json activation and validation against the engine', function () {
  it('activates on each editor language the client lints and on each config file name', function () {
    assert.deepEqual(manifest.activationEvents, [
      ...EDITOR_LANGUAGE_IDS.map((id) => `onLanguage:${id}`),
      ...CONFIG_FILE_NAMES.map((name) => `workspaceContains:**/${name}`),
    ]);
  });

  it('contributes the jinja-sql language for every Jinja template ending, each one the engine lints as SQL', function () {
    assert.deepEqual(JINJA_SQL_EXTENSIONS, ['.sql.j2', '.sql.jinja', '.jinja.sql', '.j2.sql']);
    assert.deepEqual(manifest.contributes.languages.map((l) => [l.id, l.extensions]), [[JINJA_SQL_LANGUAGE_ID, [...JINJA_SQL_EXTENSIONS]]]);
    assert.ok(EDITOR_LANGUAGE_IDS.includes(JINJA_SQL_LANGUAGE_ID));
    for (const ext of JINJA_SQL_EXTENSIONS) {
      assert.equal(languageOf(`models/orders${ext}`), 'sql', ext);
      assert.equal(lintFilename(`/w/models/orders${ext}`, JINJA_SQL_LANGUAGE_ID), `/w/models/orders${ext}`, ext);
    }
  });

  it('ships a grammar and a language configuration for jinja-sql that highlight the three Jinja delimiters over SQL', function () {
    const [grammar] = manifest.contributes.grammars;
    assert.equal(grammar.language, JINJA_SQL_LANGUAGE_ID);
    const tm = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, grammar.path), 'utf8')) as {
      scopeName: string;
      patterns: { include: string }[];
      repository: Record<string, { begin?: string; end?: string }>;
    };
    assert.equal(tm.scopeName, grammar.scopeName);
    assert.deepEqual(tm.patterns, [{ include: '#jinja' }, { include: 'source.sql' }]);
    const opens = (name: string, text: string): boolean => new RegExp(`^(?:${tm.repository[name].begin ?? ''})`).test(text);
    const closes = (name: string, text: string): boolean => new RegExp(`^(?:${tm.repository[name].end ?? ''})`).test(text);
    assert.ok(opens('comment', '{#') && closes('comment', '#}') && opens('comment', '{#-') && closes('comment', '-#}'));
    assert.ok(opens('expression', '{{') && closes('expression', '}}') && opens('expression', '{{-'));
    assert.ok(opens('statement', '{% if') && closes('statement', '%}') && opens('statement', '{%- for') && closes('statement', '-%}'));
    assert.equal(opens('expression', '{%'), false);
    const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, manifest.contributes.languages[0].configuration), 'utf8')) as { comments: { blockComment: string[] } };
    assert.deepEqual(config.comments.blockComment, ['{#', '#}']);
    const ignore = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const shipped of [grammar.path, manifest.contributes.languages[0].configuration]) assert.ok(ignore.includes(`!${shipped.replace(/^\.\//, '')}`), shipped);
  });

  it('contributes the commands the client registers', function () {
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command), [SHOW_LESSON_COMMAND, LINT_WORKSPACE_COMMAND, RESTART_SERVER_COMMAND]);
  });

  it('activates on the languages the protocol tells the client to select', function () {
    assert.deepEqual(LANGUAGE_IDS, EDITOR_LANGUAGE_IDS);
  });

  it('validates every config file name with pipelint.schema.json', function () {
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: [...CONFIG_FILE_NAMES], url: './pipelint.schema.json' }]);
  });
});

describe('pipelint.schema.json against the engine', function () {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'pipelint.schema.json'), 'utf8')) as {
    definitions: {
      severity: { enum: string[] };
      dialect: { enum: string[] };
      rules: { properties: Record<string, { oneOf: { items?: { properties?: Record<string, { enum?: string[] }> }[] }[] }> };
    };
    properties: Record<string, { $ref?: string }>;
  };

  it('lists the engine severities and dialects', function () {
    assert.deepEqual(schema.definitions.severity.enum, [...SEVERITY_SETTINGS]);
    assert.deepEqual(schema.definitions.dialect.enum, [...DIALECTS]);
    assert.equal(schema.properties.dialect.$ref, '#/definitions/dialect');
  });

  it('accepts what the config loader accepts for overrides and docsBaseUrl, and rejects what it rejects', function () {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const good = { docsBaseUrl: 'https://docs.example.com/pipelint', overrides: [{ files: ['warehouse/**/*.sql', '!warehouse/tmp/**'], dialect: 'snowflake', assumeInTransaction: true, rules: { 'blind-insert': 'error' } }] };
    assert.ok(validate(good), JSON.stringify(validate.errors));
    assert.doesNotThrow(() => parseConfigText(JSON.stringify(good), 'x.json'));
    for (const bad of [{ overrides: [{ dialect: 'snowflake' }] }, { overrides: [{ files: ['a'], ignore: ['b'] }] }, { overrides: [{ files: [] }] }, { overrides: [{ files: ['a'], rules: { 'no-such-rule': 'warn' } }] }, { docsBaseUrl: 'not a url' }]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
      assert.throws(() => parseConfigText(JSON.stringify(bad), 'x.json'), JSON.stringify(bad));
    }
  });

  it('lists the engine dialects for the embedded-sql dialect option', function () {
    const forms = schema.definitions.rules.properties['embedded-sql'].oneOf;
    const dialects = forms.flatMap((f) => f.items ?? []).map((item) => item.properties?.dialect?.enum).filter((e) => e !== undefined);
    assert.deepEqual(dialects, [[...DIALECTS]]);
  });
});

describe('the docs against the engine', function () {
  it('name in docs/cli.md the file endings the engine lints as SQL and as TypeScript/JavaScript', function () {
    const lines = fs.readFileSync(path.join(REPO_ROOT, 'docs/cli.md'), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('is linted as SQL'));
    const [sql, ts] = `${lines[at]} ${lines[at + 1]}`.split('is linted as SQL');
    assert.deepEqual(sql.match(/\.[a-z0-9.]+/g), [...SQL_EXTENSIONS]);
    assert.deepEqual(ts.split('TypeScript/JavaScript')[0].match(/\.[a-z0-9]+/g), [...TS_EXTENSIONS]);
  });
});

describe('the pre-commit manifest against the engine', function () {
  const hooks = readYaml(path.join(REPO_ROOT, '.pre-commit-hooks.yaml')) as { id: string; files: string; exclude: string }[];
  // The engine's endings, and near misses that must not reach the hook.
  const linted = [...SQL_EXTENSIONS, ...TS_EXTENSIONS];
  const nearMisses = ['.sqlx', '.j2', '.jinja', '.mtsx', '.ctsx', '.mjsx', '.cjsx', '.json', '.py', '.d.ts', '.sql.bak'];

  for (const id of ['pipelint', 'pipelint-fix']) {
    it(`passes ${id} exactly the files the engine lints`, function () {
      const hook = hooks.find((h) => h.id === id);
      assert.ok(hook, id);
      const files = new RegExp(hook.files);
      const exclude = new RegExp(hook.exclude);
      const passed = (ending: string) => files.test(`models/x${ending}`) && !exclude.test(`models/x${ending}`);
      assert.deepEqual(linted.filter((e) => !passed(e)), []);
      assert.deepEqual(nearMisses.filter(passed), []);
      for (const ending of [...linted, ...nearMisses]) assert.equal(passed(ending), languageOf(`x${ending}`) !== null, ending);
    });
  }
});
