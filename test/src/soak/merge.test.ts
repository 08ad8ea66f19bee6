import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeDir, tempDir } from '../ci/helpers.js';
import { runSoak, writeJson } from './helpers.js';

function repo(name: string): object {
  return { repo: name, commit: 'c'.repeat(40), category: 'node', warehouse: 'other', dialect: 'ansi', paths: ['src/**/*.ts'], note: `the ${name} fixture` };
}

function entry(name: string, file: string, line: number, verdict = 'tp'): object {
  return { repo: name, path: file, line, rule: 'poison-message', verdict, reason: `judged ${verdict}` };
}

describe('npm run soak -- --merge-parts', () => {
  let tmp: string;
  let soakDir: string;

  beforeEach(() => {
    tmp = tempDir('soak-merge');
    soakDir = path.join(tmp, 'soak');
  });

  afterEach(() => removeDir(tmp));

  it('merges every part into the manifest and triage, deduplicated and sorted, then deletes the parts', () => {
    writeJson(path.join(soakDir, 'manifest.json'), { repositories: [repo('bbb/kept')] });
    writeJson(path.join(soakDir, 'triage.json'), { entries: [entry('bbb/kept', 'src/a.ts', 4)] });
    writeJson(path.join(soakDir, 'parts', 'scout-ts.manifest.json'), { repositories: [repo('ccc/late'), repo('aaa/early')] });
    writeJson(path.join(soakDir, 'parts', 'scout-ts.triage.json'), { entries: [entry('ccc/late', 'src/z.ts', 2), entry('aaa/early', 'src/b.ts', 10), entry('aaa/early', 'src/b.ts', 9, 'fn')] });
    writeJson(path.join(soakDir, 'parts', 'scout-sql.manifest.json'), { repositories: [repo('aaa/early')] });
    writeJson(path.join(soakDir, 'parts', 'scout-sql.triage.json'), { entries: [entry('bbb/kept', 'src/a.ts', 4)] });
    const run = runSoak(['--soak-dir', soakDir, '--merge-parts'], tmp, tmp);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'merged 4 part files: 3 repositories, 4 triage entries; parts deleted\n');
    assert.equal(
      fs.readFileSync(path.join(soakDir, 'manifest.json'), 'utf8'),
      `{ "repositories": [\n${['aaa/early', 'bbb/kept', 'ccc/late'].map((r) => `  ${JSON.stringify(repo(r))}`).join(',\n')}\n] }\n`,
    );
    const entries = [entry('aaa/early', 'src/b.ts', 9, 'fn'), entry('aaa/early', 'src/b.ts', 10), entry('bbb/kept', 'src/a.ts', 4), entry('ccc/late', 'src/z.ts', 2)];
    assert.equal(fs.readFileSync(path.join(soakDir, 'triage.json'), 'utf8'), `{ "entries": [\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n] }\n`);
    assert.equal(fs.existsSync(path.join(soakDir, 'parts')), false);
  });

  it('stops on two different verdicts for one finding, writing nothing and keeping the parts', () => {
    writeJson(path.join(soakDir, 'parts', 'a.manifest.json'), { repositories: [repo('aaa/one')] });
    writeJson(path.join(soakDir, 'parts', 'a.triage.json'), { entries: [entry('aaa/one', 'src/x.ts', 1)] });
    writeJson(path.join(soakDir, 'parts', 'b.triage.json'), { entries: [entry('aaa/one', 'src/x.ts', 1, 'fp')] });
    const run = runSoak(['--soak-dir', soakDir, '--merge-parts'], tmp, tmp);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'soak: the parts conflict; nothing was merged:\n  aaa/one src/x.ts:1 poison-message: parts/a.triage.json and parts/b.triage.json disagree\n');
    assert.equal(fs.existsSync(path.join(soakDir, 'manifest.json')), false);
    assert.deepEqual(fs.readdirSync(path.join(soakDir, 'parts')).sort(), ['a.manifest.json', 'a.triage.json', 'b.triage.json']);
  });

  it('stops on a triage part that judges a repository no manifest lists', () => {
    writeJson(path.join(soakDir, 'parts', 'a.triage.json'), { entries: [entry('zzz/unlisted', 'src/x.ts', 1)] });
    const run = runSoak(['--soak-dir', soakDir, '--merge-parts'], tmp, tmp);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /judges repositories the manifest does not list: zzz\/unlisted; nothing was merged/);
    assert.equal(fs.existsSync(path.join(soakDir, 'parts', 'a.triage.json')), true);
  });

  it('stops on an invalid part, naming the file', () => {
    writeJson(path.join(soakDir, 'parts', 'a.manifest.json'), { repositories: [{ ...repo('aaa/one'), commit: 'short' }] });
    const run = runSoak(['--soak-dir', soakDir, '--merge-parts'], tmp, tmp);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'soak: parts/a.manifest.json repositories[0] (aaa/one): "commit" must be 40 lowercase hex digits\n');
  });
});
