import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node as YamlNode } from 'yaml';
import { parseDbtYaml } from './dbt-yaml.js';
import type { DbtConfigArg } from '../sql/model.js';
import { decodeSource } from '../cli/encoding.js';
import { forgetManifest, MANIFEST_FILE, MANIFEST_KEYS, readManifest, type ManifestValue } from './dbt-manifest.js';

import { isMap, isScalar, isSeq, yaml } from './yaml-lib.js';

/**
 * The dbt project around a model file: its `dbt_project.yml` folder configs and its properties files
 * (`models/**\/*.yml`), read from disk, parsed with the `yaml` library and cached by path, mtime and size.
 * The model's own `config()` is merged in by the rules' helpers (rules/src/sql/rules/util/dbt-model.ts), since it
 * is the most specific and is parsed with the file.
 */

/** Where a YAML config setting came from. */
export type DbtConfigSource = 'dbt_project.yml' | 'properties' | 'manifest';

export interface DbtYamlSetting extends DbtConfigArg {
  source: DbtConfigSource;
  /** Path of the YAML file, relative to the project root, `/`-separated. */
  file: string;
  /** 1-based line of the value in that file. */
  line: number;
}

export interface DbtProjectProblem {
  /** `manifest`: target/manifest.json is broken or too large, and the YAML cascade was used instead. */
  kind: 'yaml' | 'skipped' | 'manifest';
  /** Path relative to the project root. */
  file: string;
  line: number;
  column: number;
  detail: string;
}

export interface DbtModelProject {
  /** Absolute directory holding `dbt_project.yml`. */
  root: string;
  projectName: string | null;
  /** Settings from the YAML files for this model, keys normalised (`+pre-hook` -> `pre_hook`), most specific kept. */
  settings: Record<string, DbtYamlSetting>;
  /** Broken or skipped YAML files that may hold this model's config. */
  problems: DbtProjectProblem[];
  /**
   * `used`: target/manifest.json is newer than dbt_project.yml, every properties file and the model file, and lists
   * the model; its resolved config replaced the YAML cascade for the keys it holds. `stale`: it is older than one of
   * them. `missing`: it does not list the model. Null when the project has no manifest.
   */
  manifest: 'used' | 'stale' | 'missing' | 'broken' | null;
  /** Absolute paths of the project files this model's config was read from or could be: dbt_project.yml, properties files, the manifest. */
  sources: string[];
}

/** How many directories above the file `dbt_project.yml` is looked for. */
export const MAX_PROJECT_DEPTH = 8;
/** YAML files larger than this are not parsed. */
export const MAX_YAML_BYTES = 512 * 1024;
/** Properties files read per project at most; the rest are said to be cut off. */
export const MAX_PROPERTIES_FILES = 2000;
/** Directories walked under the model paths at most. */
const MAX_DIRECTORIES = 2000;

/** Hooks add up across levels in dbt; every other config is replaced by the more specific level. */
const ADDITIVE = new Set(['pre_hook', 'post_hook']);

/** The `models:` entries of a properties file by name, built once per parsed file. */
function modelEntries(yaml: ParsedYaml): Map<string, YamlNode[]> {
  if (yaml.entries !== undefined) return yaml.entries;
  const entries = new Map<string, YamlNode[]>();
  const list = mapGet(yaml.root, 'models');
  if (list && isSeq(list)) {
    for (const entry of list.items as YamlNode[]) {
      const name = mapGet(entry, 'name');
      if (!name || !isScalar(name)) continue;
      const key = String(name.value);
      entries.set(key, [...(entries.get(key) ?? []), entry]);
    }
  }
  yaml.entries = entries;
  return entries;
}

interface ParsedYaml {
  entries?: Map<string, YamlNode[]>;
  /** The file's path relative to its project root, once computed. */
  rel?: string;
  mtimeMs: number;
  size: number;
  /** The plain value of the document (null when broken or skipped). */
  root: YamlNode | null;
  lineCounter: import('yaml').LineCounter;
  problem: Omit<DbtProjectProblem, 'file'> | null;
}

const yamlCache = new Map<string, ParsedYaml>();
const YAML_CACHE_LIMIT = 4000;

/** Said once per process: a skipped file is noted on the first model that could use it. */
const skipNoted = new Set<string>();

function readYaml(file: string, stat: fs.Stats): ParsedYaml {
  const cached = yamlCache.get(file);
  if (cached !== undefined && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
  const lineCounter = new (yaml().LineCounter)();
  let parsed: ParsedYaml;
  if (stat.size > MAX_YAML_BYTES) {
    parsed = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      root: null,
      lineCounter,
      problem: { kind: 'skipped', line: 1, column: 1, detail: `${Math.ceil(stat.size / 1024)} KB, over the ${MAX_YAML_BYTES / 1024} KB limit for project YAML files; not read` },
    };
  } else {
    let text: string;
    try {
      // UTF-8 with or without a BOM, or UTF-16 with a BOM, like every other file pipelint reads.
      text = decodeSource(fs.readFileSync(file)).text;
    } catch (error) {
      text = '';
      const detail = error instanceof Error ? error.message : String(error);
      parsed = { mtimeMs: stat.mtimeMs, size: stat.size, root: null, lineCounter, problem: { kind: 'yaml', line: 1, column: 1, detail: `could not be read (${detail})` } };
      remember(file, parsed);
      return parsed;
    }
    const parsedText = parseDbtYaml(text);
    const doc = parsedText.doc;
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = parsedText.lineCounter.linePos(error.pos[0]);
      const detail = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      parsed = { mtimeMs: stat.mtimeMs, size: stat.size, root: null, lineCounter, problem: { kind: 'yaml', line: pos.line, column: pos.col, detail } };
    } else {
      // A repaired text has the file's lines (only indentation was added), so its line counter gives the file's lines.
      parsed = { mtimeMs: stat.mtimeMs, size: stat.size, root: (doc.contents as YamlNode | null) ?? null, lineCounter: parsedText.lineCounter, problem: null };
    }
  }
  remember(file, parsed);
  return parsed;
}

/**
 * Forgets what was read of a project file that changed on disk (the editor's watched-file events call this): its
 * parsed YAML or manifest, and the folder listings that may have to include or drop it. Cheap; the next lint re-reads.
 */
export function forgetDbtFile(file: string): void {
  yamlCache.delete(file);
  forgetManifest(file);
  propertiesIndexes.clear();
  projectRun?.stats.clear();
  projectRun?.freshListings.clear();
}

function remember(file: string, parsed: ParsedYaml): void {
  if (yamlCache.size >= YAML_CACHE_LIMIT) yamlCache.delete(yamlCache.keys().next().value as string);
  yamlCache.set(file, parsed);
}

/**
 * One whole-tree run (a CLI run, the editor's Lint Workspace) reads the project once: while it lasts, each file is
 * stat'ed once and each folder listing checked once, instead of once per model. Files changed during the run are
 * seen by the next one.
 */
interface ProjectRun {
  stats: Map<string, fs.Stats | null>;
  freshListings: Set<string>;
}

let projectRun: ProjectRun | null = null;

/** Starts a run (see ProjectRun); the returned function ends it. Nested runs share the outer one. */
export function beginProjectRun(): () => void {
  if (projectRun !== null) return () => undefined;
  projectRun = { stats: new Map(), freshListings: new Set() };
  return () => {
    projectRun = null;
  };
}

function statFile(file: string): fs.Stats | null {
  const memo = projectRun?.stats;
  if (memo?.has(file)) return memo.get(file) ?? null;
  let stat: fs.Stats | null;
  try {
    // Most directories have no dbt_project.yml: asking without an exception keeps that cheap.
    const s = fs.statSync(file, { throwIfNoEntry: false });
    stat = s?.isFile() === true ? s : null;
  } catch {
    stat = null;
  }
  memo?.set(file, stat);
  return stat;
}

/**
 * What a model's lint read of its project, as a cache key: each source's path, mtime and size. Empty outside a
 * dbt project. The CLI's `--cache` adds it, so a changed dbt_project.yml re-lints the models it configures.
 */
export function projectFingerprint(filename: string): string {
  let project: DbtModelProject | null;
  try {
    project = dbtModelProject(filename);
  } catch {
    return '';
  }
  if (project === null) return '';
  return project.sources
    .map((file) => {
      const stat = statFile(file);
      return `${file}:${stat?.mtimeMs ?? 0}:${stat?.size ?? -1}`;
    })
    .join('\n');
}

/** The directory holding `dbt_project.yml` at or above the file's directory, within MAX_PROJECT_DEPTH levels. */
export function findDbtProjectRoot(filename: string): string | null {
  let dir = path.dirname(filename);
  for (let depth = 0; depth <= MAX_PROJECT_DEPTH; depth++) {
    if (statFile(path.join(dir, 'dbt_project.yml')) !== null) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  return null;
}

/** `+materialized`, `materialized`, `+pre-hook` -> `materialized`, `pre_hook`. */
export function normaliseKey(key: string): string {
  return key.replace(/^\+/, '').replace(/-/g, '_').toLowerCase();
}

function mapEntries(node: YamlNode | null | undefined): { key: string; value: YamlNode | null }[] {
  if (!node || !isMap(node)) return [];
  const out: { key: string; value: YamlNode | null }[] = [];
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key !== null) out.push({ key, value: (pair.value as YamlNode | null) ?? null });
  }
  return out;
}

function mapGet(node: YamlNode | null | undefined, key: string): YamlNode | null {
  return mapEntries(node).find((e) => e.key === key)?.value ?? null;
}

const JINJA = /\{\{|\{%/;

/** A YAML value as a config argument: literal strings, booleans, numbers and string lists; Jinja is not a literal. */
function settingOf(node: YamlNode | null, source: DbtConfigSource, file: string, yaml: ParsedYaml, key = ''): DbtYamlSetting {
  // Hook SQL is kept as written, Jinja and all: dbt renders it only when the hook runs.
  const literal = (s: string): boolean => ADDITIVE.has(key) || !JINJA.test(s);
  const line = node?.range ? yaml.lineCounter.linePos(node.range[0]).line : 1;
  let value: DbtConfigArg['value'] = null;
  let raw = '';
  if (node === null) raw = 'null';
  else if (isScalar(node)) {
    const v = node.value;
    raw = v === null ? 'null' : String(v);
    if (typeof v === 'string') value = literal(v) ? v : null;
    else if (typeof v === 'boolean' || typeof v === 'number') value = v;
  } else if (isSeq(node)) {
    const items = node.items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : null));
    raw = `[${items.join(', ')}]`;
    value = items.every((s): s is string => s !== null && literal(s)) ? items : null;
  } else raw = '{...}';
  return { value, raw, span: { start: 0, end: 0 }, source, file, line };
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function put(settings: Record<string, DbtYamlSetting>, key: string, setting: DbtYamlSetting): void {
  const previous = settings[key];
  if (ADDITIVE.has(key) && previous !== undefined) {
    const list = (v: DbtConfigArg['value']): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);
    settings[key] = { ...setting, value: [...list(previous.value), ...list(setting.value)], raw: `${previous.raw}, ${setting.raw}` };
  } else if (ADDITIVE.has(key) && typeof setting.value === 'string') settings[key] = { ...setting, value: [setting.value] };
  else settings[key] = setting;
}

/** Configs written at one level of `models:` in dbt_project.yml: `+key` always, plain keys when not a folder. */
function applyLevel(node: YamlNode | null, settings: Record<string, DbtYamlSetting>, file: string, yaml: ParsedYaml): void {
  for (const { key, value } of mapEntries(node)) {
    if (!key.startsWith('+') && value !== null && isMap(value)) continue;
    put(settings, normaliseKey(key), settingOf(value, 'dbt_project.yml', file, yaml, normaliseKey(key)));
  }
}

interface ProjectFile {
  name: string | null;
  modelPaths: string[];
  yaml: ParsedYaml;
}

function projectFile(root: string): ProjectFile | null {
  const file = path.join(root, 'dbt_project.yml');
  const stat = statFile(file);
  if (stat === null) return null;
  const yaml = readYaml(file, stat);
  const name = mapGet(yaml.root, 'name');
  const paths = mapGet(yaml.root, 'model-paths') ?? mapGet(yaml.root, 'source-paths');
  const modelPaths =
    paths && isSeq(paths) ? paths.items.filter(isScalar).map((s) => String(s.value).replace(/[\\/]+$/, '')) : ['models'];
  return { name: name && isScalar(name) ? String(name.value) : null, modelPaths, yaml };
}

interface PropertiesIndex {
  /** Directory mtimes the listing was made from: a new or removed file changes its directory's mtime. */
  dirs: Map<string, number>;
  files: string[];
  truncated: boolean;
}

const propertiesIndexes = new Map<string, PropertiesIndex>();

function listingIsFresh(index: PropertiesIndex): boolean {
  for (const [dir, mtime] of index.dirs) {
    try {
      if (fs.statSync(dir).mtimeMs !== mtime) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** The `.yml` / `.yaml` files under the model paths, bounded in count, listing cached by directory mtimes. */
function propertiesFiles(root: string, modelPaths: string[]): PropertiesIndex {
  const key = `${root}\u0000${modelPaths.join('\u0000')}`;
  const cached = propertiesIndexes.get(key);
  if (cached !== undefined && (projectRun?.freshListings.has(key) === true || listingIsFresh(cached))) {
    projectRun?.freshListings.add(key);
    return cached;
  }
  projectRun?.freshListings.add(key);
  const index: PropertiesIndex = { dirs: new Map(), files: [], truncated: false };
  const queue = modelPaths.map((p) => path.join(root, p));
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    if (index.dirs.size >= MAX_DIRECTORIES) {
      index.truncated = true;
      break;
    }
    let entries: fs.Dirent[];
    try {
      index.dirs.set(dir, fs.statSync(dir).mtimeMs);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) queue.push(full);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
        if (index.files.length >= MAX_PROPERTIES_FILES) index.truncated = true;
        else index.files.push(full);
      }
    }
  }
  propertiesIndexes.set(key, index);
  return index;
}

/**
 * The YAML config of the model in `filename`, or null when the file is not under a dbt project's model paths.
 * Never throws: a broken or oversized YAML file becomes a problem and its config is left out.
 */
export function dbtModelProject(filename: string): DbtModelProject | null {
  if (!path.isAbsolute(filename)) return null;
  const root = findDbtProjectRoot(filename);
  if (root === null) return null;
  const project = projectFile(root);
  if (project === null) return null;
  const rel = relative(root, filename);
  // Only models have a model config: tests, macros, analyses and snapshots live outside the model paths.
  const modelPath = project.modelPaths.map((p) => p.replace(/^\.\//, '')).find((p) => rel.startsWith(`${p}/`));
  if (modelPath === undefined) return null;
  const problems: DbtProjectProblem[] = [];
  const settings: Record<string, DbtYamlSetting> = {};
  const projectRel = 'dbt_project.yml';
  const sources = [path.join(root, projectRel)];
  let newestSource = Math.max(project.yaml.mtimeMs, statFile(filename)?.mtimeMs ?? 0);
  if (project.yaml.problem !== null) problems.push(noteOnce(path.join(root, projectRel), { ...project.yaml.problem, file: projectRel }));
  const modelName = path.basename(filename).replace(/\.(sql|sql\.j2|sql\.jinja|jinja\.sql)$/i, '');
  // dbt_project.yml: `models:` itself, then `<project name>:`, then one block per folder, then the model's name.
  const models = mapGet(project.yaml.root, 'models');
  if (models !== null) {
    applyLevel(models, settings, projectRel, project.yaml);
    let level = project.name === null ? null : mapGet(models, project.name);
    if (level !== null) {
      applyLevel(level, settings, projectRel, project.yaml);
      const segments = rel.slice(modelPath.length + 1).split('/').slice(0, -1);
      for (const segment of [...segments, modelName]) {
        level = mapGet(level, segment);
        if (level === null || !isMap(level)) break;
        applyLevel(level, settings, projectRel, project.yaml);
      }
    }
  }
  {
    const modelDir = path.dirname(filename);
    const index = propertiesFiles(root, project.modelPaths);
    if (index.truncated) {
      problems.push(noteOnce(`${root}\u0000truncated`, { kind: 'skipped', file: modelPath, line: 1, column: 1, detail: `more than ${MAX_PROPERTIES_FILES} YAML files (or ${MAX_DIRECTORIES} folders) under the model paths; the rest were not read` }));
    }
    for (const file of index.files) {
      const stat = statFile(file);
      if (stat === null) continue;
      sources.push(file);
      newestSource = Math.max(newestSource, stat.mtimeMs);
      const yaml = readYaml(file, stat);
      yaml.rel ??= relative(root, file);
      const fileRel = yaml.rel;
      if (yaml.problem !== null) {
        // Its content is unknown: it matters to the models beside it and below it, where dbt projects keep them.
        const dir = path.dirname(file);
        if (modelDir === dir || modelDir.startsWith(dir + path.sep)) problems.push(noteOnce(file, { ...yaml.problem, file: fileRel }));
        continue;
      }
      for (const entry of modelEntries(yaml).get(modelName) ?? []) {
        for (const { key, value } of mapEntries(mapGet(entry, 'config'))) put(settings, normaliseKey(key), settingOf(value, 'properties', fileRel, yaml, normaliseKey(key)));
      }
    }
  }
  const manifest = applyManifest(root, rel, newestSource, settings, problems);
  if (manifest !== null) sources.push(path.join(root, MANIFEST_FILE));
  return { root, projectName: project.name, settings, problems: problems.filter((p) => p.line > 0), manifest, sources };
}

function sameValue(a: DbtConfigArg['value'], b: ManifestValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function rawOf(value: ManifestValue): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

/**
 * Replaces the YAML cascade's settings with the manifest's for the keys it resolves, when the manifest is fresh and
 * lists the model. A YAML setting with the same value is kept (it says which file and line set it); a key dbt
 * resolved to null is dropped; keys the manifest is not read for stay as the YAML gave them.
 */
function applyManifest(
  root: string,
  rel: string,
  newestSource: number,
  settings: Record<string, DbtYamlSetting>,
  problems: DbtProjectProblem[],
): DbtModelProject['manifest'] {
  const manifest = readManifest(root);
  if (manifest === null) return null;
  if (manifest.problem !== null) {
    const kind = manifest.problem.kind === 'skipped' ? 'skipped' : 'manifest';
    problems.push(noteOnce(path.join(root, MANIFEST_FILE), { ...manifest.problem, kind, file: MANIFEST_FILE }));
    return 'broken';
  }
  if (manifest.mtimeMs <= newestSource) return 'stale';
  const model = manifest.models.get(rel);
  if (model === undefined) return 'missing';
  for (const key of MANIFEST_KEYS) {
    const value = model.config[key];
    const yaml = settings[key];
    if (value === undefined) {
      delete settings[key];
      continue;
    }
    if (yaml !== undefined && sameValue(yaml.value, value)) continue;
    settings[key] = { value, raw: rawOf(value), span: { start: 0, end: 0 }, source: 'manifest', file: MANIFEST_FILE, line: model.line };
  }
  return 'used';
}

/** A skipped file is said once per process; a broken one on every model it may configure (it is worth fixing). */
function noteOnce(key: string, problem: DbtProjectProblem): DbtProjectProblem {
  if (problem.kind !== 'skipped') return problem;
  if (skipNoted.has(key)) return { ...problem, line: 0 };
  skipNoted.add(key);
  return problem;
}
