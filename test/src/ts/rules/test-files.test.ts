import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lintText } from '@pipelint/engine/internal/engine.js';
import { tsRules } from '@pipelint/engine/internal/ts/rules/index.js';

/** The four ways a file says it is a test: `.test.` and `.spec.` names, `__tests__/` and `__mocks__/` folders. */
function testFileNames(filename: string): string[] {
  const { dir, name, ext } = path.posix.parse(filename);
  return [`${dir}/${name}.test${ext}`, `${dir}/${name}.spec${ext}`, `src/__tests__/${name}${ext}`, `src/__mocks__/${name}${ext}`];
}

function findings(code: string, filename: string): string[] {
  return lintText(code, { filename })
    .findings.filter((f) => f.ruleId !== 'unused-suppression')
    .map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.column}`);
}

describe('TypeScript rules in test files', () => {
  for (const rule of tsRules) {
    for (const example of rule.meta.docs.bad) {
      const filename = example.filename;
      it(`${rule.meta.id} reports "${example.title}" in ${filename} but not in a test or mock file`, () => {
        assert.notDeepEqual(findings(example.code, filename), []);
        for (const name of testFileNames(filename)) assert.deepEqual(findings(example.code, name), [], name);
      });
    }
  }
});
