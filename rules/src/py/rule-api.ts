import { withMetaDefaults, type RuleMetaInput } from '../core/rule-meta.js';
import type { Fix, RuleMeta, Span } from '../core/types.js';
import type { PyDocument } from './model.js';
import type { PyNode } from './parser.js';

export interface PyReport<MessageIds extends string = string> {
  /** Where the finding goes: a node, or a span of the file. */
  node?: PyNode;
  span?: Span;
  messageId: MessageIds;
  data?: Record<string, string>;
  fix?: Fix;
  suggestions?: Fix[];
}

export interface PyRuleContext<Options, MessageIds extends string = string> {
  readonly doc: PyDocument;
  readonly filename: string;
  readonly options: Options;
  report(report: PyReport<MessageIds>): void;
}

export interface PyRuleMeta extends RuleMeta {
  language: 'py';
}

/**
 * A Python rule: its meta (the same shape as SQL and TypeScript rules; an id may be shared with a rule of another
 * language when the concept and the fix are the same), and `check`, called once per file with the parsed document.
 */
export interface PyRule<Options extends object = Record<string, unknown>, MessageIds extends string = string> {
  meta: PyRuleMeta & { messages: Record<MessageIds, string> };
  defaultOptions: Options;
  /** A cheap test on the text: false when the rule cannot report in it, so it is not run. */
  relevant?(text: string): boolean;
  check(context: PyRuleContext<Options, MessageIds>): void;
}

export interface PyRuleSpec<Options extends object, MessageIds extends string> {
  meta: RuleMetaInput<PyRuleMeta> & { messages: Record<MessageIds, string> };
  defaultOptions?: Options;
  relevant?(text: string): boolean;
  check(context: PyRuleContext<Options, MessageIds>): void;
}

export function definePyRule<Options extends object = Record<string, never>, MessageIds extends string = string>(
  spec: PyRuleSpec<Options, MessageIds>,
): PyRule<Options, MessageIds> {
  const meta = withMetaDefaults<PyRuleMeta>(spec.meta) as PyRuleMeta & { messages: Record<MessageIds, string> };
  return { meta, defaultOptions: spec.defaultOptions ?? ({} as Options), relevant: spec.relevant, check: spec.check };
}
