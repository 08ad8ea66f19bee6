import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectFiles, displayPath, FileArgumentError } from '@pipelint/engine/internal/cli/files.js';
import { makeTree, removeTree } from './helpers.js';

describe('finding the files to lint', () => {
  let root: string;
  const relative = (files: string[]): string[] => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

  before(() => {
    root = makeTree({
      '.gitignore': 'build/\n*.tmp.sql\n',
      'models/orders.sql': '',
      'models/orders.tmp.sql': '',
      'models/README.md': '',
      'models/staging/.gitignore': 'scratch.sql\n!keep.tmp.sql\n',
      'models/staging/scratch.sql': '',
      'models/staging/keep.tmp.sql': '',
      'models/staging/stg_orders.sql': '',
      'jobs/export.ts': '',
      'jobs/types.d.ts': '',
      'build/out.sql': '',
      'node_modules/pkg/x.sql': '',
    });
    fs.mkdirSync(path.join(root, '.git'));
    fs.writeFileSync(path.join(root, '.git', 'hook.sql'), '');
  });
  after(() => removeTree(root));

  it('walks a directory, applying nested .gitignore files and skipping node_modules and .git', () => {
    assert.deepEqual(relative(collectFiles(['.'], root)), [
      'jobs/export.ts',
      'models/orders.sql',
      'models/staging/keep.tmp.sql',
      'models/staging/stg_orders.sql',
    ]);
  });

  it('applies .gitignore files above a subdirectory that is walked', () => {
    assert.deepEqual(relative(collectFiles(['models'], root)), ['models/orders.sql', 'models/staging/keep.tmp.sql', 'models/staging/stg_orders.sql']);
  });

  it('lints a named file even when .gitignore lists it, and skips named files of other languages', () => {
    assert.deepEqual(relative(collectFiles(['build/out.sql', 'models/README.md', 'jobs/types.d.ts'], root)), ['build/out.sql']);
  });

  it('expands quoted globs itself, relative to the working directory', () => {
    assert.deepEqual(relative(collectFiles(['models/**/*.sql'], root)), ['models/orders.sql', 'models/staging/keep.tmp.sql', 'models/staging/stg_orders.sql']);
    assert.deepEqual(relative(collectFiles(['./jobs/*.ts'], root)), ['jobs/export.ts']);
  });

  it('lists each file once, sorted, when arguments overlap', () => {
    assert.deepEqual(relative(collectFiles(['models/orders.sql', 'models', 'models/*.sql'], root)), [
      'models/orders.sql',
      'models/staging/keep.tmp.sql',
      'models/staging/stg_orders.sql',
    ]);
  });

  it('fails on a named file that does not exist and on a glob that matches nothing', () => {
    assert.throws(() => collectFiles(['models/missing.sql'], root), (e: unknown) => e instanceof FileArgumentError && e.message === 'No such file or directory: models/missing.sql');
    assert.throws(() => collectFiles(['nowhere/**/*.sql'], root), (e: unknown) => e instanceof FileArgumentError && e.message === "No files match the pattern 'nowhere/**/*.sql'");
  });

  it('names files inside the working directory relatively and others absolutely', () => {
    assert.equal(displayPath(root, path.join(root, 'models', 'orders.sql')), 'models/orders.sql');
    assert.equal(displayPath(path.join(root, 'models'), path.join(root, 'jobs', 'export.ts')), path.join(root, 'jobs', 'export.ts'));
  });
});
