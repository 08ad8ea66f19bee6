'use strict';
// Loads an entry point of pipelint: its one-file bundle (scripts/bundle-bins.mjs) when it is there and
// every file it was built from is unchanged, compiled with a V8 code cache kept beside it; otherwise the
// compiled module itself. The cache only saves compile work: V8 checks it against the source and the
// Node version, and a cache it rejects, or one that cannot be read or written, just means compiling.
const fs = require('node:fs');
const path = require('node:path');

/** The mtime npm gives every file it packs (1985-10-26T08:15:00Z): a development build never has it. */
const NPM_PACKED_MTIME = Date.UTC(1985, 9, 26, 8, 15, 0);

/**
 * Whether the bundle's inputs (name, size, mtime) are what they were when it was built. A package
 * without sources (no src/ beside out/) cannot be rebuilt, so there the bundle is taken as it is; in an
 * unpacked npm tarball every mtime is npm's, so there the sizes are compared.
 */
function isFresh(bundle, sources) {
  if (!fs.existsSync(sources)) return fs.existsSync(`${bundle}.inputs.json`);
  const packed = fs.statSync(bundle).mtimeMs === NPM_PACKED_MTIME;
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(`${bundle}.inputs.json`, 'utf8'));
  } catch {
    return false;
  }
  const dir = path.dirname(bundle);
  for (const [file, size, mtimeMs] of inputs) {
    const stat = fs.statSync(path.join(dir, file), { throwIfNoEntry: false });
    if (stat === undefined || stat.size !== size || (stat.mtimeMs !== mtimeMs && !packed)) return false;
  }
  return true;
}

/** The cache file: named by the Node version and the bundle's size and mtime, so a stale one is never read. */
function cachePath(bundle, stat) {
  return `${bundle}.${process.version}-${process.arch}-${stat.size}-${Math.round(stat.mtimeMs)}.v8cache`;
}

function loadBundle(bundle) {
  const Module = require('node:module');
  const vm = require('node:vm');
  const stat = fs.statSync(bundle);
  const source = fs.readFileSync(bundle, 'utf8');
  const cacheFile = cachePath(bundle, stat);
  const useCache = process.env.PIPELINT_NO_CODE_CACHE !== '1';
  let cachedData;
  try {
    cachedData = useCache ? fs.readFileSync(cacheFile) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  Module._cache[bundle] = mod;
  if (useCache && (cachedData === undefined || script.cachedDataRejected === true)) {
    // Written at exit, so that it holds the functions this run compiled, not only the top level.
    process.once('exit', () => writeCache(script, cacheFile, bundle));
  }
  const wrapper = script.runInThisContext();
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  return mod.exports;
}

function writeCache(script, cacheFile, bundle) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, cacheFile);
    // Caches of earlier builds of this bundle are no use any more.
    const dir = path.dirname(bundle);
    const prefix = `${path.basename(bundle)}.`;
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.v8cache') && path.join(dir, name) !== cacheFile) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // A read-only install: every run compiles, as without a cache.
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing left to do.
    }
  }
}

/**
 * `bundle` is the bundle's path, `sources` the folder it is compiled from, `fallback` the module to require without it. PIPELINT_NO_BUNDLE=1
 * loads the compiled modules (to compare, or to debug with real file names); PIPELINT_NO_CODE_CACHE=1
 * loads the bundle without the code cache.
 */
function load(bundle, sources, fallback) {
  if (process.env.PIPELINT_NO_BUNDLE !== '1' && fs.existsSync(bundle) && isFresh(bundle, sources)) {
    try {
      return loadBundle(bundle);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  return require(fallback);
}

module.exports = { load };
