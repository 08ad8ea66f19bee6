// Packs the VS Code extension (run `npm run package`, after `npm run bundle`).
//
// The root package.json is both the npm package's manifest and the extension's. Its `files` list says what
// the npm tarball ships; vsce refuses a manifest that has both `files` and a .vscodeignore, and the
// extension ships something else (the bundles in dist/). So vsce runs on a staged copy of exactly what
// .vscodeignore lets through, with a manifest that differs from the real one only by having no `files`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, '.vsix-stage');
const STAGED = ['.vscodeignore', 'README.md', 'LICENSE', 'pipelint.schema.json', 'syntaxes', 'dist'];

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
delete manifest.files;
// Relative links and images in the README resolve against the repository the manifest names.
const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage);
try {
  for (const item of STAGED) if (existsSync(join(root, item))) cpSync(join(root, item), join(stage, item), { recursive: true });
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
  const args = ['package', '--no-dependencies', '--skip-license', '--baseContentUrl', `${repository}/blob/main`, '--baseImagesUrl', `${repository}/raw/main`, '--out', join(root, 'pipelint.vsix')];
  const run = spawnSync(process.execPath, [vsce, ...args], { cwd: stage, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
