'use strict';
// TypeScript on pipeline-heavy code: the test corpus (test/fixtures/ts-corpus, real-shaped pipeline code, safe and
// unsafe) linted 20 times per round by pipelint's lintTypeScript and by ESLint parse-only (same parser, no rules), in
// CPU time, rounds alternating. Records each round's ratio (first and median), and counts how often the embedded-SQL
// analysis parses SQL per pass over the corpus (target: once per SQL-writing function, only for the rule that needs
// it). Target (issue 11): <= 1.10x parse-only. Run: npm run bench -- ts-corpus, or node bench/ts-corpus.bench.js
const fs = require('node:fs');
const path = require('node:path');
const { Linter } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const { DEFAULT_CONFIG } = require('@pipelint/engine');
const { lintTypeScript } = require('@pipelint/engine/internal/ts/lint.js');
const sqlParse = require('@pipelint/engine/internal/sql/parse.js');
const { recordValue } = require('./figures.js');

const CORPUS = path.join(__dirname, '..', 'test', 'fixtures', 'ts-corpus');
const REPEAT = 20;
const ROUNDS = 5;

function corpusFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(entry.name)) files.push({ filename: `/bench/corpus/${path.relative(CORPUS, full)}`, text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(CORPUS);
  return files;
}

const linter = new Linter({ configType: 'flat', cwd: '/' });
const PARSE_ONLY = [
  {
    files: ['**/*.ts', '**/*.js'],
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    rules: {},
  },
];

const MODES = {
  parse: (file) => linter.verify(file.text, PARSE_ONLY, { filename: file.filename }),
  pipelint: (file) => lintTypeScript(file.text, file.filename, DEFAULT_CONFIG),
};

function cpuMs(files, fn) {
  const start = process.cpuUsage();
  for (let i = 0; i < REPEAT; i++) for (const file of files) fn(file);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** parseSql calls during one pipelint pass over the corpus, counted by wrapping the module export the rules call. */
function sqlParsesPerPass(files) {
  const original = sqlParse.parseSql;
  let calls = 0;
  sqlParse.parseSql = (...args) => {
    calls++;
    return original(...args);
  };
  try {
    for (const file of files) MODES.pipelint(file);
  } finally {
    sqlParse.parseSql = original;
  }
  return calls;
}

function main() {
  const files = corpusFiles();
  const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  const ratios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['parse', 'pipelint'] : ['pipelint', 'parse'];
    const times = {};
    for (const name of order) times[name] = cpuMs(files, MODES[name]);
    ratios.push(times.pipelint / times.parse);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const medianRatio = sorted[Math.floor(sorted.length / 2)];
  const parses = sqlParsesPerPass(files);
  recordValue('ts.corpusX20.vsEslintParseOnly', medianRatio, { first: ratios[0], rounds: ratios, files: files.length, lines: lines * REPEAT });
  recordValue('ts.corpus.sqlParsesPerPass', parses, { files: files.length });
  console.log(`TS test corpus x${REPEAT} (${files.length} files, ${(lines * REPEAT).toLocaleString('en-US')} lines per round), pipelint CPU / ESLint parse-only CPU:`);
  console.log(`  first round ${ratios[0].toFixed(2)}x, median ${medianRatio.toFixed(2)}x of ${ROUNDS} rounds (min ${sorted[0].toFixed(2)}x)   target <= 1.10x`);
  console.log(`  embedded SQL parsed ${parses} times per pass over ${files.length} files`);
}

module.exports = main;
if (require.main === module) main();
