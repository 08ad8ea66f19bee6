import { projectFingerprint } from '../project/dbt-project.js';
import { createHash } from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedConfig } from '../core/config.js';
import type { Finding } from '../core/types.js';
import type { Language } from '../engine.js';
import { displayPath, osReason } from './files.js';
import type { CliFs, Writer } from './io.js';

/** The cache file inside a `--cache-location` directory (and the default one). */
export const CACHE_FILE_NAME = 'lint-results.json';
export const DEFAULT_CACHE_DIRECTORY = path.join('node_modules', '.cache', 'pipelint');

/** Bumped when the layout of the cache file changes. */
const FORMAT = 1;

/** What a cached lint gives back: everything a report needs except the text, which the run has read. */
export interface CachedResult {
  language: Language;
  findings: Finding[];
  suppressedCount: number;
}

interface Entry {
  /** Hash of the identity, the file name, the resolved config and the text. */
  key: string;
  /** The result as JSON text: parsed only when used. */
  result: string;
  /** Hash of key and result: an entry damaged on disk is detected and ignored. */
  digest: string;
}

interface CacheFile {
  format: number;
  identity: string;
  entries: Record<string, Entry>;
}

/**
 * The cache file: `location` names a file, or a directory (an existing one, or a path ending in a
 * separator) that holds `lint-results.json`.
 */
export function cacheFilePath(cwd: string, location: string | undefined, fs: CliFs): string {
  const given = location ?? DEFAULT_CACHE_DIRECTORY + path.sep;
  const absolute = path.resolve(cwd, given);
  const isDirectory = /[\\/]$/.test(given) || fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory() === true;
  return isDirectory ? path.join(absolute, CACHE_FILE_NAME) : absolute;
}

/**
 * Lint results from earlier runs, keyed by a hash of everything a result depends on: the text, the
 * file name (rules read the path), the configuration resolved for the file, and the identity of the
 * engine (its version and the build of its compiled files). The cache can only save work: a missing,
 * damaged or unreadable cache file means the files are linted, with a notice, and never a different
 * report.
 */
export class LintCache {
  private readonly entries = new Map<string, Entry>();
  /** Entries looked up or recorded in this run, by absolute path. */
  private readonly touched = new Set<string>();
  private dirty = false;
  hits = 0;
  misses = 0;

  private constructor(
    readonly file: string,
    private readonly identity: string,
    private readonly cwd: string,
    private readonly fs: CliFs,
    private readonly notices: Writer,
  ) {}

  /** Opens the cache file; a problem with it is a notice on `notices`, and an empty cache. */
  static open(file: string, options: { identity: string; cwd: string; fs: CliFs; notices: Writer }): LintCache {
    const cache = new LintCache(file, options.identity, options.cwd, options.fs, options.notices);
    cache.load();
    return cache;
  }

  private load(): void {
    let text: string;
    try {
      text = this.fs.readFileSync(this.file, 'utf8') as string;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.notice(`cannot read the cache file ${this.shown()} (${osReason(error)}); linting every file`);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.notice(`the cache file ${this.shown()} is damaged (not JSON); ignoring it and linting every file`);
      this.dirty = true;
      return;
    }
    if (!isCacheFile(parsed)) {
      this.notice(`the cache file ${this.shown()} is not a pipelint cache of this format; ignoring it and linting every file`);
      this.dirty = true;
      return;
    }
    // Another version or build of pipelint: its results may differ, so none is used, silently.
    if (parsed.format !== FORMAT || parsed.identity !== this.identity) {
      this.dirty = true;
      return;
    }
    let damaged = 0;
    for (const [file, entry] of Object.entries(parsed.entries)) {
      if (isEntry(entry) && entry.digest === digestOf(entry.key, entry.result)) this.entries.set(file, entry);
      else damaged++;
    }
    if (damaged > 0) {
      this.notice(`${damaged === 1 ? '1 entry' : `${damaged} entries`} of the cache file ${this.shown()} ${damaged === 1 ? 'is' : 'are'} damaged; ${damaged === 1 ? 'that file is' : 'those files are'} linted again`);
      this.dirty = true;
    }
  }

  /** The key of a text linted as `filename` with `config`. */
  keyOf(filename: string, config: ResolvedConfig, text: string): string {
    // A dbt model's result also depends on its project's YAML files and manifest.
    const project = projectFingerprint(filename);
    return createHash('sha256').update(this.identity).update('\0').update(filename).update('\0').update(this.configJson(config)).update('\0').update(text).update('\0').update(project).digest('hex');
  }

  /** Configs are shared by every file under them: each is serialised once per run. */
  private readonly configJsons = new WeakMap<ResolvedConfig, string>();

  private configJson(config: ResolvedConfig): string {
    let json = this.configJsons.get(config);
    if (json === undefined) {
      json = stableJson(config);
      this.configJsons.set(config, json);
    }
    return json;
  }

  /** The cached result for this exact input, or undefined. */
  lookup(filename: string, key: string): CachedResult | undefined {
    this.touched.add(filename);
    const entry = this.entries.get(filename);
    if (entry === undefined || entry.key !== key) {
      this.misses++;
      return undefined;
    }
    let result: unknown;
    try {
      result = JSON.parse(entry.result);
    } catch {
      result = undefined;
    }
    if (!isCachedResult(result)) {
      // The digest matched, so this is a cache written by a faulty build: lint the file again.
      this.entries.delete(filename);
      this.dirty = true;
      this.misses++;
      return undefined;
    }
    this.hits++;
    return result;
  }

  record(filename: string, key: string, result: CachedResult): void {
    this.touched.add(filename);
    const json = JSON.stringify({ language: result.language, findings: result.findings, suppressedCount: result.suppressedCount });
    const previous = this.entries.get(filename);
    if (previous !== undefined && previous.key === key && previous.result === json) return;
    this.entries.set(filename, { key, result: json, digest: digestOf(key, json) });
    this.dirty = true;
  }

  /**
   * Writes the cache file when something changed: entries of files this run did not lint are kept
   * while their file exists. Written to a temporary file and renamed, so a reader never sees half of
   * it. A failure is a notice: the report is not affected.
   */
  save(): void {
    for (const file of [...this.entries.keys()]) {
      if (this.touched.has(file) || this.fs.existsSync(file)) continue;
      this.entries.delete(file);
      this.dirty = true;
    }
    if (!this.dirty) return;
    const content: CacheFile = { format: FORMAT, identity: this.identity, entries: Object.fromEntries(this.entries) };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      this.fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.fs.writeFileSync(temporary, JSON.stringify(content));
      this.fs.renameSync(temporary, this.file);
      this.dirty = false;
    } catch (error) {
      this.notice(`cannot write the cache file ${this.shown()} (${osReason(error)}); the results were not cached`);
      try {
        this.fs.rmSync(temporary, { force: true });
      } catch {
        // Nothing more to do: the notice is out and the report stands.
      }
    }
  }

  private shown(): string {
    return displayPath(this.cwd, this.file);
  }

  private notice(text: string): void {
    this.notices.write(`pipelint: ${text}\n`);
  }
}

function digestOf(key: string, result: string): string {
  return createHash('sha256').update(key).update('\0').update(result).digest('hex');
}

/** JSON with object keys sorted, so the same configuration always gives the same key. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isCacheFile(value: unknown): value is CacheFile {
  return isObject(value) && typeof value.format === 'number' && typeof value.identity === 'string' && isObject(value.entries);
}

function isEntry(value: unknown): value is Entry {
  return isObject(value) && typeof value.key === 'string' && typeof value.result === 'string' && typeof value.digest === 'string';
}

function isCachedResult(value: unknown): value is CachedResult {
  return (
    isObject(value) &&
    (value.language === 'sql' || value.language === 'ts' || value.language === 'py') &&
    typeof value.suppressedCount === 'number' &&
    Array.isArray(value.findings) &&
    value.findings.every((f) => isObject(f) && typeof f.ruleId === 'string' && typeof f.message === 'string' && isObject(f.range))
  );
}

let buildIdentity: string | undefined;

/**
 * The version and the build of the engine: the names, sizes and modification times of its compiled
 * files. A rebuilt engine (a changed rule, say) gets a new identity, so it never serves results an
 * older build computed, even under the same version number.
 */
export function engineIdentity(version: string): string {
  if (buildIdentity === undefined) {
    const root = path.resolve(__dirname, '..');
    const hash = createHash('sha256');
    for (const file of compiledFiles(root)) {
      const stat = nodeFs.statSync(file);
      hash.update(`${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
    buildIdentity = hash.digest('hex').slice(0, 32);
  }
  return `${version}+${buildIdentity}`;
}

function compiledFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of nodeFs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...compiledFiles(full));
    else if (entry.name.endsWith('.js') || entry.name.endsWith('.json')) files.push(full);
  }
  return files;
}
