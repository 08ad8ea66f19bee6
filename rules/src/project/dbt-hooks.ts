import * as path from 'node:path';
import type { Node as YamlNode, Scalar } from 'yaml';
import { isMap, isScalar, isSeq, yaml } from './yaml-lib.js';
import { parseDbtYaml } from './dbt-yaml.js';
import type { ResolvedConfig } from '../core/config.js';
import type { Finding } from '../core/types.js';
import type { LineIndex } from '../core/line-index.js';
import type { DbtConfigArg, SqlDocument } from '../sql/model.js';
import { parseSql } from '../sql/parse.js';
import { runSqlRules } from '../sql/run-rules.js';
import { sqlRules } from '../sql/rules/index.js';

/**
 * dbt hooks: SQL that dbt runs around a model (`pre_hook` / `post_hook` in `config()`, `+pre-hook` / `+post-hook`
 * in dbt_project.yml, `config:` of a properties file) or around the whole run (`on-run-start` / `on-run-end`). Each
 * hook is linted once, in the file that holds its text, with the statement rules that make sense on a hook; its
 * findings are placed on the hook's text in that file. A `+post-hook` of a folder applies to every model in it, and is
 * still reported once, at the hook, never on each model.
 */

/**
 * The rules run on hook text: statements that break or double their effect when a run is repeated. Left out: the
 * model rules (incremental config, watermarks, windows: a hook is not a model's select), and nondeterministic-value,
 * whose clock writes are what audit hooks (`insert into run_log ... current_timestamp`) are for.
 */
export const HOOK_RULES: readonly string[] = [
  'blind-insert',
  'copy-force-reload',
  'freshness-cost',
  'merge-without-partition-filter',
  'non-atomic-replace',
  'relative-update',
  'unguarded-ddl',
];

export type HookKind = 'pre_hook' | 'post_hook' | 'on_run_start' | 'on_run_end';

export interface HookText {
  kind: HookKind;
  /** The hook's SQL as dbt runs it (before Jinja is rendered). */
  sql: string;
  /** Offset in the file of each character of `sql` (length `sql.length + 1`, the last one the end). */
  offsets: number[];
  /** dbt runs model hooks inside the model's transaction unless `transaction: false`; run hooks outside any. */
  inTransaction: boolean;
}

// Hooks in a model's config()

function pythonString(text: string, i: number, base: number): { sql: string; offsets: number[]; end: number } | null {
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return null;
  const triple = text.startsWith(quote.repeat(3), i);
  const close = triple ? quote.repeat(3) : quote;
  let j = i + close.length;
  let sql = '';
  const offsets: number[] = [];
  while (j < text.length) {
    if (text.startsWith(close, j)) {
      offsets.push(base + j);
      return { sql, offsets, end: j + close.length };
    }
    if (text[j] === '\\' && j + 1 < text.length) {
      const next = text[j + 1];
      const decoded = next === 'n' ? '\n' : next === 't' ? '\t' : next;
      sql += decoded;
      offsets.push(base + j);
      j += 2;
      continue;
    }
    sql += text[j];
    offsets.push(base + j);
    j++;
  }
  return null;
}

/** The string literals of a `pre_hook=` / `post_hook=` value: one string, or a list of strings. */
function hooksOfArg(kind: HookKind, arg: DbtConfigArg): HookText[] {
  const raw = arg.raw;
  const out: HookText[] = [];
  const take = (i: number): number => {
    const s = pythonString(raw, i, arg.span.start);
    if (s === null) return -1;
    out.push({ kind, sql: s.sql, offsets: s.offsets, inTransaction: true });
    return s.end;
  };
  if (raw.startsWith('"') || raw.startsWith("'")) {
    take(0);
    return out;
  }
  if (!raw.startsWith('[')) return out;
  for (let i = 1; i < raw.length; ) {
    const c = raw[i];
    if (c === '"' || c === "'") {
      const end = take(i);
      if (end < 0) break;
      i = end;
    } else if (c === ',' || c === ' ' || c === '\n' || c === '\r' || c === '\t') i++;
    else break; // a variable or a dict: not literal hook text
  }
  return out;
}

/** Hooks written in the model's own `{{ config(...) }}`. */
export function configHooks(doc: SqlDocument): HookText[] {
  const args = doc.dbt.config?.args ?? {};
  const out: HookText[] = [];
  for (const [key, arg] of Object.entries(args)) {
    const k = key.replace(/-/g, '_');
    if (k === 'pre_hook' || k === 'post_hook') out.push(...hooksOfArg(k, arg));
  }
  return out;
}

// Hooks in YAML

/** Offsets of a YAML scalar's value in its source: the value's characters in order, skipping quotes, indents and folds. */
function scalarOffsets(text: string, node: Scalar, value: string): number[] | null {
  const [start, end] = node.range ?? [0, 0];
  let j = start;
  if (node.type === yaml().Scalar.BLOCK_LITERAL || node.type === yaml().Scalar.BLOCK_FOLDED) {
    const nl = text.indexOf('\n', j);
    if (nl < 0) return null;
    j = nl + 1;
  } else if (node.type === yaml().Scalar.QUOTE_DOUBLE || node.type === yaml().Scalar.QUOTE_SINGLE) j++;
  const offsets: number[] = [];
  let last = j;
  for (const ch of value) {
    if (/\s/.test(ch)) {
      offsets.push(last);
      continue;
    }
    while (j < end && text[j] !== ch) {
      // Only layout and quoting may be skipped; anything else means the value does not map back character by character.
      if (!/[\s'"\\]/.test(text[j])) return null;
      j++;
    }
    if (j >= end) return null;
    offsets.push(j);
    last = j + 1;
    j++;
  }
  offsets.push(last);
  // A whitespace character before the first mapped one points where the next one starts.
  for (let i = offsets.length - 2; i >= 0; i--) if (/\s/.test(value[i]) && offsets[i] > offsets[i + 1]) offsets[i] = offsets[i + 1];
  return offsets;
}

/** A YAML hook value: a string, a `{sql: ..., transaction: ...}` map, or a list of either. */
function yamlHookValues(text: string, kind: HookKind, node: YamlNode | null, inTransaction: boolean, out: HookText[]): void {
  if (node === null) return;
  if (isSeq(node)) {
    for (const item of node.items) yamlHookValues(text, kind, item as YamlNode, inTransaction, out);
    return;
  }
  if (isMap(node)) {
    const sql = node.items.find((p) => isScalar(p.key) && p.key.value === 'sql')?.value as YamlNode | undefined;
    const transaction = node.items.find((p) => isScalar(p.key) && p.key.value === 'transaction')?.value;
    const inside = isScalar(transaction) && transaction.value === false ? false : inTransaction;
    if (sql !== undefined) yamlHookValues(text, kind, sql, inside, out);
    return;
  }
  if (!isScalar(node) || typeof node.value !== 'string') return;
  const offsets = scalarOffsets(text, node, node.value);
  if (offsets !== null) out.push({ kind, sql: node.value, offsets, inTransaction });
}

function hookKind(key: string): HookKind | null {
  const k = key.replace(/^\+/, '').replace(/-/g, '_').toLowerCase();
  return k === 'pre_hook' || k === 'post_hook' || k === 'on_run_start' || k === 'on_run_end' ? k : null;
}

/** `+pre-hook` / `+post-hook` (and plain `pre-hook` at a model's level) anywhere under `models:` / `seeds:` / `snapshots:`. */
function walkFolders(text: string, node: YamlNode | null, out: HookText[], depth: number): void {
  if (node === null || !isMap(node) || depth > 32) return;
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const kind = hookKind(key);
    const value = (pair.value as YamlNode | null) ?? null;
    if (kind === 'pre_hook' || kind === 'post_hook') yamlHookValues(text, kind, value, true, out);
    else if (!key.startsWith('+')) walkFolders(text, value, out, depth + 1);
  }
}

export interface YamlHooks {
  hooks: HookText[];
  /** A YAML syntax error, 1-based. */
  problem: { line: number; column: number; detail: string } | null;
}

/** The hooks of a dbt_project.yml (`isProject`) or a properties file's `models: - config:` entries. */
export function yamlHooks(original: string, isProject: boolean): YamlHooks {
  const parsed = parseDbtYaml(original);
  const { doc, lineCounter, text } = parsed;
  const error = doc.errors[0];
  if (error !== undefined) {
    const pos = lineCounter.linePos(error.pos[0]);
    return { hooks: [], problem: { line: pos.line, column: pos.col, detail: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') } };
  }
  const root = (doc.contents as YamlNode | null) ?? null;
  const out: HookText[] = [];
  if (!isMap(root)) return { hooks: out, problem: null };
  for (const pair of root.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const value = (pair.value as YamlNode | null) ?? null;
    if (isProject) {
      const kind = hookKind(key);
      if (kind === 'on_run_start' || kind === 'on_run_end') yamlHookValues(text, kind, value, false, out);
      else if (key === 'models' || key === 'seeds' || key === 'snapshots') walkFolders(text, value, out, 0);
    } else if ((key === 'models' || key === 'seeds' || key === 'snapshots') && isSeq(value)) {
      for (const entry of value.items) {
        if (!isMap(entry)) continue;
        const config = entry.items.find((p) => isScalar(p.key) && p.key.value === 'config')?.value as YamlNode | undefined;
        if (config === undefined || !isMap(config)) continue;
        for (const c of config.items) {
          const kind = isScalar(c.key) ? hookKind(String(c.key.value)) : null;
          if (kind === 'pre_hook' || kind === 'post_hook') yamlHookValues(text, kind, (c.value as YamlNode | null) ?? null, true, out);
        }
      }
    }
  }
  // Offsets were taken in the parsed text; a repaired one (see parseDbtYaml) has extra indentation to take out.
  for (const hook of out) hook.offsets = hook.offsets.map(parsed.toOriginal);
  return { hooks: out, problem: null };
}

export { isDbtYamlFile } from '../core/language.js';

// Linting hooks

let hookRules: typeof sqlRules | null = null;

/** Lints each hook with HOOK_RULES and places its findings on the hook's text in the file (`lines`). */
export function lintHooks(hooks: readonly HookText[], lines: LineIndex, config: ResolvedConfig, filename: string): Finding[] {
  hookRules ??= sqlRules.filter((rule) => HOOK_RULES.includes(rule.meta.id));
  const out: Finding[] = [];
  for (const hook of hooks) {
    if (hook.sql.trim() === '') continue;
    const doc = parseSql(hook.sql, { dialect: config.dialect, assumeInTransaction: hook.inTransaction });
    for (const finding of runSqlRules(doc, hookRules, config, filename)) {
      const at = (offset: number): number => hook.offsets[Math.max(0, Math.min(offset, hook.offsets.length - 1))];
      const start = at(finding.range.start.offset);
      const end = finding.range.end.offset > finding.range.start.offset ? at(finding.range.end.offset - 1) + 1 : start;
      // Fixes are written for the hook's own text; with quoting and indentation in between they are not offered.
      const { fix: _fix, suggestions: _suggestions, related: _related, ...rest } = finding;
      out.push({ ...rest, data: { ...finding.data, hook: hook.kind }, range: lines.range(start, Math.max(start, end)) });
    }
  }
  return out;
}
