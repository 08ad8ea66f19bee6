import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { changedFiles, GitError } from '@pipelint/engine/internal/cli/git.js';
import { git, initRepo, removeDir, tempDir } from './helpers.js';

function write(dir: string, name: string, text = 'SELECT 1;\n'): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

describe('changed files from git', () => {
  let repo: string;
  const rel = (files: string[]): string[] => files.map((f) => path.relative(repo, f).split(path.sep).join('/'));

  before(() => {
    repo = tempDir('git');
    initRepo(repo);
    for (const name of ['base.sql', 'keep.sql', 'old name.sql', 'deleted.sql']) write(repo, name);
    write(repo, '.gitignore', 'ignored.sql\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, 'models/feature.sql');
    write(repo, 'keep.sql', 'SELECT 2;\n');
    git(repo, 'mv', 'old name.sql', 'new näme.sql');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'feature');
    write(repo, 'base.sql', 'SELECT 3;\n');
    write(repo, 'staged.sql');
    git(repo, 'add', 'staged.sql');
    write(repo, 'models/untracked.sql');
    write(repo, 'ignored.sql');
    fs.rmSync(path.join(repo, 'deleted.sql'));
  });

  after(() => removeDir(repo));

  it('lists staged, unstaged and untracked files against HEAD, without ignored or deleted ones', () => {
    assert.deepEqual(rel(changedFiles(repo)), ['base.sql', 'models/untracked.sql', 'staged.sql']);
  });

  it('adds the files changed on the branch since it forked from a ref, under their new names', () => {
    assert.deepEqual(rel(changedFiles(repo, 'main')), ['base.sql', 'keep.sql', 'models/feature.sql', 'models/untracked.sql', 'new näme.sql', 'staged.sql']);
  });

  it('gives absolute paths from the repository root when run in a subfolder', () => {
    const files = changedFiles(path.join(repo, 'models'));
    assert.ok(files.every((f) => path.isAbsolute(f)));
    assert.deepEqual(rel(files), ['base.sql', 'models/untracked.sql', 'staged.sql']);
  });

  it('names an unknown ref and how to fetch it', () => {
    assert.throws(() => changedFiles(repo, 'origin/nope'), (error: unknown) => {
      assert.ok(error instanceof GitError);
      assert.match(error.message, /^unknown git ref "origin\/nope" \(in a shallow CI checkout, fetch it first/);
      return true;
    });
  });

  it('refuses a ref that git would read as an option', () => {
    assert.throws(() => changedFiles(repo, '--output=x'), new GitError('"--output=x" is not a git ref'));
  });

  it('explains that a folder outside git has no changes to list', () => {
    const plain = tempDir('nogit');
    try {
      assert.throws(() => changedFiles(plain), (e: unknown) => e instanceof GitError && e.message.startsWith('--changed needs a git work tree: '));
    } finally {
      removeDir(plain);
    }
  });

  it('lists staged and untracked files before the first commit', () => {
    const fresh = tempDir('fresh');
    try {
      initRepo(fresh);
      write(fresh, 'a.sql');
      write(fresh, 'b.sql');
      git(fresh, 'add', 'a.sql');
      assert.deepEqual(changedFiles(fresh).map((f) => path.basename(f)), ['a.sql', 'b.sql']);
    } finally {
      removeDir(fresh);
    }
  });
});
