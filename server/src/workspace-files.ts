import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { languageOf } from '@pipelint/engine';

/** A Python virtualenv (`.venv`) holds installed libraries, not the project's code. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '.venv']);

type Ignorer = (relativePath: string, isDir: boolean) => boolean;

async function rootGitignore(root: string): Promise<Ignorer> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, '.gitignore'), 'utf8');
  } catch {
    return () => false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ignore = require('ignore') as typeof import('ignore');
  const matcher = ignore().add(text);
  return (relative, isDir) => matcher.ignores(isDir ? relative + '/' : relative);
}

/**
 * Every file under `root` that pipelint lints, skipping VCS folders, node_modules and what the root
 * .gitignore lists (nested .gitignore files are not read: cheap beats exact here).
 */
export async function lintableFiles(root: string, isCancelled: () => boolean = () => false): Promise<string[]> {
  const ignored = await rootGitignore(root);
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0 && !isCancelled()) {
    const dir = pending.pop() as string;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (!ALWAYS_SKIPPED.has(entry.name) && !ignored(relative, true)) pending.push(full);
      } else if (entry.isFile() && languageOf(full) !== null && !ignored(relative, false)) {
        files.push(full);
      }
    }
  }
  return files.sort();
}
