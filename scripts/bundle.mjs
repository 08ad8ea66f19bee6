// Bundles the compiled extension client and language server into dist/ for the .vsix (run `npm run bundle`).
import { build } from 'esbuild';
import { statSync } from 'node:fs';
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

const bundles = [
  // `vscode` is provided by the editor at run time.
  { entryPoints: ['client/out/extension.js'], outfile: 'dist/extension.js', external: ['vscode'] },
  // jiti only loads eslint.config.ts files; pipelint drives ESLint's Linter directly and never reaches it.
  { entryPoints: ['server/out/main.js'], outfile: 'dist/server.js', external: ['jiti', 'jiti/package.json'] },
];

await Promise.all(bundles.map((options) => build({ ...common, ...options })));
for (const { outfile } of bundles) {
  console.log(`${outfile}  ${(statSync(join(root, outfile)).size / 1024).toFixed(0)} KB`);
}
