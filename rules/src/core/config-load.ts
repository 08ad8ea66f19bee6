import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAMES, SEVERITY_SETTINGS } from '../constants.js';
import { DIALECTS, type Dialect } from '../sql/model.js';
import { ENGINE_RULES } from './engine-rules.js';
import { decodeSource } from '../cli/encoding.js';
import { DEFAULT_CONFIG, type ConfigOverride, type ResolvedConfig, type RuleSetting } from './config.js';
import { docsBaseUrlProblem } from './docs-url.js';
import { jsonPointer, JsonSyntaxError, parseJsonWithLocations, type JsonValue, type ParsedJson } from './config-json.js';
import { LineIndex } from './line-index.js';
import type { OptionsSchema, SeveritySetting } from './types.js';
import { findRuleMeta, isKnownRule, knownRuleIds } from '../registry.js';

export { CONFIG_FILE_NAMES, SEVERITY_SETTINGS };

const TOP_LEVEL_KEYS = ['$schema', 'rules', 'dialect', 'assumeInTransaction', 'ignore', 'overrides', 'docsBaseUrl'];
const OVERRIDE_KEYS = ['files', 'dialect', 'assumeInTransaction', 'rules'];

/** A configuration file that cannot be used. `line` and `column` are 1-based. */
export class ConfigError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `path:line:column: message`, the form editors and terminals turn into a link. */
export function formatConfigError(error: ConfigError): string {
  return `${error.path}:${error.line}:${error.column}: ${error.message}`;
}

export interface ConfigOverrides {
  /** Use this file for every linted file instead of searching upward. */
  configFile?: string;
  dialect?: Dialect;
}

export interface LoadedConfig {
  config: ResolvedConfig;
  /** The configuration file that applies, or null when none was found (defaults apply). */
  path: string | null;
}

const dirCache = new Map<string, string | null>();
const fileCache = new Map<string, ResolvedConfig>();

/** Forgets every found and parsed configuration file, for long-lived processes that watch for edits. */
export function clearConfigCache(): void {
  dirCache.clear();
  fileCache.clear();
  ignoreMatchers.clear();
  overrideMatchers.clear();
}

/**
 * The configuration that applies to a file: the nearest config file upward wins (none means defaults), with
 * the `overrides` entries that match the file applied (resolveOverrides), then `--dialect`. The command line
 * and the language server both resolve every file's configuration here.
 */
export function loadConfigForFile(filePath: string, overrides: ConfigOverrides = {}): LoadedConfig {
  const configPath = overrides.configFile !== undefined ? path.resolve(overrides.configFile) : findConfigFile(path.dirname(path.resolve(filePath)));
  const base = configPath === null ? DEFAULT_CONFIG : resolveOverrides(readConfigFile(configPath), configPath, filePath);
  const config = overrides.dialect !== undefined ? { ...base, dialect: overrides.dialect } : base;
  return { config, path: configPath };
}

const overrideMatchers = new Map<string, ((relativePath: string) => boolean)[]>();

/**
 * `config` (read from `configPath`) for one file: every `overrides` entry whose globs match the file's path
 * relative to the config file's folder is applied in file order, so a later entry wins over an earlier one
 * and every entry wins over the top level. `rules` merge per rule id; `dialect` and `assumeInTransaction`
 * replace. A file outside the config file's folder (possible with `--config`) matches no entry.
 */
export function resolveOverrides(config: ResolvedConfig, configPath: string, filePath: string): ResolvedConfig {
  const entries = config.overrides ?? [];
  if (entries.length === 0) return config;
  const { overrides: _applied, ...resolved } = config;
  const relative = path.relative(path.dirname(configPath), path.resolve(filePath)).split(path.sep).join('/');
  if (relative.startsWith('../') || path.isAbsolute(relative)) return resolved;
  let matchers = overrideMatchers.get(configPath);
  if (!matchers) {
    matchers = entries.map(overrideMatcher);
    overrideMatchers.set(configPath, matchers);
  }
  let rules = resolved.rules;
  entries.forEach((entry, index) => {
    if (!matchers[index](relative)) return;
    if (entry.dialect !== undefined) resolved.dialect = entry.dialect;
    if (entry.assumeInTransaction !== undefined) resolved.assumeInTransaction = entry.assumeInTransaction;
    if (entry.rules !== undefined) rules = { ...rules, ...entry.rules };
  });
  return { ...resolved, rules };
}

/** Matches when a glob without `!` matches and no glob with `!` does. */
function overrideMatcher(entry: ConfigOverride): (relativePath: string) => boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const picomatch = require('picomatch') as typeof import('picomatch');
  const include = entry.files.filter((glob) => !glob.startsWith('!'));
  const exclude = entry.files.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1));
  const included = picomatch(include, { dot: true });
  const excluded = exclude.length === 0 ? () => false : picomatch(exclude, { dot: true });
  return (relativePath) => included(relativePath) && !excluded(relativePath);
}

const ignoreMatchers = new Map<string, (relativePath: string) => boolean>();

/** True when the config's `ignore` globs, read relative to the config file's directory, match the file. */
export function isIgnoredByConfig(filePath: string, loaded: LoadedConfig): boolean {
  if (loaded.path === null || loaded.config.ignore.length === 0) return false;
  const relative = path.relative(path.dirname(loaded.path), path.resolve(filePath)).split(path.sep).join('/');
  if (relative.startsWith('../')) return false;
  let matcher = ignoreMatchers.get(loaded.path);
  if (!matcher) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const picomatch = require('picomatch') as typeof import('picomatch');
    matcher = picomatch(loaded.config.ignore, { dot: true });
    ignoreMatchers.set(loaded.path, matcher);
  }
  return matcher(relative);
}

/** The nearest configuration file in `dir` or above it, up to the filesystem root. */
export function findConfigFile(dir: string): string | null {
  const visited: string[] = [];
  let current = path.resolve(dir);
  let found: string | null = null;
  for (;;) {
    const cached = dirCache.get(current);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(current);
    found = configFileIn(current);
    if (found !== null) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dirPath of visited) dirCache.set(dirPath, found);
  return found;
}

function configFileIn(dir: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return null;
}

function readConfigFile(configPath: string): ResolvedConfig {
  const cached = fileCache.get(configPath);
  if (cached) return cached;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(configPath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(configPath, 1, 1, `Cannot read the configuration file: ${reason}`);
  }
  // UTF-8 with or without a BOM, and UTF-16 with a BOM (what Windows tools often write), all read alike.
  const decoded = decodeSource(bytes);
  if (!decoded.ok) throw new ConfigError(configPath, 1, 1, `Cannot read the configuration file: ${decoded.reason}`);
  const text = decoded.text;
  const config = parseConfigText(text, configPath);
  fileCache.set(configPath, config);
  return config;
}

/** Parses and validates the text of a configuration file. Throws ConfigError pointing at the first problem. */
export function parseConfigText(text: string, configPath: string): ResolvedConfig {
  const lines = new LineIndex(text);
  let parsed: ParsedJson;
  try {
    parsed = parseJsonWithLocations(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const at = lines.position(error.offset);
    throw new ConfigError(configPath, at.line, at.column, `Invalid JSON: ${error.message}`);
  }
  return new ConfigValidator(parsed, lines, configPath).validate();
}

class ConfigValidator {
  constructor(
    private readonly parsed: ParsedJson,
    private readonly lines: LineIndex,
    private readonly configPath: string,
  ) {}

  validate(): ResolvedConfig {
    const root = this.parsed.value;
    if (!isObject(root)) this.fail([], 'value', 'The configuration must be a JSON object');
    for (const key of Object.keys(root)) {
      if (!TOP_LEVEL_KEYS.includes(key)) this.fail([key], 'key', `Unknown property '${key}'; expected one of ${TOP_LEVEL_KEYS.join(', ')}`);
    }
    return {
      rules: root.rules === undefined ? {} : this.rules(root.rules),
      dialect: root.dialect === undefined ? DEFAULT_CONFIG.dialect : this.dialect(root.dialect),
      assumeInTransaction: root.assumeInTransaction === undefined ? false : this.assumeInTransaction(root.assumeInTransaction),
      ignore: root.ignore === undefined ? [] : this.ignore(root.ignore),
      ...(root.overrides === undefined ? {} : { overrides: this.overrides(root.overrides) }),
      ...(root.docsBaseUrl === undefined ? {} : { docsBaseUrl: this.docsBaseUrl(root.docsBaseUrl) }),
    };
  }

  private overrides(value: JsonValue): ConfigOverride[] {
    if (!Array.isArray(value)) return this.fail(['overrides'], 'value', `'overrides' must be an array of objects with 'files' globs, found ${describe(value)}`);
    return value.map((entry, index) => {
      const at = ['overrides', index];
      if (!isObject(entry)) return this.fail(at, 'value', `Each 'overrides' entry must be an object, found ${describe(entry)}`);
      for (const key of Object.keys(entry)) {
        if (!OVERRIDE_KEYS.includes(key)) this.fail([...at, key], 'key', `Unknown property '${key}' in an 'overrides' entry; expected one of ${OVERRIDE_KEYS.join(', ')}`);
      }
      if (entry.files === undefined) this.fail(at, 'value', `An 'overrides' entry needs 'files', the globs of the files it applies to`);
      const result: ConfigOverride = { files: this.overrideFiles(entry.files, [...at, 'files']) };
      if (entry.dialect !== undefined) result.dialect = this.dialect(entry.dialect, [...at, 'dialect']);
      if (entry.assumeInTransaction !== undefined) result.assumeInTransaction = this.assumeInTransaction(entry.assumeInTransaction, [...at, 'assumeInTransaction']);
      if (entry.rules !== undefined) result.rules = this.rules(entry.rules, [...at, 'rules']);
      return result;
    });
  }

  private overrideFiles(value: JsonValue, at: (string | number)[]): string[] {
    const usage = `'files' must be a non-empty array of glob strings, relative to the folder of this configuration file`;
    if (!Array.isArray(value) || value.length === 0) return this.fail(at, 'value', `${usage}, found ${describe(value)}`);
    const globs = value.map((glob, index) => {
      if (typeof glob !== 'string' || glob.length === 0 || glob === '!') this.fail([...at, index], 'value', `Each 'files' entry must be a non-empty glob string, found ${describe(glob)}`);
      return glob;
    });
    if (globs.every((glob) => glob.startsWith('!'))) this.fail(at, 'value', `'files' needs at least one glob without '!'; a '!' glob only excludes files the others match`);
    return globs;
  }

  private docsBaseUrl(value: JsonValue): string {
    if (typeof value !== 'string') return this.fail(['docsBaseUrl'], 'value', `'docsBaseUrl' must be a string, found ${describe(value)}`);
    const problem = docsBaseUrlProblem(value);
    if (problem !== null) this.fail(['docsBaseUrl'], 'value', problem);
    return value.replace(/\/+$/, '');
  }

  private rules(value: JsonValue, at: (string | number)[] = ['rules']): Record<string, RuleSetting> {
    if (!isObject(value)) this.fail(at, 'value', `'rules' must be an object mapping rule ids to a severity, found ${describe(value)}`);
    const rules: Record<string, RuleSetting> = {};
    for (const [id, setting] of Object.entries(value)) {
      if (!isKnownRule(id)) this.fail([...at, id], 'key', unknownRuleMessage(id));
      rules[id] = this.ruleSetting(id, setting, [...at, id]);
    }
    return rules;
  }

  private ruleSetting(id: string, value: JsonValue, at: (string | number)[]): RuleSetting {
    if (typeof value === 'string') return { severity: this.severity(at, value), options: {} };
    const usage = `Rule '${id}' takes a severity ("error") or [severity, options] (["warn", { ... }])`;
    if (!Array.isArray(value)) this.fail(at, 'value', `${usage}, found ${describe(value)}`);
    if (value.length < 1 || value.length > 2) this.fail(at, 'value', `${usage}, found an array of ${value.length} elements`);
    const [severityValue, options] = value;
    if (typeof severityValue !== 'string') this.fail([...at, 0], 'value', `The severity of '${id}' must be a string, found ${describe(severityValue)}`);
    const severity = this.severity([...at, 0], severityValue);
    if (options === undefined) return { severity, options: {} };
    if (!isObject(options)) this.fail([...at, 1], 'value', `The options of '${id}' must be an object, found ${describe(options)}`);
    this.ruleOptions(id, options, [...at, 1]);
    return { severity, options };
  }

  private severity(at: (string | number)[], value: string): SeveritySetting {
    if ((SEVERITY_SETTINGS as readonly string[]).includes(value)) return value as SeveritySetting;
    const hint = value === 'warning' ? " (did you mean 'warn'?)" : '';
    return this.fail(at, 'value', `Invalid severity '${value}'${hint}; expected one of ${SEVERITY_SETTINGS.join(', ')}`);
  }

  private ruleOptions(id: string, options: { [key: string]: JsonValue }, optionsAt: (string | number)[]): void {
    const schema = optionsSchemaOf(id);
    if (schema === undefined) return;
    const allowed = Object.keys(schema.properties);
    for (const [name, value] of Object.entries(options)) {
      const at = [...optionsAt, name];
      const property = schema.properties[name];
      if (property === undefined) {
        const expected = allowed.length === 0 ? `'${id}' takes no options` : `its options are ${allowed.join(', ')}`;
        this.fail(at, 'key', `Unknown option '${name}' for rule '${id}'; ${expected}`);
      }
      const problem = schemaMismatch(value, property);
      if (problem !== null) this.fail(at, 'value', `Option '${name}' of rule '${id}' ${problem}`);
    }
  }

  private dialect(value: JsonValue, at: (string | number)[] = ['dialect']): Dialect {
    if (typeof value === 'string' && (DIALECTS as readonly string[]).includes(value)) return value as Dialect;
    return this.fail(at, 'value', `Invalid dialect ${describe(value)}; expected one of ${DIALECTS.join(', ')}`);
  }

  private assumeInTransaction(value: JsonValue, at: (string | number)[] = ['assumeInTransaction']): boolean {
    if (typeof value === 'boolean') return value;
    return this.fail(at, 'value', `'assumeInTransaction' must be true or false, found ${describe(value)}`);
  }

  private ignore(value: JsonValue): string[] {
    if (!Array.isArray(value)) return this.fail(['ignore'], 'value', `'ignore' must be an array of glob strings, found ${describe(value)}`);
    return value.map((glob, index) => {
      if (typeof glob !== 'string' || glob.length === 0) this.fail(['ignore', index], 'value', `Each 'ignore' entry must be a non-empty glob string, found ${describe(glob)}`);
      return glob;
    });
  }

  private fail(at: (string | number)[], part: 'key' | 'value', message: string): never {
    const location = this.parsed.locations.get(jsonPointer(at));
    const offset = location === undefined ? 0 : part === 'key' && location.keyOffset !== null ? location.keyOffset : location.valueOffset;
    const position = this.lines.position(offset);
    throw new ConfigError(this.configPath, position.line, position.column, message);
  }
}

/** The options schema of a rule; undefined when its metadata is not available to check against. */
function optionsSchemaOf(id: string): OptionsSchema | undefined {
  if (ENGINE_RULES.some((rule) => rule.id === id)) return { type: 'object', properties: {}, additionalProperties: false };
  // Only a config that sets a rule's options loads that rule's half (a TypeScript id, the TypeScript rules).
  return findRuleMeta(id)?.schema;
}

type PropertySchema = OptionsSchema['properties'][string];

/** Checks a value against the subset of JSON Schema rule options use; returns what is wrong, or null. */
function schemaMismatch(value: JsonValue, schema: PropertySchema | { type?: string | string[]; enum?: unknown[]; items?: unknown }): string | null {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((type) => matchesType(value, type))) return `must be ${types.map(article).join(' or ')}, found ${describe(value)}`;
  if (schema.enum !== undefined && !schema.enum.some((allowed) => allowed === value)) {
    return `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, found ${describe(value)}`;
  }
  if (Array.isArray(value) && isObject(schema.items as JsonValue)) {
    for (const [index, item] of value.entries()) {
      const problem = schemaMismatch(item, schema.items as PropertySchema);
      if (problem !== null) return `element ${index} ${problem}`;
    }
  }
  return null;
}

function matchesType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: JsonValue | undefined): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function unknownRuleMessage(id: string): string {
  const closest = closestRuleId(id);
  return `Unknown rule '${id}'${closest === null ? '' : ` (did you mean '${closest}'?)`}; run \`pipelint rules\` to list the rules`;
}

function closestRuleId(id: string): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(id.length / 4)) + 1;
  for (const known of knownRuleIds()) {
    const distance = editDistance(id, known);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
