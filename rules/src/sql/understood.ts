import { isAbsolute } from 'node:path';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../core/config.js';
import type { Span } from '../core/types.js';
import { dbtModelProject } from '../project/dbt-project.js';
import type { SqlDocument, Statement } from './model.js';
import { parseSql } from './parse.js';
import { hasKey, isDisabled, modelConfig, type ModelSetting } from './rules/util/dbt-model.js';
import { sameTransaction } from './rules/util/history.js';
import { precedingReplace, type Load } from './rules/util/replace.js';
import { findWatermarks } from './rules/util/watermark.js';
import { contains } from './rules/util/tokens.js';

/**
 * What pipelint understood of a SQL file, from the same facts its rules use, for the editor's code lens and inlay
 * hints: the incremental config of a dbt model (and the file each setting came from), and each replace of a table
 * (empty, then reload) with whether one transaction covers it.
 */

export interface Lens {
  span: Span;
  title: string;
}

export interface ProvenanceHint {
  /** Where the hint goes: after the `config()` call, else at the start of the file. */
  offset: number;
  /** `unique_key from dbt_project.yml` */
  label: string;
  /** `unique_key: order_id, line 19 of dbt_project.yml` */
  tooltip: string;
  /** The setting (`unique_key`) and the file it came from (`dbt_project.yml`). */
  key: string;
  file: string;
}

export interface Understood {
  lenses: Lens[];
  hints: ProvenanceHint[];
}

const CROSS_FILE_KEYS = ['materialized', 'unique_key', 'incremental_strategy', 'on_schema_change', 'full_refresh', 'enabled', 'pre_hook', 'post_hook'];

function show(setting: ModelSetting | undefined): string | null {
  const v = setting?.value;
  if (v === undefined || v === null) return null;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** `3 days` from `- interval '3 days'`, `interval 3 day`, `dateadd(day, -3, ...)`, `- 2`; null when not read. */
function lookbackAmount(text: string): string | null {
  const interval = /interval\s*'?\s*(\d+)\s*(minute|hour|day|week|month)s?\s*'?/i.exec(text) ?? /interval\s*'(\d+)'\s*(minute|hour|day|week|month)/i.exec(text);
  if (interval) return `${interval[1]} ${interval[2].toLowerCase()}${interval[1] === '1' ? '' : 's'}`;
  const dateadd = /date_?add\s*\(\s*'?(minute|hour|day|week|month)s?'?\s*,\s*-\s*(\d+)/i.exec(text);
  if (dateadd) return `${dateadd[2]} ${dateadd[1].toLowerCase()}${dateadd[2] === '1' ? '' : 's'}`;
  const minus = /\)\s*-\s*(\d+)\b/.exec(text) ?? /max\s*\([^)]*\)\s*-\s*(\d+)\b/i.exec(text);
  if (minus) return minus[1];
  return null;
}

function incrementalLens(doc: SqlDocument): Lens | null {
  const config = modelConfig(doc);
  if (config.materialized?.value !== 'incremental') return null;
  const span = doc.dbt.config?.span ?? { start: 0, end: 0 };
  if (isDisabled(doc)) return { span, title: 'incremental · disabled (enabled: false): dbt does not build it' };
  const parts = ['incremental'];
  const strategy = show(config.incremental_strategy);
  const key = show(config.unique_key);
  if (hasKey(config.unique_key)) parts.push(`${strategy ?? 'merge'} on ${key ?? 'a key pipelint cannot read (Jinja)'}`);
  else parts.push(strategy === null ? 'appends (no unique_key)' : `${strategy}, no unique_key`);
  const watermarks = doc.statements.flatMap((s: Statement) => findWatermarks(s)).filter((w) => doc.dbt.incrementalBlocks.some((b) => contains(b, { start: w.span.start, end: w.span.end })));
  const first = watermarks[0];
  if (first !== undefined) {
    const amount = first.lookback ? lookbackAmount(doc.text.slice(first.span.start, first.span.end)) : null;
    parts.push(first.lookback ? (amount === null ? 'with a lookback' : `lookback ${amount}`) : first.operator === '>=' && first.dateColumn ? 'lookback: the last day again (>=)' : 'no lookback (strict > max)');
  } else if (doc.dbt.incrementalBlocks.length === 0) parts.push('no is_incremental() filter: re-reads everything');
  return { span, title: parts.join(' · ') };
}

function replaceLenses(doc: SqlDocument): Lens[] {
  const lenses: Lens[] = [];
  const seen = new Set<number>();
  for (const s of doc.statements) {
    if (s.kind !== 'insert' && !(s.kind === 'copy' && s.direction === 'load')) continue;
    const load = s as Load;
    if (load.target === null) continue;
    const emptying = precedingReplace(doc, load);
    if (emptying === null || seen.has(emptying.index)) continue;
    seen.add(emptying.index);
    const verb = emptying.kind === 'truncate' ? 'truncate' : 'delete';
    const line = doc.lines.position(load.span.start).line;
    const title = sameTransaction(emptying, load)
      ? `replace ${load.target.name} in one transaction (${verb}, then reload on line ${line})`
      : `replace ${load.target.name} in separate transactions (${verb}, then reload on line ${line})`;
    lenses.push({ span: emptying.span, title });
  }
  return lenses;
}

function provenance(doc: SqlDocument): ProvenanceHint[] {
  const config = modelConfig(doc);
  const offset = doc.dbt.config?.span.end ?? 0;
  const hints: ProvenanceHint[] = [];
  for (const key of CROSS_FILE_KEYS) {
    const setting = config[key];
    if (setting === undefined || setting.source === 'config()' || setting.file === null) continue;
    // dbt's defaults the manifest lists are not facts anyone wrote; only say what a file set.
    if (setting.source === 'manifest' && !['materialized', 'unique_key', 'incremental_strategy'].includes(key)) continue;
    const value = show(setting) ?? setting.raw;
    hints.push({ offset, label: `${key} from ${setting.file}`, tooltip: `${key}: ${value}, line ${setting.line} of ${setting.file}`, key, file: setting.file });
  }
  return hints;
}

/**
 * One inlay hint per place and file, the file first (`dbt_project.yml: materialized, unique_key`): editors cut the
 * hints of one line to a few dozen characters in all (VS Code: 43), so one label per setting would hide all but the
 * first, and the file is what the hint is for. The tooltip has every setting with its line.
 */
export function mergedHints(hints: readonly ProvenanceHint[]): ProvenanceHint[] {
  const merged = new Map<string, ProvenanceHint>();
  for (const hint of hints) {
    const id = `${hint.offset}\u0000${hint.file}`;
    const seen = merged.get(id);
    if (seen === undefined) merged.set(id, { ...hint, label: `${hint.file}: ${hint.key}` });
    else merged.set(id, { ...seen, key: `${seen.key}, ${hint.key}`, label: `${seen.label}, ${hint.key}`, tooltip: `${seen.tooltip}\n${hint.tooltip}` });
  }
  return [...merged.values()];
}

/** The lenses and hints of a parsed document whose `dbt.project` the engine has set (or left undefined). */
export function understoodOf(doc: SqlDocument): Understood {
  const lenses: Lens[] = [];
  const incremental = incrementalLens(doc);
  if (incremental !== null) lenses.push(incremental);
  lenses.push(...replaceLenses(doc));
  return { lenses, hints: provenance(doc) };
}

/** Parses a SQL file's text and reads its project around it on disk, as the engine does for the rules. */
export function understand(text: string, filename: string, config: ResolvedConfig = DEFAULT_CONFIG): Understood {
  const doc = parseSql(text, { dialect: config.dialect, assumeInTransaction: config.assumeInTransaction });
  try {
    doc.dbt.project = isAbsolute(filename) ? dbtModelProject(filename) : null;
  } catch {
    doc.dbt.project = null;
  }
  return understoodOf(doc);
}
