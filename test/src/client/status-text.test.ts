import * as assert from 'node:assert/strict';
import type { StatusParams } from '@pipelint/language-server';
import { lintWorkspaceSummary, statusText } from '@pipelint/vscode/internal/status-text.js';

const ready = (openFindings: number, openErrors: number, openHints = 0, extra: Partial<StatusParams> = {}): StatusParams => ({
  state: 'ready',
  openFindings,
  openErrors,
  openHints,
  ...extra,
});

describe('statusText', function () {
  it('counts the problems of open files, with the warning icon when none is an error', function () {
    assert.deepEqual(statusText('running', ready(3, 0)), { text: '$(warning) pipelint 3', tooltip: 'pipelint: 3 problems in open files' });
    assert.deepEqual(statusText('running', ready(1, 0)), { text: '$(warning) pipelint 1', tooltip: 'pipelint: 1 problem in open files' });
  });

  it('uses the error icon when any finding is an error, and counts the rest as warnings', function () {
    assert.deepEqual(statusText('running', ready(3, 1)), { text: '$(error) pipelint 1 $(warning) 2', tooltip: 'pipelint: 3 problems in open files, 1 error' });
    assert.deepEqual(statusText('running', ready(2, 2)), { text: '$(error) pipelint 2', tooltip: 'pipelint: 2 problems in open files, 2 errors' });
  });

  it('shows clean with a check, naming hints (dots, not in Problems) only in the tooltip', function () {
    assert.deepEqual(statusText('running', ready(0, 0)), { text: '$(check) pipelint', tooltip: 'pipelint: no problems in open files' });
    assert.deepEqual(statusText('running', ready(0, 0, 2)), { text: '$(check) pipelint', tooltip: 'pipelint: no problems in open files; 2 hints shown as dots' });
    assert.deepEqual(statusText('running', ready(1, 0, 1)), { text: '$(warning) pipelint 1', tooltip: 'pipelint: 1 problem in open files; 1 hint shown as dots' });
  });

  it('counts the whole workspace once Lint Workspace has run, as the Problems panel does', function () {
    const status = ready(1, 0, 0, { workspace: { findings: 7, errors: 2, hints: 3 } });
    assert.deepEqual(statusText('running', status), {
      text: '$(error) pipelint 2 $(warning) 5',
      tooltip: 'pipelint: 7 problems in the workspace (1 in open files), 2 errors; 3 hints shown as dots',
    });
    assert.deepEqual(statusText('running', ready(0, 0, 0, { workspace: { findings: 4, errors: 0, hints: 0 } })), {
      text: '$(warning) pipelint 4',
      tooltip: 'pipelint: 4 problems in the workspace (0 in open files)',
    });
    assert.deepEqual(statusText('running', ready(0, 0, 0, { workspace: { findings: 0, errors: 0, hints: 0 } })).text, '$(check) pipelint');
  });

  it('tells off, clean, warnings, errors, configuration error, starting and stopped apart', function () {
    const shown = [
      statusText('running', { state: 'disabled', openFindings: 0, openErrors: 0, openHints: 0 }),
      statusText('running', ready(0, 0)),
      statusText('running', ready(2, 0)),
      statusText('running', ready(2, 1)),
      statusText('running', { state: 'configError', openFindings: 0, openErrors: 0, openHints: 0, detail: 'a.json:1:2: bad' }),
      statusText('starting', undefined),
      statusText('stopped', undefined),
    ];
    assert.deepEqual(
      shown.map((s) => s.text),
      ['$(circle-slash) pipelint off', '$(check) pipelint', '$(warning) pipelint 2', '$(error) pipelint 1 $(warning) 1', '$(error) pipelint config', '$(sync~spin) pipelint', '$(circle-slash) pipelint'],
    );
    assert.equal(shown[0].tooltip, 'pipelint: off for the open files (setting pipelint.enable)');
    assert.equal(shown[4].tooltip, 'pipelint: configuration error: a.json:1:2: bad');
    assert.equal(shown[6].tooltip, 'pipelint: the language server is not running');
    assert.equal(new Set(shown.map((s) => s.text)).size, shown.length);
  });
});

describe('lintWorkspaceSummary', function () {
  it('says how many findings in how many of the linted files, and what was skipped', function () {
    assert.equal(lintWorkspaceSummary({ filesLinted: 4, filesWithFindings: 2, findings: 3, skipped: 0 }), 'pipelint: 3 findings in 2 of 4 files linted.');
    assert.equal(
      lintWorkspaceSummary({ filesLinted: 1, filesWithFindings: 1, findings: 1, skipped: 2 }),
      'pipelint: 1 finding in 1 of 1 file linted (2 files skipped: ignored, off, too large or unreadable).',
    );
  });
});
