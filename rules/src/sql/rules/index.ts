import type { SqlRule } from '../rule-api.js';

/** Every SQL rule, in alphabetical order of id. */
export const sqlRules: readonly SqlRule<object>[] = [];
