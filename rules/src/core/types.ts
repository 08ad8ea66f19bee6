export type LessonId = 'idempotency' | 'backpressure' | 'late-data' | 'dead-letter-queues' | 'cost-of-freshness';

export const LESSON_IDS: readonly LessonId[] = [
  'idempotency',
  'backpressure',
  'late-data',
  'dead-letter-queues',
  'cost-of-freshness',
];

/** A point in a file. `line` and `column` are 1-based (ESLint style); `offset` is 0-based, in UTF-16 code units. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open span: `end` is the position just after the last character. */
export interface Range {
  start: Position;
  end: Position;
}

/** An offset span [start, end) into the text of the file being linted. */
export interface Span {
  start: number;
  end: number;
}

/** `off` only ever appears in configuration; findings carry one of the other four. */
export type Severity = 'error' | 'warn' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  span: Span;
  text: string;
}

/** A titled set of edits. Titles are imperative sentences: "Add `IF NOT EXISTS`". */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

export type FindingOrigin = 'sql' | 'ts' | 'py' | 'embedded-sql' | 'engine';

export interface Finding {
  ruleId: string;
  concept: LessonId | null;
  severity: Severity;
  message: string;
  messageId: string;
  /** The placeholder values of the message (table, call, handler...), reused by hovers. */
  data: Record<string, string>;
  range: Range;
  origin: FindingOrigin;
  /** A safe rewrite, applied by `--fix` and offered as the preferred quick fix. */
  fix?: Fix;
  /** Rewrites that may change behaviour: offered in the editor, never applied by `--fix`. */
  suggestions?: Fix[];
  related?: RelatedLocation[];
}

export interface RuleExample {
  /** What the example shows, one line. */
  title?: string;
  code: string;
  /** The file name the example is linted as; its extension picks the language. */
  filename: string;
  /**
   * Bad examples only: `code` after applying the `fix` of the example's finding (never a suggestion).
   * Set exactly when that finding carries a fix, so only in rules with `fixable: true`.
   */
  output?: string;
}

export interface RuleDocs {
  /** One sentence, shown in rule lists and SARIF short descriptions. */
  description: string;
  /** Markdown: what is wrong with the flagged code and why a re-run, a load spike or a bad message breaks it. */
  why: string;
  /** Markdown: the fix pattern, in words. */
  howToFix: string;
  /** Markdown: when suppressing the rule is fine. */
  whenNotToUse: string;
  /** Markdown, optional: what the rule knowingly misses (problems left out of scope, and why). */
  misses?: string;
  /** Each must produce exactly one finding from this rule; a fixable rule shows its fix on at least one (`output`). */
  bad: RuleExample[];
  /** Each must produce no finding from this rule. */
  good: RuleExample[];
}

/** A JSON Schema (draft-07) subset for rule options; every property carries a `description`. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, { type: string | string[]; description: string; default?: unknown; items?: unknown; enum?: unknown[] }>;
  additionalProperties: false;
}

export interface RuleMeta {
  id: string;
  language: 'sql' | 'ts' | 'py';
  concept: LessonId;
  defaultSeverity: Severity;
  /** Message templates with `{{placeholder}}` holes. They state the consequence. */
  messages: Record<string, string>;
  schema: OptionsSchema;
  /** True when the rule offers a `fix` that `--fix` may apply. */
  fixable: boolean;
  hasSuggestions: boolean;
  docs: RuleDocs;
  /**
   * The same rule in other languages: one id, one concept and one lesson, with an implementation, default
   * severity, messages and docs per language. Set on the metas `allRuleMetas()` returns (SQL or TypeScript first).
   */
  variants?: readonly RuleMeta[];
}

/** The meta of each language a rule is implemented in: the rule itself, then its variants. */
export function ruleLanguages(meta: RuleMeta): RuleMeta[] {
  return [meta, ...(meta.variants ?? [])];
}
