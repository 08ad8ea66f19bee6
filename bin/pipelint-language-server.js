#!/usr/bin/env node
'use strict';
const path = require('node:path');
const { load } = require('./load.js');

const server = path.dirname(require.resolve('@pipelint/language-server/package.json'));
load(path.join(server, 'out', 'bundle.js'), path.join(server, 'src'), '@pipelint/language-server/main');
