import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * dbt's own resolved config, read from `target/manifest.json` (manifest schema v12; older schemas with the same
 * `nodes` / `disabled` shape are read too). dbt writes it on every `dbt parse` / `compile` / `run`, after it has
 * merged dbt_project.yml, properties files and `config()` and rendered their Jinja, so when it is newer than every
 * source it is the truth pipelint's own cascade approximates.
 *
 * Compiled SQL (`compiled_code`) is not used: dbt records no map from compiled offsets back to the model's text,
 * so a finding on compiled SQL could not be placed honestly on the line the user wrote.
 */

/** The manifest's path relative to the project root. */
export const MANIFEST_FILE = 'target/manifest.json';
/** Manifests larger than this are not parsed (large projects write 50+ MB); pipelint's own cascade is used. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The config keys pipelint takes from the manifest (dbt's names, `pre-hook` / `post-hook` normalised). */
export const MANIFEST_KEYS = [
  'materialized',
  'unique_key',
  'incremental_strategy',
  'on_schema_change',
  'full_refresh',
  'enabled',
  'pre_hook',
  'post_hook',
] as const;

export type ManifestValue = string | boolean | number | string[] | null;

export interface ManifestModel {
  uniqueId: string;
  /** Resolved config for MANIFEST_KEYS; a key dbt left null is absent. Hooks are lists of their SQL. */
  config: Record<string, ManifestValue>;
  /** 1-based line of the node's entry in manifest.json. */
  line: number;
  enabled: boolean;
}

export interface ParsedManifest {
  mtimeMs: number;
  size: number;
  /** Model nodes by `original_file_path` (`/`-separated, relative to the project root). */
  models: Map<string, ManifestModel>;
  schemaVersion: string | null;
  problem: { kind: 'yaml' | 'skipped'; line: number; column: number; detail: string } | null;
}

const cache = new Map<string, ParsedManifest>();

/** Forget a manifest read before (the editor calls this when the file changes on disk). */
export function forgetManifest(file: string): void {
  cache.delete(file);
}

/** Line and column (1-based) of a character offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function hookSql(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const out: string[] = [];
  for (const hook of value) {
    if (typeof hook === 'string') out.push(hook);
    else if (typeof hook === 'object' && hook !== null && typeof (hook as { sql?: unknown }).sql === 'string') out.push((hook as { sql: string }).sql);
    else return null;
  }
  return out;
}

function plainValue(value: unknown): ManifestValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  // A dict (partition_by on BigQuery) is kept as its JSON text: it is set, and not a plain literal.
  return JSON.stringify(value);
}

function modelOf(uniqueId: string, node: Record<string, unknown>, text: string): ManifestModel {
  const raw = (typeof node.config === 'object' && node.config !== null ? node.config : {}) as Record<string, unknown>;
  const config: Record<string, ManifestValue> = {};
  for (const key of MANIFEST_KEYS) {
    const written = key === 'pre_hook' ? raw['pre-hook'] : key === 'post_hook' ? raw['post-hook'] : raw[key];
    const value = key === 'pre_hook' || key === 'post_hook' ? hookSql(written) : plainValue(written);
    if (value !== undefined && value !== null) config[key] = value;
  }
  const at = text.indexOf(`"${uniqueId}"`);
  return { uniqueId, config, line: at === -1 ? 1 : positionOf(text, at).line, enabled: raw.enabled !== false };
}

function parseManifest(text: string, stat: fs.Stats): ParsedManifest {
  const base = { mtimeMs: stat.mtimeMs, size: stat.size, models: new Map<string, ManifestModel>(), schemaVersion: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const pos = positionOf(text, offset);
    // Said in pipelint's words: the engine's own message differs between Node versions.
    const detail = offset >= text.length ? 'the JSON ends early' : `invalid JSON, unexpected ${JSON.stringify(text[offset])}`;
    return { ...base, problem: { kind: 'yaml', ...pos, detail } };
  }
  if (typeof json !== 'object' || json === null || typeof (json as { nodes?: unknown }).nodes !== 'object') {
    return { ...base, problem: { kind: 'yaml', line: 1, column: 1, detail: 'not a dbt manifest (no `nodes` object)' } };
  }
  const manifest = json as { metadata?: { dbt_schema_version?: unknown }; nodes: Record<string, unknown>; disabled?: Record<string, unknown> };
  const models = new Map<string, ManifestModel>();
  const add = (uniqueId: string, node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.resource_type !== 'model' || typeof n.original_file_path !== 'string') return;
    const file = n.original_file_path.split(path.sep).join('/').replace(/\\/g, '/');
    if (!models.has(file)) models.set(file, modelOf(uniqueId, n, text));
  };
  for (const [id, node] of Object.entries(manifest.nodes)) add(id, node);
  // Disabled models are listed apart, each id with the list of its (disabled) versions.
  for (const [id, list] of Object.entries(manifest.disabled ?? {})) if (Array.isArray(list)) for (const node of list) add(id, node);
  const version = manifest.metadata?.dbt_schema_version;
  return { ...base, models, schemaVersion: typeof version === 'string' ? version : null, problem: null };
}

/** The manifest of the project at `root`, or null when there is none. Cached by path, mtime and size. */
export function readManifest(root: string): ParsedManifest | null {
  const file = path.join(root, MANIFEST_FILE);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const cached = cache.get(file);
  if (cached !== undefined && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
  let parsed: ParsedManifest;
  if (stat.size > MAX_MANIFEST_BYTES) {
    const detail = `${Math.ceil(stat.size / 1024 / 1024)} MB, over the ${MAX_MANIFEST_BYTES / 1024 / 1024} MB limit for manifests; pipelint resolved the config from the YAML files instead`;
    parsed = { mtimeMs: stat.mtimeMs, size: stat.size, models: new Map(), schemaVersion: null, problem: { kind: 'skipped', line: 1, column: 1, detail } };
  } else {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      const detail = `could not be read (${error instanceof Error ? error.message : String(error)})`;
      parsed = { mtimeMs: stat.mtimeMs, size: stat.size, models: new Map(), schemaVersion: null, problem: { kind: 'yaml', line: 1, column: 1, detail } };
      cache.set(file, parsed);
      return parsed;
    }
    parsed = parseManifest(text, stat);
  }
  if (cache.size > 64) cache.delete(cache.keys().next().value as string);
  cache.set(file, parsed);
  return parsed;
}
