import type { Fix, OptionsSchema, RuleMeta, Span } from '../core/types.js';
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

export interface SqlReport {
  span: Span;
  messageId: string;
  data?: Record<string, string>;
  fix?: Fix;
  suggestions?: Fix[];
  related?: { span: Span; message: string }[];
}

export interface SqlRuleContext<Options> {
  readonly doc: SqlDocument;
  readonly filename: string;
  /** The rule's options: its defaults merged with the user's configuration. */
  readonly options: Options;
  report(report: SqlReport): void;
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

export interface SqlRule<Options extends object = Record<string, unknown>> {
  meta: SqlRuleMeta;
  defaultOptions: Options;
  create(context: SqlRuleContext<Options>): SqlVisitor;
}

export const NO_OPTIONS: OptionsSchema = { type: 'object', properties: {}, additionalProperties: false };

export function defineSqlRule<Options extends object>(rule: SqlRule<Options>): SqlRule<Options> {
  return rule;
}
