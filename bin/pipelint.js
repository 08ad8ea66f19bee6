#!/usr/bin/env node
'use strict';
const path = require('node:path');
const { load } = require('./load.js');

const engine = path.dirname(require.resolve('@pipelint/engine/package.json'));
load(path.join(engine, 'out', 'cli', 'bundle.js'), path.join(engine, 'src'), '@pipelint/engine/cli')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
