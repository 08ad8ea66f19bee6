'use strict';
// ESLint parse-only, the reference of pipelint's TypeScript figures: ESLint's Linter with the
// typescript-eslint parser and no rules over every .ts/.tsx file under the given folder, as one process.
// Run: node bench/eslint-parse-only.js <dir>
const fs = require('node:fs');
const path = require('node:path');
const { Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');

function files(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

const linter = new Linter({ configType: 'flat' });
const config = [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } }];
let messages = 0;
for (const file of files(path.resolve(process.argv[2] ?? '.'))) messages += linter.verify(fs.readFileSync(file, 'utf8'), config, { filename: file }).length;
process.stdout.write(`${messages} parse messages\n`);
