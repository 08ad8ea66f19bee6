// Bundles the compiled extension client and language server into dist/ for the .vsix (run `npm run bundle`).
import { build } from 'esbuild';
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  logLevel: 'warning',
};

const RULES_OUT = join(root, 'rules', 'out');
const TS_ENTRY_POINTS = new Set(['./ts/lint.js', './ts/rules/index.js']);

/**
 * The engine loads its TypeScript half (ESLint, typescript-eslint, TypeScript: most of the bytes) with a
 * lazy require. Keeping that half in its own file, dist/ts.js, spares every server start from compiling
 * it, even for users who only lint SQL.
 */
const lazyTypeScript = {
  name: 'lazy-typescript',
  setup(b) {
    b.onResolve({ filter: /^\.\/ts\/(lint|rules\/index)\.js$/ }, (args) => {
      if (args.resolveDir !== RULES_OUT || !TS_ENTRY_POINTS.has(args.path)) return undefined;
      return { path: './ts.js', external: true };
    });
  },
};

// jiti only loads eslint.config.ts files; pipelint drives ESLint's Linter directly and never reaches it.
const ESLINT_UNUSED = ['jiti', 'jiti/package.json'];

const bundles = [
  // `vscode` is provided by the editor at run time.
  { entryPoints: ['client/out/extension.js'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/out/main.js'], outfile: 'dist/server.js', plugins: [lazyTypeScript] },
  {
    stdin: {
      contents: "module.exports = { ...require('./lint.js'), ...require('./rules/index.js') };",
      resolveDir: join(RULES_OUT, 'ts'),
      sourcefile: 'ts-entry.js',
    },
    outfile: 'dist/ts.js',
    external: ESLINT_UNUSED,
  },
];

// Files left from an earlier build would otherwise end up in the .vsix.
rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all(bundles.map((options) => build({ ...common, ...options })));
// The Python parser's WebAssembly: the engine looks beside its bundle first (rules/src/py/parser.ts).
const require = createRequire(import.meta.url);
for (const [name, from] of [
  ['tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm'],
  ['tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'],
]) {
  copyFileSync(require.resolve(from), join(root, 'dist', name));
  console.log(`dist/${name}  ${(statSync(join(root, 'dist', name)).size / 1024).toFixed(0)} KB`);
}
for (const { outfile } of bundles) {
  console.log(`${outfile}  ${(statSync(join(root, outfile)).size / 1024).toFixed(0)} KB`);
}
