import type { DbtConfigArg, SqlDocument } from '../../model.js';

/** dbt project folders; the innermost one in a path says what the file is (a project can live under `tests/`). */
const DBT_FOLDER = /(?:^|[\\/])(models|tests|analyses|analysis|macros|snapshots)(?=[\\/])/g;

/** The dbt folder that decides what a file is, or undefined outside any. A `{% macro %}` file is a macro wherever it is. */
export function dbtFolder(filename: string): string | undefined {
  const folders = [...filename.matchAll(DBT_FOLDER)];
  return folders[folders.length - 1]?.[1];
}

/** The model's own `materialized=` setting, lower-cased, or null when the file does not set it as a literal. */
export function materialization(doc: SqlDocument): string | null {
  const value = doc.dbt.config?.args.materialized?.value;
  return typeof value === 'string' ? value.toLowerCase() : null;
}

/** `enabled=false` in the model's config: dbt never builds it. */
export function isDisabled(doc: SqlDocument): boolean {
  return doc.dbt.config?.args.enabled?.value === false;
}

/** A key that is written and not empty; a non-literal value (a Jinja variable) is given the benefit of the doubt. */
export function hasKey(arg: DbtConfigArg | undefined): boolean {
  if (arg === undefined) return false;
  if (arg.value === null) return arg.raw.trim() !== 'none' && arg.raw.trim() !== 'None';
  if (Array.isArray(arg.value)) return arg.value.length > 0;
  return typeof arg.value === 'string' ? arg.value.trim() !== '' : arg.value !== false;
}

/** Strategies that replace what they rewrite instead of appending to it. */
const REPLACING = new Set(['insert_overwrite', 'microbatch']);

/** An incremental model that rewrites the rows it re-reads: a `unique_key`, or a strategy that replaces partitions. */
export function rewritesOnRerun(doc: SqlDocument): boolean {
  const args = doc.dbt.config?.args;
  if (args === undefined) return false;
  if (hasKey(args.unique_key)) return true;
  const strategy = args.incremental_strategy?.value;
  return typeof strategy === 'string' && REPLACING.has(strategy.toLowerCase());
}
