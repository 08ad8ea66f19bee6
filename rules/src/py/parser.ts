import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language as TsLanguage, Node, Parser as TsParser, Tree } from 'web-tree-sitter';

export type { Node as PyNode, Tree as PyTree } from 'web-tree-sitter';

/**
 * The Python parser: tree-sitter's Python grammar run by web-tree-sitter (WebAssembly, no native build). Its
 * WASM is compiled once per process and only when a Python file is linted, so SQL and TypeScript runs never pay
 * for it; compiling is asynchronous, so a caller awaits `ensurePython()` before linting a `.py` file.
 */

let parser: TsParser | null = null;
let loading: Promise<void> | null = null;
let loadMs = 0;

/** How many times this process loaded the parser (0 or 1): tests check that SQL-only runs leave it at 0. */
export let pythonLoadCount = 0;

/** Thrown when a Python file is linted before `ensurePython()` resolved: a caller's mistake, said plainly. */
export class PythonNotLoadedError extends Error {
  constructor() {
    super('The Python parser is not loaded: await ensurePython() (from @pipelint/engine) before linting a .py file.');
    this.name = 'PythonNotLoadedError';
  }
}

/** Where the grammar's .wasm lies: beside a bundle (dist/), else in the tree-sitter-python package. */
function wasmFile(name: 'tree-sitter.wasm' | 'tree-sitter-python.wasm'): string {
  const beside = path.join(__dirname, name);
  if (fs.existsSync(beside)) return beside;
  return name === 'tree-sitter.wasm' ? require.resolve('web-tree-sitter/tree-sitter.wasm') : require.resolve('tree-sitter-python/tree-sitter-python.wasm');
}

/** Loads the parser once; later calls resolve at once. Rejects (and may be retried) when the WASM cannot be read. */
export function ensurePython(): Promise<void> {
  if (parser) return Promise.resolve();
  loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function load(): Promise<void> {
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use only.
  const ts = require('web-tree-sitter') as typeof import('web-tree-sitter');
  const runtime = fs.readFileSync(wasmFile('tree-sitter.wasm'));
  await ts.Parser.init({ wasmBinary: runtime });
  const language: TsLanguage = await ts.Language.load(fs.readFileSync(wasmFile('tree-sitter-python.wasm')));
  const created = new ts.Parser();
  created.setLanguage(language);
  parser = created;
  pythonLoadCount += 1;
  loadMs = performance.now() - started;
}

export function isPythonReady(): boolean {
  return parser !== null;
}

/** Milliseconds the last load took (0 before it): `npm run bench` reports it. */
export function pythonLoadMs(): number {
  return loadMs;
}

/** Parses Python source; error-tolerant (syntax errors become ERROR / MISSING nodes). Needs `ensurePython()` first. */
export function parsePythonTree(text: string): Tree {
  if (!parser) throw new PythonNotLoadedError();
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export type { Node };
