import type * as fs from 'node:fs';
import * as path from 'node:path';
import type { Ignore } from 'ignore';
import { languageOf } from '../core/language.js';
import { decodeSource } from './encoding.js';
import { NODE_FS, type CliFs } from './io.js';

/** A path argument that names nothing: a usage error, not an empty run. */
export class FileArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileArgumentError';
  }
}

/** A path the walk could not read: it becomes a `file-error` finding, and the walk goes on. */
export interface PathProblem {
  /** Absolute. */
  path: string;
  kind: 'file' | 'directory' | '.gitignore';
  /** The OS reason, e.g. `EACCES: permission denied`. */
  reason: string;
}

export interface CollectOptions {
  fs?: CliFs;
  /** Receives every path that could not be read; without it they are dropped. */
  problems?: PathProblem[];
}

/** The OS reason of a file-system error, without the syscall and path Node appends. */
export function osReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && typeof e.message === 'string') return e.message.split(',')[0];
  return error instanceof Error ? error.message : String(error);
}

/** Never walked into, whatever .gitignore says. */
/** A Python virtualenv (`.venv`) holds installed libraries, not the project's code. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.venv']);

/**
 * The files to lint for the given arguments, absolute and sorted. A named file is taken as named (even
 * when .gitignore lists it) if pipelint lints its extension; directories and globs are walked with
 * .gitignore files applied.
 */
export function collectFiles(patterns: readonly string[], cwd: string, options: CollectOptions = {}): string[] {
  const io = options.fs ?? NODE_FS;
  const problems = options.problems ?? [];
  const found = new Set<string>();
  const walker = new GitignoreWalker(io, problems);
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    let stat: fs.Stats | undefined;
    try {
      stat = io.statSync(absolute, { throwIfNoEntry: false });
    } catch (error) {
      // A named path that exists but cannot be examined (a symbolic link loop, a folder without
      // search permission) is reported for itself; the other arguments are still linted.
      problems.push({ path: absolute, kind: 'file', reason: osReason(error) });
      continue;
    }
    if (stat?.isFile()) {
      if (languageOf(absolute) !== null) found.add(absolute);
    } else if (stat?.isDirectory()) {
      walker.walk(absolute, (file) => found.add(file));
    } else if (isGlob(pattern)) {
      expandGlob(pattern, cwd, walker, found);
    } else {
      throw new FileArgumentError(`No such file or directory: ${pattern}`);
    }
  }
  return [...found].sort();
}

function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern) || /(^|[^\\])[!@+]\(/.test(pattern);
}

function expandGlob(pattern: string, cwd: string, walker: GitignoreWalker, found: Set<string>): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const picomatch = require('picomatch') as typeof import('picomatch');
  const posixPattern = pattern.split(path.sep).join('/').replace(/^\.\//, '');
  const absolutePattern = path.isAbsolute(pattern);
  const base = picomatch.scan(posixPattern).base;
  const root = path.resolve(cwd, base === '' ? '.' : base);
  const matches = picomatch(posixPattern, { dot: false });
  let count = 0;
  if (walker.isDirectory(root)) {
    walker.walk(root, (file) => {
      const candidate = absolutePattern ? file.split(path.sep).join('/') : toPosixRelative(cwd, file);
      if (!matches(candidate)) return;
      found.add(file);
      count++;
    });
  }
  if (count === 0) throw new FileArgumentError(`No files match the pattern '${pattern}'`);
}

export function toPosixRelative(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

/** How reports name a file: relative to the working directory when inside it, absolute otherwise. */
export function displayPath(cwd: string, file: string): string {
  const relative = toPosixRelative(cwd, file);
  return relative.startsWith('../') || path.isAbsolute(relative) ? file : relative;
}

interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

/** Walks directories the way git sees them: every .gitignore from the repository root down applies. */
class GitignoreWalker {
  private readonly layers = new Map<string, IgnoreLayer | null>();

  constructor(
    private readonly fs: CliFs,
    private readonly problems: PathProblem[],
  ) {}

  isDirectory(dir: string): boolean {
    try {
      return this.fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
    } catch {
      return false;
    }
  }

  walk(dir: string, visit: (file: string) => void): void {
    const inherited = this.ancestorLayers(dir);
    if (this.isIgnored(dir, true, inherited)) return;
    this.walkInside(dir, inherited, visit);
  }

  private walkInside(dir: string, inherited: readonly IgnoreLayer[], visit: (file: string) => void): void {
    let entries: fs.Dirent[];
    try {
      entries = this.fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // A folder pipelint may not list (a database's data directory, say) is reported, not fatal.
      this.problems.push({ path: dir, kind: 'directory', reason: osReason(error) });
      return;
    }
    const own = this.layerOf(dir);
    const layers = own === null ? inherited : [...inherited, own];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      // Symbolic links to directories are not followed: they can form cycles.
      const isFile = entry.isFile() || (entry.isSymbolicLink() && this.linksToFile(full, entry.name));
      if (entry.isDirectory()) {
        if (!this.isIgnored(full, true, layers)) this.walkInside(full, layers, visit);
      } else if (isFile && languageOf(full) !== null && !this.isIgnored(full, false, layers)) {
        visit(full);
      }
    }
  }

  /**
   * Whether a symbolic link leads to a file. A link that points nowhere is skipped, as git would see no
   * file there; one that cannot be followed (a loop, no permission) is reported when pipelint would
   * lint a file of its name.
   */
  private linksToFile(full: string, name: string): boolean {
    try {
      return this.fs.statSync(full, { throwIfNoEntry: false })?.isFile() === true;
    } catch (error) {
      if (languageOf(full) !== null) this.problems.push({ path: full, kind: 'file', reason: osReason(error) });
      return false;
    }
  }

  /** Later (deeper) .gitignore files override earlier ones, as in git: a `!pattern` re-includes. */
  private isIgnored(full: string, isDir: boolean, layers: readonly IgnoreLayer[]): boolean {
    let ignored = false;
    for (const layer of layers) {
      const relative = toPosixRelative(layer.dir, full);
      if (relative === '' || relative.startsWith('../')) continue;
      const result = layer.rules.test(isDir ? `${relative}/` : relative);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }

  /** The .gitignore layers above a walk's starting directory, from the repository root down. */
  private ancestorLayers(dir: string): IgnoreLayer[] {
    const ancestors: string[] = [];
    let current = path.dirname(dir);
    let repoRoot: string | null = this.fs.existsSync(path.join(dir, '.git')) ? dir : null;
    while (repoRoot === null) {
      ancestors.unshift(current);
      if (this.fs.existsSync(path.join(current, '.git'))) repoRoot = current;
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    if (repoRoot === null) return [];
    return ancestors.map((a) => this.layerOf(a)).filter((l): l is IgnoreLayer => l !== null);
  }

  private layerOf(dir: string): IgnoreLayer | null {
    const cached = this.layers.get(dir);
    if (cached !== undefined) return cached;
    let layer: IgnoreLayer | null = null;
    const gitignore = path.join(dir, '.gitignore');
    try {
      if (this.fs.statSync(gitignore, { throwIfNoEntry: false })?.isFile()) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const ignore = require('ignore') as typeof import('ignore');
        layer = { dir, rules: ignore().add(decodeSource(this.fs.readFileSync(gitignore)).text) };
      }
    } catch (error) {
      // The folder is still walked, without the patterns pipelint could not read; the report says so.
      this.problems.push({ path: gitignore, kind: '.gitignore', reason: osReason(error) });
    }
    this.layers.set(dir, layer);
    return layer;
  }
}
