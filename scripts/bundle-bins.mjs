// Bundles the compiled CLI and language server into one file each (rules/out/cli/bundle.js,
// server/out/bundle.js), which bin/ loads through bin/load.js with a V8 code cache. One file instead of
// ~100 saves the module resolution and most of the compile work of every start. The TypeScript half
// (ESLint, typescript-eslint, TypeScript) stays outside, loaded from rules/out/ts on first use, so an SQL
// run never compiles it. Each bundle is written with a list of its inputs (name, size, mtime): bin/load.js
// uses a bundle only while every input is unchanged, so a `tsc -b` after an edit is never shadowed by an
// old bundle. Run by `npm run build` and after install; without esbuild it does nothing and bin/ loads the
// compiled files. Usage: node scripts/bundle-bins.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  process.exit(0);
}

const RULES_OUT = join(root, 'rules', 'out') + sep;
const TS_DIR = join(RULES_OUT, 'ts') + sep;

/**
 * Modules under rules/out/ts stay separate files: the CLI's bundle (inside rules/out) requires them by
 * their relative path, the server's by the engine's package path, which holds wherever npm put the engine.
 */
function lazyTypeScript(outDir) {
  return {
    name: 'lazy-typescript',
    setup(build) {
      build.onResolve({ filter: /\/ts\// }, (args) => {
        if (args.kind !== 'require-call' || !args.path.startsWith('.')) return undefined;
        const full = join(args.resolveDir, args.path);
        if (!full.startsWith(TS_DIR)) return undefined;
        if (!(outDir + sep).startsWith(RULES_OUT)) return { path: `@pipelint/engine/internal/${relative(RULES_OUT, full).split(sep).join('/')}`, external: true };
        let target = relative(outDir, full).split(sep).join('/');
        if (!target.startsWith('.')) target = `./${target}`;
        return { path: target, external: true };
      });
    },
  };
}

/**
 * `__dirname` in a bundled module means the bundle's folder; each of pipelint's own modules gets its
 * original folder back (relative to the bundle, so the pair can move together), since some find files
 * beside them: docs/, package.json, the schema.
 */
function originalDirname(outDir) {
  return {
    name: 'original-dirname',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`) || dirname(args.path) === outDir) return undefined;
        const contents = readFileSync(args.path, 'utf8');
        if (!contents.includes('__dirname')) return undefined;
        const from = JSON.stringify(relative(outDir, dirname(args.path)).split(sep).join('/'));
        return { contents: contents.replace(/\b__dirname\b/g, `require("node:path").join(__dirname, ${from})`), loader: 'js' };
      });
    },
  };
}

const BINS = [
  { entry: 'rules/out/cli/main.js', outfile: 'rules/out/cli/bundle.js' },
  { entry: 'server/out/main.js', outfile: 'server/out/bundle.js' },
];

async function bundle({ entry, outfile }) {
  const entryPath = join(root, entry);
  if (!existsSync(entryPath)) return;
  const out = join(root, outfile);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entryPath],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Kept readable: stack traces of an internal error should name real functions.
    minify: false,
    keepNames: false,
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
    // jiti only loads eslint.config.ts files; pipelint never reaches it.
    external: ['jiti', 'jiti/package.json'],
    plugins: [lazyTypeScript(dirname(out)), originalDirname(dirname(out))],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => join(root, input))
    .filter((file) => existsSync(file))
    .sort()
    .map((file) => {
      const stat = statSync(file);
      return [relative(dirname(out), file).split(sep).join('/'), stat.size, stat.mtimeMs];
    });
  writeFileSync(`${out}.inputs.json`, JSON.stringify(inputs));
  const size = readFileSync(out).length;
  console.log(`${relative(root, out)}  ${(size / 1024).toFixed(0)} KB from ${inputs.length} files`);
}

for (const bin of BINS) await bundle(bin);

// A first run writes the CLI's code cache with the functions it compiled, so the cache holds the SQL
// path of a lint rather than whatever the user's first command happens to be. Old caches go first.
const cli = join(root, 'rules', 'out', 'cli');
for (const name of existsSync(cli) ? readdirSync(cli) : []) if (name.endsWith('.v8cache')) rmSync(join(cli, name), { force: true });
// SQL only: the TypeScript half is not in the bundle, and loading it would only slow the build.
const warmUp = ['warehouse', 'dbt'].map((dir) => join(root, 'examples', dir)).filter((dir) => existsSync(dir));
if (existsSync(join(cli, 'bundle.js')) && warmUp.length > 0) {
  spawnSync(process.execPath, [join(root, 'bin', 'pipelint.js'), '--format', 'json', ...warmUp], { cwd: root, stdio: 'ignore', env: { ...process.env, PIPELINT_NO_BUNDLE: '0', PIPELINT_NO_CODE_CACHE: '0' } });
}
