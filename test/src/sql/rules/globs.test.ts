import * as assert from 'node:assert/strict';
import { tableGlobMatcher } from '@pipelint/engine/internal/sql/rules/util/globs.js';

describe('tableGlobMatcher (allowTables globs)', () => {
  it('compiles an equal list once: every file linted with the same options shares one matcher', () => {
    const a = tableGlobMatcher(['audit.*', '*_log']);
    const b = tableGlobMatcher(['audit.*', '*_log']);
    assert.ok(a !== null);
    assert.equal(a, b);
  });

  it('matches case-insensitively, dotted names included, and nothing outside the list', () => {
    const match = tableGlobMatcher(['audit.*', '*_log']);
    assert.ok(match !== null);
    assert.equal(match('AUDIT.Events'), true);
    assert.equal(match('job_log'), true);
    assert.equal(match('analytics.orders'), false);
    assert.equal(match('audit'), false);
  });

  it('keeps different lists apart, and an empty list allows nothing', () => {
    const audit = tableGlobMatcher(['audit.*']);
    const logs = tableGlobMatcher(['*_log']);
    assert.ok(audit !== null && logs !== null);
    assert.notEqual(audit, logs);
    assert.equal(audit('job_log'), false);
    assert.equal(logs('job_log'), true);
    assert.equal(tableGlobMatcher([]), null);
  });
});
