import { ESLintUtils, type JSONSchema, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { ruleDocsUrl } from '../core/docs-url.js';
import { withMetaDefaults, type RuleMetaInput } from '../core/rule-meta.js';
import type { Finding, RuleMeta } from '../core/types.js';
import { isTestFile } from './util/files.js';
import type { Relevance } from './util/relevance.js';

type JSONSchema4 = JSONSchema.JSONSchema4;

export interface TsRuleMeta extends RuleMeta {
  language: 'ts';
  /** Titles of the `fix` a message may carry, by messageId: imperative sentences, may use the message's placeholders. */
  fixTitles?: Record<string, string>;
}

export type TsRuleContext<MessageIds extends string, Options extends object> = Readonly<
  TSESLint.RuleContext<MessageIds, [Options]>
>;

/** How a pipelint TS rule is written: the pipelint metadata plus an ESLint `create`. */
export interface TsRuleSpec<MessageIds extends string, Options extends object> {
  meta: Omit<RuleMetaInput<TsRuleMeta>, 'language' | 'messages'> & { messages: Record<MessageIds, string> };
  /** ESLint's rule type: `problem` for code that breaks, `suggestion` for code that could be safer. */
  type: 'problem' | 'suggestion';
  /**
   * When the rule can apply: false only for a text in which it cannot report (an over-approximation; comments and
   * strings count). The runner skips the rule there. Leave it out and the rule always runs.
   */
  relevant?: Relevance;
  /** Test files drive handlers with mocks and fixtures; rules leave them alone unless this is true. */
  checkTestFiles?: boolean;
  /** Required when the rule has options; `{}` otherwise. */
  defaultOptions?: Options;
  create(context: TsRuleContext<MessageIds, Options>, options: Options): TSESLint.RuleListener;
}

export type AnyRuleModule = TSESLint.RuleModule<string, [object]>;

export interface TsRule {
  meta: TsRuleMeta;
  module: AnyRuleModule;
  relevant?: Relevance;
}

/** A report as the rule made it, kept because ESLint's lint messages drop the placeholder data. */
export interface CapturedReport {
  ruleId: string;
  messageId: string;
  data: Record<string, string>;
  /** 1-based, as in ESLint's lint messages. */
  line: number;
  column: number;
}

/**
 * What the pipelint runner collects during one ESLint run, handed to the rules in the run's settings: the data
 * of every report, and findings a rule hands over whole (embedded SQL). Outside the runner there is none.
 */
export interface RunSink {
  reports: CapturedReport[];
  findings: Finding[];
}

/** The key of pipelint's entry in ESLint's shared settings. */
export const PIPELINT_SETTINGS_KEY = 'pipelint';

export function runSinkOf(settings: TSESLint.SharedConfigurationSettings): RunSink | undefined {
  return (settings[PIPELINT_SETTINGS_KEY] as { sink?: RunSink } | undefined)?.sink;
}

/** A rule's own error, caught where the rule runs so the runner knows whose it is whatever ESLint adds to it. */
export class RuleCrash extends Error {
  readonly ruleId: string;
  readonly detail: string;

  constructor(ruleId: string, cause: unknown) {
    const detail = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
    super(`Rule '${ruleId}' crashed: ${detail}`, { cause });
    this.ruleId = ruleId;
    this.detail = detail;
  }
}

function crashOf(ruleId: string, error: unknown): RuleCrash {
  return error instanceof RuleCrash ? error : new RuleCrash(ruleId, error);
}

const createRule = ESLintUtils.RuleCreator((name) => ruleDocsUrl(name));

export function defineTsRule<MessageIds extends string, Options extends object>(spec: TsRuleSpec<MessageIds, Options>): TsRule {
  const meta = withMetaDefaults<TsRuleMeta>({ ...spec.meta, language: 'ts' } as RuleMetaInput<TsRuleMeta>);
  const defaultOptions = spec.defaultOptions ?? ({} as Options);
  const module = createRule<[Options], MessageIds>({
    name: meta.id,
    meta: {
      type: spec.type,
      docs: { description: meta.docs.description },
      messages: spec.meta.messages,
      schema: [meta.schema as unknown as JSONSchema4],
      defaultOptions: [defaultOptions],
      ...(meta.fixable ? { fixable: 'code' as const } : {}),
      ...(meta.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    create: (context, [options]) => {
      if (!spec.checkTestFiles && isTestFile(context)) return {};
      try {
        return guardedListener(meta.id, spec.create(withCapturedData(context), options));
      } catch (error) {
        throw crashOf(meta.id, error);
      }
    },
  });
  return { meta, module: module as unknown as AnyRuleModule, ...(spec.relevant ? { relevant: spec.relevant } : {}) };
}

/** The rule's listener with each handler's errors marked as this rule's crash. */
function guardedListener(ruleId: string, listener: TSESLint.RuleListener): TSESLint.RuleListener {
  const guarded: Record<string, (...args: never[]) => void> = {};
  for (const [selector, handler] of Object.entries(listener as Record<string, ((...args: never[]) => void) | undefined>)) {
    if (handler === undefined) continue;
    guarded[selector] = (...args) => {
      try {
        handler(...args);
      } catch (error) {
        throw crashOf(ruleId, error);
      }
    };
  }
  return guarded as TSESLint.RuleListener;
}

/** Wraps `report` so the data of each report reaches the run's sink; the rest of the context is inherited. */
function withCapturedData<MessageIds extends string, Options extends object>(
  context: TsRuleContext<MessageIds, Options>,
): TsRuleContext<MessageIds, Options> {
  const sink = runSinkOf(context.settings);
  if (sink === undefined) return context;
  const report = (descriptor: TSESLint.ReportDescriptor<MessageIds>): void => {
    const start = reportStart(descriptor);
    sink.reports.push({
      ruleId: context.id,
      messageId: descriptor.messageId,
      data: stringData(descriptor.data),
      line: start.line,
      column: start.column + 1,
    });
    context.report(descriptor);
  };
  return Object.create(context, { report: { value: report } }) as TsRuleContext<MessageIds, Options>;
}

function reportStart(descriptor: TSESLint.ReportDescriptor<string>): TSESTree.Position {
  const loc = 'loc' in descriptor && descriptor.loc ? descriptor.loc : null;
  if (loc) return 'start' in loc ? loc.start : loc;
  return (descriptor as { node: TSESTree.Node }).node.loc.start;
}

function stringData(data: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (data) for (const [key, value] of Object.entries(data)) out[key] = String(value);
  return out;
}
