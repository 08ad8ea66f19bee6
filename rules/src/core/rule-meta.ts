import type { OptionsSchema, RuleMeta } from './types.js';

export const NO_OPTIONS: OptionsSchema = { type: 'object', properties: {}, additionalProperties: false };

/** Meta fields with a usual value: a rule leaves them out unless it differs. */
type Defaulted = 'schema' | 'fixable' | 'hasSuggestions';

/** The meta a rule writes: no options, not fixable and no suggestions unless it says so. */
export type RuleMetaInput<Meta extends RuleMeta> = Omit<Meta, Defaulted> & Partial<Pick<Meta, Defaulted>>;

export function withMetaDefaults<Meta extends RuleMeta>(meta: RuleMetaInput<Meta>): Meta {
  return { ...meta, schema: meta.schema ?? NO_OPTIONS, fixable: meta.fixable ?? false, hasSuggestions: meta.hasSuggestions ?? false } as Meta;
}
