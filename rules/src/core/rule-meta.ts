import type { OptionsSchema, RuleDocs, RuleMeta } from './types.js';

export const NO_OPTIONS: OptionsSchema = { type: 'object', properties: {}, additionalProperties: false };

/** Meta fields with a usual value: a rule leaves them out unless it differs. */
type Defaulted = 'schema' | 'fixable' | 'hasSuggestions';

/**
 * The meta a rule writes: no options, not fixable and no suggestions unless it says so; its docs as the Markdown
 * of its `<id>.md` (imported from the generated `docs.ts` beside it), or as an object.
 */
export type RuleMetaInput<Meta extends RuleMeta> = Omit<Meta, Defaulted | 'docs'> & Partial<Pick<Meta, Defaulted>> & { docs: RuleDocs | string };

function markdownParser(): typeof import('../markdown/rule-docs.js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first docs read, not for linting.
  return require('../markdown/rule-docs.js') as typeof import('../markdown/rule-docs.js');
}

export function withMetaDefaults<Meta extends RuleMeta>(meta: RuleMetaInput<Meta>): Meta {
  const { docs, ...rest } = meta;
  const full = { ...rest, schema: meta.schema ?? NO_OPTIONS, fixable: meta.fixable ?? false, hasSuggestions: meta.hasSuggestions ?? false } as unknown as Meta;
  if (typeof docs !== 'string') return Object.assign(full, { docs });
  // Parsed on first use: linting needs no prose, so the parser loads only for docs, hovers and explain.
  let parsed: RuleDocs | undefined;
  return Object.defineProperty(full, 'docs', {
    enumerable: true,
    get: () => (parsed ??= markdownParser().parseRuleDocs(docs, `${meta.id}.md`)),
  });
}
