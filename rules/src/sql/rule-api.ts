import { withMetaDefaults, type RuleMetaInput } from '../core/rule-meta.js';
import type { Fix, RuleMeta, Span } from '../core/types.js';
import type {
  AlterTableStatement,
  BlockStatement,
  CopyStatement,
  CreateStatement,
  DeleteStatement,
  DropStatement,
  InsertStatement,
  MergeStatement,
  SelectStatement,
  SqlDocument,
  Statement,
  TransactionControlStatement,
  TruncateStatement,
  UpdateStatement,
} from './model.js';

export interface SqlReport<MessageIds extends string = string> {
  span: Span;
  messageId: MessageIds;
  data?: Record<string, string>;
  fix?: Fix;
  suggestions?: Fix[];
  related?: { span: Span; message: string }[];
}

export interface SqlRuleContext<Options, MessageIds extends string = string> {
  readonly doc: SqlDocument;
  readonly filename: string;
  /** The rule's options: its defaults merged with the user's configuration. */
  readonly options: Options;
  report(report: SqlReport<MessageIds>): void;
  /** The source text of a span. */
  text(span: Span): string;
}

/** Called once per statement of that kind, in source order; `document:exit` after the last. */
export interface SqlVisitor {
  statement?(s: Statement): void;
  insert?(s: InsertStatement): void;
  delete?(s: DeleteStatement): void;
  update?(s: UpdateStatement): void;
  merge?(s: MergeStatement): void;
  create?(s: CreateStatement): void;
  drop?(s: DropStatement): void;
  'alter-table'?(s: AlterTableStatement): void;
  truncate?(s: TruncateStatement): void;
  copy?(s: CopyStatement): void;
  select?(s: SelectStatement): void;
  begin?(s: TransactionControlStatement): void;
  commit?(s: TransactionControlStatement): void;
  rollback?(s: TransactionControlStatement): void;
  block?(s: BlockStatement): void;
  'document:exit'?(doc: SqlDocument): void;
}

export interface SqlRuleMeta extends RuleMeta {
  language: 'sql';
}

export interface SqlRule<Options extends object = Record<string, unknown>, MessageIds extends string = string> {
  meta: SqlRuleMeta & { messages: Record<MessageIds, string> };
  defaultOptions: Options;
  create(context: SqlRuleContext<Options, MessageIds>): SqlVisitor;
}

/** How a SQL rule is written: its meta (defaults for schema, fixable, hasSuggestions), its options and `create`. */
export interface SqlRuleSpec<Options extends object, MessageIds extends string> {
  meta: RuleMetaInput<SqlRuleMeta> & { messages: Record<MessageIds, string> };
  /** Required when the rule has options; `{}` otherwise. */
  defaultOptions?: Options;
  create(context: SqlRuleContext<Options, MessageIds>): SqlVisitor;
}

export function defineSqlRule<Options extends object = Record<string, never>, MessageIds extends string = string>(
  spec: SqlRuleSpec<Options, MessageIds>,
): SqlRule<Options, MessageIds> {
  const meta = withMetaDefaults<SqlRuleMeta>(spec.meta) as SqlRuleMeta & { messages: Record<MessageIds, string> };
  return { meta, defaultOptions: spec.defaultOptions ?? ({} as Options), create: spec.create };
}
