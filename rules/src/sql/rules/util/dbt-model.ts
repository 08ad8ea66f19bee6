import type { DbtConfigArg, SqlDocument } from '../../model.js';
import { MANIFEST_KEYS } from '../../../project/dbt-manifest.js';

const FROM_MANIFEST = new Set<string>(MANIFEST_KEYS);
/** Hooks add up across dbt's config levels; every other key is replaced by the more specific level. */
const ADDITIVE = new Set(['pre_hook', 'post_hook']);

function hookList(value: DbtConfigArg['value']): string[] {
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** dbt project folders; the innermost one in a path says what the file is (a project can live under `tests/`). */
const DBT_FOLDER = /(?:^|[\\/])(models|tests|analyses|analysis|macros|snapshots)(?=[\\/])/g;

/** The dbt folder that decides what a file is, or undefined outside any. A `{% macro %}` file is a macro wherever it is. */
export function dbtFolder(filename: string): string | undefined {
  const folders = [...filename.matchAll(DBT_FOLDER)];
  return folders[folders.length - 1]?.[1];
}

/** A resolved config setting: where it came from, and for `config()` its place in the model file. */
export interface ModelSetting extends DbtConfigArg {
  source: 'config()' | 'properties' | 'dbt_project.yml' | 'manifest';
  /** The file that set it, relative to the project root; the model file itself for `config()`. */
  file: string | null;
  /** 1-based line in `file` (for YAML); for `config()`, `span` is the place. */
  line: number | null;
}

const resolved = new WeakMap<SqlDocument, Record<string, ModelSetting>>();

/**
 * The model's config as dbt resolves it: `dbt_project.yml` folder blocks (deeper folders over shallower), then the
 * properties file's `config:`, then the model's own `{{ config() }}`, the more specific winning each key.
 */
export function modelConfig(doc: SqlDocument): Record<string, ModelSetting> {
  const cached = resolved.get(doc);
  if (cached !== undefined) return cached;
  const out: Record<string, ModelSetting> = {};
  const project = doc.dbt.project ?? null;
  for (const [key, setting] of Object.entries(project?.settings ?? {})) out[key] = { ...setting };
  const manifest = project?.manifest === 'used';
  for (const [written, arg] of Object.entries(doc.dbt.config?.args ?? {})) {
    const key = written.replace(/-/g, '_');
    const previous = out[key];
    const setting: ModelSetting = { ...arg, source: 'config()', file: null, line: null };
    if (manifest && FROM_MANIFEST.has(key)) {
      // dbt's resolved value (Jinja rendered, hooks of every level) with the place the model's config() wrote it.
      setting.value = previous?.value ?? arg.value;
    } else if (ADDITIVE.has(key) && arg.value !== null) {
      // dbt runs the hooks of every level: dbt_project.yml's, the properties file's, then config()'s.
      setting.value = [...hookList(previous?.value ?? null), ...hookList(arg.value)];
    }
    out[key] = setting;
  }
  resolved.set(doc, out);
  return out;
}

/** Whether the file lies under a dbt project found on disk, or has a `config()`: its config is known to dbt. */
export function hasModelConfig(doc: SqlDocument): boolean {
  return doc.dbt.config !== null || (doc.dbt.project !== undefined && doc.dbt.project !== null);
}

/** Where a setting came from, for a message: `in dbt_project.yml (line 12)`, or empty for the model's `config()`. */
export function settingOrigin(setting: ModelSetting): string {
  return setting.source === 'config()' ? '' : ` (from \`${setting.file}\` line ${setting.line})`;
}

/** The file a setting came from, for the editor: `dbt_project.yml`, `models/_models.yml`, `target/manifest.json`; null for config(). */
export function settingFile(setting: ModelSetting): string | null {
  return setting.source === 'config()' ? null : setting.file;
}

/** The model's `materialized` setting, lower-cased, or null when it is not set as a literal anywhere. */
export function materialization(doc: SqlDocument): string | null {
  const value = modelConfig(doc).materialized?.value;
  return typeof value === 'string' ? value.toLowerCase() : null;
}

/** `enabled: false` in the model's resolved config: dbt never builds it. */
export function isDisabled(doc: SqlDocument): boolean {
  return modelConfig(doc).enabled?.value === false;
}

/** A key that is written and not empty; a non-literal value (a Jinja variable) is given the benefit of the doubt. */
export function hasKey(arg: DbtConfigArg | undefined): boolean {
  if (arg === undefined) return false;
  if (arg.value === null) return !['none', 'None', 'null', '~', ''].includes(arg.raw.trim());
  if (Array.isArray(arg.value)) return arg.value.length > 0;
  return typeof arg.value === 'string' ? arg.value.trim() !== '' : arg.value !== false;
}

/** Strategies that replace what they rewrite instead of appending to it. */
const REPLACING = new Set(['insert_overwrite', 'microbatch']);

/** An incremental model that rewrites the rows it re-reads: a `unique_key`, or a strategy that replaces partitions. */
export function rewritesOnRerun(doc: SqlDocument): boolean {
  const args = modelConfig(doc);
  if (hasKey(args.unique_key)) return true;
  const strategy = args.incremental_strategy?.value;
  return typeof strategy === 'string' && REPLACING.has(strategy.toLowerCase());
}
