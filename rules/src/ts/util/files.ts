import type { LintContext } from './imports.js';

const TEST_FILE = /(\.(test|spec)\.[cm]?[jt]sx?$)|(^|[\\/])(__tests__|__mocks__)[\\/]/;

/**
 * Unit and integration tests drive handlers with fixtures and mocks; a consumer or queue declared there never
 * meets production traffic, so the delivery rules leave test files alone.
 */
export function isTestFile(context: LintContext): boolean {
  return TEST_FILE.test(context.filename);
}
