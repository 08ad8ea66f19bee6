#!/usr/bin/env node
'use strict';
// An install from a git checkout (pre-commit's `language: node`, `npm install <git url>`) has no
// compiled engine or language server, so build them here. Not a `prepare` script: pre-commit 3
// reads the tarball name from `npm pack`'s stdout, which a prepare script's banner corrupts.
// Package tarballs ship rules/out and server/out, so there this does nothing.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
// Building server/ builds rules/ too (a project reference): bin/pipelint.js needs the one,
// bin/pipelint-language-server.js the other.
const entries = [path.join(root, 'rules', 'out', 'cli', 'main.js'), path.join(root, 'server', 'out', 'main.js')];
const isBuilt = () => entries.every((entry) => fs.existsSync(entry));
const hasSources = fs.existsSync(path.join(root, 'server', 'tsconfig.json'));
if (!hasSources) process.exit(0);
if (isBuilt()) {
  bundle();
  process.exit(0);
}

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  process.exit(0);
}
// tsc emits JavaScript even when it reports type errors (an install without devDependencies
// lacks @types/node), so only a missing entry point is worth a word.
const run = spawnSync(process.execPath, [tsc, '-b', path.join(root, 'server')], { encoding: 'utf8' });
if (!isBuilt()) {
  console.warn(`pipelint: could not build rules/ and server/ after install:\n${run.stdout}${run.stderr}`);
} else {
  bundle();
}

/**
 * The one-file bundles bin/ starts from (scripts/bundle-bins.mjs). It needs esbuild, a devDependency:
 * without it, or when it fails, bin/ loads the compiled modules, only slower to start.
 */
function bundle() {
  const script = path.join(root, 'scripts', 'bundle-bins.mjs');
  if (!fs.existsSync(script)) return;
  spawnSync(process.execPath, [script], { encoding: 'utf8' });
}
