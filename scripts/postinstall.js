#!/usr/bin/env node
'use strict';
// An install from a git checkout (pre-commit's `language: node`, `npm install <git url>`) has no
// compiled engine, so build it here. Not a `prepare` script: pre-commit 3 reads the tarball name
// from `npm pack`'s stdout, which a prepare script's banner corrupts. Package tarballs ship
// rules/out, so there this does nothing.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const entry = path.join(root, 'rules', 'out', 'cli', 'main.js');
const built = fs.existsSync(entry);
const hasSources = fs.existsSync(path.join(root, 'rules', 'tsconfig.json'));
if (built || !hasSources) process.exit(0);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  process.exit(0);
}
// tsc emits JavaScript even when it reports type errors (an install without devDependencies
// lacks @types/node), so only a missing entry point is worth a word.
const run = spawnSync(process.execPath, [tsc, '-b', path.join(root, 'rules')], { encoding: 'utf8' });
if (!fs.existsSync(entry)) {
  console.warn(`pipelint: could not build rules/ after install:\n${run.stdout}${run.stderr}`);
}
