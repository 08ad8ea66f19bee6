import * as path from 'node:path';
import { osReason } from './files.js';
import { NODE_FS, type CliFs } from './io.js';

/** A report, diff or baseline that could not be written: one line with the path and the OS reason, exit 2. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/**
 * Writes an output file, creating its missing parent folders when asked. Any failure (no space, no
 * permission, a parent that is a file) is an OutputError naming `display`.
 */
export function writeOutput(file: string, content: string, display: string, options: { createDirs: boolean; fs?: CliFs }): void {
  const io = options.fs ?? NODE_FS;
  try {
    if (options.createDirs) makeParents(io, path.dirname(file));
    io.writeFileSync(file, content);
  } catch (error) {
    throw new OutputError(`cannot write ${display}: ${osReason(error)}`);
  }
}

/**
 * mkdir -p, one level at a time. Node's recursive mkdir loops forever where mkdir fails with ENOENT
 * under an existing parent (/proc/x), taking ENOENT to mean the parent is missing and retrying.
 */
function makeParents(io: CliFs, dir: string): void {
  const missing: string[] = [];
  for (let current = dir; !io.existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) io.mkdirSync(folder);
}
