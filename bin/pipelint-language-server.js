#!/usr/bin/env node
'use strict';
require('@pipelint/language-server/main');
