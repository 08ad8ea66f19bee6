import { RuleTester, type RunTests } from '@typescript-eslint/rule-tester';
import { after, describe, it } from 'mocha';
import type { TsRule } from '@pipelint/engine/internal/ts/create-rule.js';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

type RuleUnderTest = Parameters<RuleTester['run']>[1];

/** Runs RuleTester (the same parser as the pipelint CLI; files are `file.ts` unless a case names one). */
export function runRuleTests(rule: TsRule, tests: RunTests<string, [object]>): void {
  // The tester ships its own copy of the typescript-eslint types; the module is the same object at run time.
  new RuleTester().run(rule.meta.id, rule.module as unknown as RuleUnderTest, tests as Parameters<RuleTester['run']>[2]);
}
