import { ESLintUtils, type JSONSchema, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type JSONSchema4 = JSONSchema.JSONSchema4;
import { ruleDocsUrl } from '../core/docs-url.js';
import type { RuleMeta } from '../core/types.js';
import type { Relevance } from './util/relevance.js';

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
  meta: Omit<TsRuleMeta, 'language' | 'messages'> & { messages: Record<MessageIds, string> };
  /** ESLint's rule type: `problem` for code that breaks, `suggestion` for code that could be safer. */
  type: 'problem' | 'suggestion';
  /**
   * When the rule can apply: false only for a text in which it cannot report (an over-approximation; comments and
   * strings count). The runner skips the rule there. Leave it out and the rule always runs.
   */
  relevant?: Relevance;
  defaultOptions: Options;
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

const captured = new WeakMap<object, CapturedReport[]>();

/** The reports every pipelint rule made while ESLint linted the file whose SourceCode this is. */
export function capturedReports(sourceCode: object): CapturedReport[] {
  return captured.get(sourceCode) ?? [];
}

const createRule = ESLintUtils.RuleCreator((name) => ruleDocsUrl(name));

export function defineTsRule<MessageIds extends string, Options extends object>(spec: TsRuleSpec<MessageIds, Options>): TsRule {
  const meta: TsRuleMeta = { ...spec.meta, language: 'ts' };
  const module = createRule<[Options], MessageIds>({
    name: meta.id,
    meta: {
      type: spec.type,
      docs: { description: meta.docs.description },
      messages: spec.meta.messages,
      schema: [meta.schema as unknown as JSONSchema4],
      defaultOptions: [spec.defaultOptions],
      ...(meta.fixable ? { fixable: 'code' as const } : {}),
      ...(meta.hasSuggestions ? { hasSuggestions: true } : {}),
    },
    create: (context, [options]) => spec.create(withCapturedData(context), options),
  });
  return { meta, module: module as unknown as AnyRuleModule, ...(spec.relevant ? { relevant: spec.relevant } : {}) };
}

/** Wraps `report` so the data of each report survives to lintTypeScript; the rest of the context is inherited. */
function withCapturedData<MessageIds extends string, Options extends object>(
  context: TsRuleContext<MessageIds, Options>,
): TsRuleContext<MessageIds, Options> {
  const sourceCode = context.sourceCode;
  let list = captured.get(sourceCode);
  if (!list) {
    list = [];
    captured.set(sourceCode, list);
  }
  const sink = list;
  const report = (descriptor: TSESLint.ReportDescriptor<MessageIds>): void => {
    const start = reportStart(descriptor);
    sink.push({
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
