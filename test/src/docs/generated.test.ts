import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LESSON_IDS } from '@pipelint/engine/internal/core/types.js';
import { docsDir, generateDocs, GUIDES, readmePath, staleDocs, withReadmeTable, writeDocs } from '@pipelint/engine/internal/lessons/generate-docs.js';
import { ABSOLUTE_LINKS, renderLessonMarkdown } from '@pipelint/engine/internal/lessons/lesson-markdown.js';
import { exampleSource, fenceLanguage } from '@pipelint/engine/internal/lessons/md.js';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';
import { docsFileUrl } from '../cli/helpers.js';

const REGENERATE = 'docs/ is out of date: run `npm run docs` and commit the result';

describe('generated docs', () => {
  const files = generateDocs();
  const dir = docsDir();

  it("keeps the README's lesson table, generated from the catalogue, up to date", () => {
    const readme = fs.readFileSync(readmePath(), 'utf8');
    assert.equal(readme, withReadmeTable(readme), 'README.md is out of date: run `npm run docs` and commit the result');
    assert.match(readme, /\| \[late-data\]\(docs\/lessons\/late-data\.md\) \| late rows are skipped forever, or a re-run loads another window \| `high-watermark-without-lookback`, `wall-clock-window` \|/);
  });

  it('finds the docs folder at the repository root', () => {
    assert.equal(dir, path.resolve(__dirname, '..', '..', '..', 'docs'));
  });

  it('generates the index, one page per lesson and one page per rule', () => {
    const expected = ['README.md', ...LESSON_IDS.map((id) => `lessons/${id}.md`), ...allRuleMetas().map((m) => `rules/${m.id}.md`)];
    for (const file of expected) assert.ok(files.has(file), file);
  });

  it('matches every committed file under docs/', () => {
    const differing = [...files].filter(([relative, content]) => {
      const target = path.join(dir, relative);
      return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== content;
    });
    assert.deepEqual(differing.map(([relative]) => relative), [], REGENERATE);
  });

  it('leaves no page in docs/lessons or docs/rules that the generator does not produce', () => {
    assert.deepEqual(staleDocs(dir, files), [], REGENERATE);
  });

  it('links every hand-written guide beside the index, and each one exists', () => {
    const index = files.get('README.md') ?? '';
    const handWritten = fs.readdirSync(dir).filter((name) => name.endsWith('.md') && !files.has(name));
    assert.deepEqual(GUIDES.map((g) => g.file).sort(), handWritten.sort());
    for (const guide of GUIDES) assert.ok(index.includes(`- [${guide.title}](${guide.file}): `), guide.file);
    assert.ok(index.indexOf('## Guides') < index.indexOf('## Lessons'));
  });

  it('never removes a guide, and removes a page in a generated folder that it no longer produces', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelint-docs-'));
    try {
      for (const guide of GUIDES) fs.writeFileSync(path.join(tmp, guide.file), `# ${guide.title}\n`);
      fs.mkdirSync(path.join(tmp, 'rules'));
      fs.writeFileSync(path.join(tmp, 'rules', 'retired-rule.md'), '# Retired rule\n');
      const { removed } = writeDocs(tmp, new Map([['README.md', 'index\n']]));
      assert.deepEqual(removed, ['rules/retired-rule.md']);
      for (const guide of GUIDES) assert.equal(fs.readFileSync(path.join(tmp, guide.file), 'utf8'), `# ${guide.title}\n`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('links every rule page to its lesson with a relative link', () => {
    for (const meta of allRuleMetas()) {
      assert.ok(files.get(`rules/${meta.id}.md`)?.includes(`](../lessons/${meta.concept}.md)`), meta.id);
    }
  });

  it('follows each anti-pattern that has a fix output with the fixed code, and no other', () => {
    for (const meta of allRuleMetas()) {
      const page = files.get(`rules/${meta.id}.md`) ?? '';
      const withOutput = meta.docs.bad.filter((e) => e.output !== undefined);
      assert.equal(page.split('Fixed by `--fix`:').length - 1, withOutput.length, meta.id);
      for (const example of withOutput) {
        const fixed = `\n\nFixed by \`--fix\`:\n\n\`\`\`${fenceLanguage(example.filename)}\n${exampleSource(example.output ?? '')}\n\`\`\`\n`;
        assert.ok(page.includes(`${exampleSource(example.code)}\n\`\`\`${fixed}`), `${meta.id}: ${example.title ?? ''}`);
      }
    }
  });

  it('renders a lesson with file: links into docs/ instead of relative links when asked', () => {
    const metas = allRuleMetas();
    const markdown = renderLessonMarkdown(metas[0]?.concept ?? 'idempotency', ABSOLUTE_LINKS);
    assert.doesNotMatch(markdown, /\]\(\.\.\//);
    assert.ok(metas.length > 0, 'no rule is registered');
    assert.ok(markdown.includes(`](${docsFileUrl('rules', metas[0].id)})`));
  });
});
