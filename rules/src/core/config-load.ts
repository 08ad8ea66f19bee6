import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAMES, SEVERITY_SETTINGS } from '../constants.js';
import { DIALECTS, type Dialect } from '../sql/model.js';
import { ENGINE_RULES } from './engine-rules.js';
import { DEFAULT_CONFIG, type ResolvedConfig, type RuleSetting } from './config.js';
import { jsonPointer, JsonSyntaxError, parseJsonWithLocations, type JsonValue, type ParsedJson } from './config-json.js';
import { LineIndex } from './line-index.js';
import type { OptionsSchema, SeveritySetting } from './types.js';
import { findRuleMeta, isKnownRule, knownRuleIds } from '../registry.js';

export { CONFIG_FILE_NAMES, SEVERITY_SETTINGS };

const TOP_LEVEL_KEYS = ['$schema', 'rules', 'dialect', 'assumeInTransaction', 'ignore'];

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
}

/** The configuration that applies to a file: the nearest config file upward wins; none means defaults. */
export function loadConfigForFile(filePath: string, overrides: ConfigOverrides = {}): LoadedConfig {
  const configPath = overrides.configFile !== undefined ? path.resolve(overrides.configFile) : findConfigFile(path.dirname(path.resolve(filePath)));
  const base = configPath === null ? DEFAULT_CONFIG : readConfigFile(configPath);
  const config = overrides.dialect !== undefined ? { ...base, dialect: overrides.dialect } : base;
  return { config, path: configPath };
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
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(configPath, 1, 1, `Cannot read the configuration file: ${reason}`);
  }
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
    };
  }

  private rules(value: JsonValue): Record<string, RuleSetting> {
    if (!isObject(value)) this.fail(['rules'], 'value', `'rules' must be an object mapping rule ids to a severity, found ${describe(value)}`);
    const rules: Record<string, RuleSetting> = {};
    for (const [id, setting] of Object.entries(value)) {
      if (!isKnownRule(id)) this.fail(['rules', id], 'key', unknownRuleMessage(id));
      rules[id] = this.ruleSetting(id, setting);
    }
    return rules;
  }

  private ruleSetting(id: string, value: JsonValue): RuleSetting {
    if (typeof value === 'string') return { severity: this.severity(['rules', id], value), options: {} };
    const usage = `Rule '${id}' takes a severity ("error") or [severity, options] (["warn", { ... }])`;
    if (!Array.isArray(value)) this.fail(['rules', id], 'value', `${usage}, found ${describe(value)}`);
    if (value.length < 1 || value.length > 2) this.fail(['rules', id], 'value', `${usage}, found an array of ${value.length} elements`);
    const [severityValue, options] = value;
    if (typeof severityValue !== 'string') this.fail(['rules', id, 0], 'value', `The severity of '${id}' must be a string, found ${describe(severityValue)}`);
    const severity = this.severity(['rules', id, 0], severityValue);
    if (options === undefined) return { severity, options: {} };
    if (!isObject(options)) this.fail(['rules', id, 1], 'value', `The options of '${id}' must be an object, found ${describe(options)}`);
    this.ruleOptions(id, options);
    return { severity, options };
  }

  private severity(at: (string | number)[], value: string): SeveritySetting {
    if ((SEVERITY_SETTINGS as readonly string[]).includes(value)) return value as SeveritySetting;
    const hint = value === 'warning' ? " (did you mean 'warn'?)" : '';
    return this.fail(at, 'value', `Invalid severity '${value}'${hint}; expected one of ${SEVERITY_SETTINGS.join(', ')}`);
  }

  private ruleOptions(id: string, options: { [key: string]: JsonValue }): void {
    const schema = optionsSchemaOf(id);
    if (schema === undefined) return;
    const allowed = Object.keys(schema.properties);
    for (const [name, value] of Object.entries(options)) {
      const at = ['rules', id, 1, name];
      const property = schema.properties[name];
      if (property === undefined) {
        const expected = allowed.length === 0 ? `'${id}' takes no options` : `its options are ${allowed.join(', ')}`;
        this.fail(at, 'key', `Unknown option '${name}' for rule '${id}'; ${expected}`);
      }
      const problem = schemaMismatch(value, property);
      if (problem !== null) this.fail(at, 'value', `Option '${name}' of rule '${id}' ${problem}`);
    }
  }

  private dialect(value: JsonValue): Dialect {
    if (typeof value === 'string' && (DIALECTS as readonly string[]).includes(value)) return value as Dialect;
    return this.fail(['dialect'], 'value', `Invalid dialect ${describe(value)}; expected one of ${DIALECTS.join(', ')}`);
  }

  private assumeInTransaction(value: JsonValue): boolean {
    if (typeof value === 'boolean') return value;
    return this.fail(['assumeInTransaction'], 'value', `'assumeInTransaction' must be true or false, found ${describe(value)}`);
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
