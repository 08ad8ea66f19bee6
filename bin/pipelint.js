#!/usr/bin/env node
'use strict';
require('@pipelint/engine/cli').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
