import type { RuleMeta } from '../../core/types.js';

/** Metadata of every TypeScript rule, alphabetical by id (the rule modules land with the TS rules). */
export const tsRuleMetas: readonly RuleMeta[] = [];
