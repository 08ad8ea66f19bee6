import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { ruleLanguages, type Finding, type RuleExample, type RuleMeta } from '@pipelint/engine/internal/core/types.js';
import { ensureLanguages, languageOf, lintText } from '@pipelint/engine/internal/engine.js';
import { allRuleMetas } from '@pipelint/engine/internal/registry.js';
import { codeActionsFor } from '@pipelint/language-server/internal/code-actions.js';
import { findingsToDiagnostics } from '@pipelint/language-server/internal/diagnostics.js';

interface Case {
  meta: RuleMeta;
  example: RuleExample;
  index: number;
}

/** `embedded-sql` reports under the id of the SQL rule that fired inside the embedded SQL. */
function reportedBy(meta: RuleMeta, finding: Finding): boolean {
  return meta.id === 'embedded-sql' ? finding.origin === 'embedded-sql' : finding.ruleId === meta.id;
}

/** Every code action the server offers for the rule's findings in an example, built through the editor path. */
function actionsFor(meta: RuleMeta, example: RuleExample): { doc: TextDocument; actions: CodeAction[] } {
  const uri = `file:///w/${example.filename}`;
  const doc = TextDocument.create(uri, meta.language === 'sql' ? 'sql' : meta.language === 'py' ? 'python' : 'typescript', 1, example.code);
  const findings = lintText(example.code, { filename: example.filename }).findings.filter((f) => reportedBy(meta, f));
  const diagnostics = findingsToDiagnostics(findings, uri, 1, (o) => doc.positionAt(o));
  const language = languageOf(example.filename) ?? 'sql';
  return { doc, actions: codeActionsFor({ doc, language, diagnostics, lessonCommand: false }) };
}

function apply(doc: TextDocument, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0];
  assert.ok(change && 'edits' in change, `'${action.title}' edits the document`);
  return TextDocument.applyEdits(doc, change.edits as TextEdit[]);
}

function problemsAfter(text: string, example: RuleExample, meta: RuleMeta): string[] {
  return lintText(text, { filename: example.filename })
    .findings.filter((f) => reportedBy(meta, f) || f.ruleId === 'parse-error' || f.ruleId === 'unused-suppression')
    .map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.column} ${f.message}`);
}

const cases: Case[] = allRuleMetas().flatMap(ruleLanguages).flatMap((meta) => meta.docs.bad.map((example, index) => ({ meta, example, index })));

describe('code actions applied to every bad rule example', function () {
  before(() => ensureLanguages(['py']));
  it('has rule examples with fixes or suggestions to check', function () {
    const rewrites = cases.flatMap(({ meta, example }) => actionsFor(meta, example).actions.filter((a) => !a.title.startsWith('Disable ')));
    assert.ok(rewrites.length > 0);
  });

  for (const { meta, example, index } of cases) {
    describe(`${meta.id} (${meta.language}), bad example ${index + 1}`, function () {
      it('has each fix and suggestion leave code that parses and that the rule no longer flags there', function () {
        const { doc, actions } = actionsFor(meta, example);
        for (const action of actions.filter((a) => !a.title.startsWith('Disable '))) {
          const fixed = apply(doc, action);
          assert.deepEqual(problemsAfter(fixed, example, meta), [], `after '${action.title}':\n${fixed}`);
        }
      });

      it('has "disable for this line" and "disable for this file" silence the finding without an unused comment', function () {
        const { doc, actions } = actionsFor(meta, example);
        const disables = actions.filter((a) => a.title.startsWith('Disable '));
        assert.equal(disables.length, 2, 'both disable actions offered');
        for (const action of disables) {
          const disabled = apply(doc, action);
          assert.deepEqual(problemsAfter(disabled, example, meta), [], `after '${action.title}':\n${disabled}`);
        }
      });
    });
  }
});
