import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '@pipelint/engine/internal/core/config.js';
import { ensureLanguages, languageOf, lintText } from '@pipelint/engine/internal/engine.js';
import { parsePython } from '@pipelint/engine/internal/py/model.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('Python front end', () => {
  it('loads no Python parser for SQL and TypeScript runs, and loads it once for Python', () => {
    // A fresh process: this one may have loaded the parser for other tests already.
    const script = `
      const engine = require('@pipelint/engine/internal/engine.js');
      const loaded = () => Object.keys(require.cache).some((k) => /web-tree-sitter|[\\\\/]py[\\\\/]parser\\.js$/.test(k));
      engine.lintText('INSERT INTO t SELECT * FROM s;', { filename: 'a.sql' });
      engine.lintText('export const x = 1;', { filename: 'a.ts' });
      const before = loaded();
      let error = '';
      try { engine.lintText('x = 1', { filename: 'a.py' }); } catch (e) { error = e.name; }
      engine.ensureLanguages(['py']).then(() => engine.ensureLanguages(['py'])).then(() => {
        const parser = require('@pipelint/engine/internal/py/parser.js');
        const result = engine.lintText('x = 1', { filename: 'a.py' });
        process.stdout.write(JSON.stringify({ before, error, after: loaded(), loads: parser.pythonLoadCount, language: result.language }));
      });
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as Record<string, unknown>;
    assert.deepEqual(out, { before: false, error: 'PythonNotLoadedError', after: true, loads: 1, language: 'py' });
  });

  describe('parsing', () => {
    before(() => ensureLanguages(['py']));

    it('lints .py and not .pyi stubs', () => {
      assert.equal(languageOf('dags/a.py'), 'py');
      assert.equal(languageOf('dags/a.PY'), 'py');
      assert.equal(languageOf('stubs/a.pyi'), null);
    });

    it('reads imports: modules, aliases and from-imports', () => {
      const doc = parsePython('import os, pandas as pd\nimport airflow.models\nfrom airflow.decorators import dag as d, task\nfrom . import local\n');
      try {
        assert.deepEqual([...doc.modules].sort(), ['airflow.decorators', 'airflow.models', 'os', 'pandas']);
        assert.deepEqual(
          [...doc.imports.values()].map((i) => `${i.local}=${i.qualified}`),
          ['os=os', 'pd=pandas', 'airflow=airflow', 'd=airflow.decorators.dag', 'task=airflow.decorators.task'],
        );
      } finally {
        doc.tree.delete();
      }
    });

    it('keeps linting a file with a syntax error and reports where it is', () => {
      const code = 'from airflow import DAG\ndef broken(:\n    pass\nDAG("d", schedule="* * * * *")\n';
      const result = lintText(code, { filename: 'dags/a.py', config: DEFAULT_CONFIG });
      assert.deepEqual(
        result.findings.map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.column} ${f.messageId}`),
        ['parse-error 2:12 partial', 'freshness-cost 4:19 dagSchedule'],
      );
      assert.equal(result.findings[0].message, 'Python syntax error: missing `)`; pipelint analysed the rest, but findings near here may be missing.');
    });

    it('places findings in UTF-16 offsets after non-ASCII text', () => {
      const code = 'from airflow import DAG\n# é 😀 naïve\nDAG("d", schedule="* * * * *")  # ünïcode\n';
      const [finding] = lintText(code, { filename: 'a.py' }).findings;
      assert.equal(code.slice(finding.range.start.offset, finding.range.end.offset), '"* * * * *"');
      assert.equal(finding.range.start.column, 19);
    });

    it('honours # pipelint-disable-next-line and # pipelint-disable comments', () => {
      const code = [
        'from airflow import DAG',
        '# pipelint-disable-next-line freshness-cost -- the fraud team reads this every minute',
        'DAG("a", schedule="* * * * *")',
        '# pipelint-disable freshness-cost',
        'DAG("b", schedule="* * * * *")',
        '# pipelint-enable freshness-cost',
        'DAG("c", schedule="* * * * *")',
        'x = "# pipelint-disable-next-line freshness-cost"',
        'DAG("d", schedule="* * * * *")',
        '',
      ].join('\n');
      const result = lintText(code, { filename: 'a.py' });
      assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.range.start.line}`), ['freshness-cost 7', 'freshness-cost 9']);
      assert.equal(result.suppressedCount, 2);
    });
  });
});
