import type { RuleId } from '../catalogue.js';
import type { LessonId } from '../core/types.js';

/** An interviewer's follow-up question and the answer that holds up under it. */
export interface Probe {
  question: string;
  /** Markdown. */
  answer: string;
  /** Rule ids whose findings this probe follows up on best. */
  rules?: RuleId[];
}

/** How a hover card says what goes wrong in the flagged code. */
export interface HoverStake {
  /** One sentence; `{{subject}}` becomes the table, call or handler the finding names. */
  template: string;
  /** Used for `{{subject}}` when the finding names nothing. */
  defaultSubject: string;
}

/** A comparison table of fix patterns or strategies; every row has one cell per column. */
export interface PatternTable {
  caption: string;
  columns: string[];
  rows: string[][];
}

export interface Lesson {
  id: LessonId;
  title: string;
  /** The section of the "How Data Moves: Advanced" interview lesson this concept comes from. */
  sectionTitle: string;
  /** The interview concept key hovers and docs link to. */
  conceptKey: string;
  /** What goes wrong without it, one phrase: the README's lesson table. */
  failure: string;
  /** One paragraph, Markdown. */
  summary: string;
  /** Interview questions that mean this concept is being tested. */
  signals: string[];
  /** One or two sentences: what a strong candidate says first. Shown in hover cards. */
  shortAnswer: string;
  /** Markdown: the full answer, with examples. */
  answer: string;
  stake: HoverStake;
  probes: Probe[];
  patterns?: PatternTable;
  dos?: string[];
  donts?: string[];
}
