/**
 * The language server's public entry (`@pipelint/language-server`): the custom requests and
 * notifications between it and a client, each bound to its params and result types, and the names
 * and payloads both sides share. The VS Code client bundles this file, so at run time it imports only
 * the LSP protocol and the engine's dependency-free constants, never the engine itself.
 */
import type { EditorSettings } from '@pipelint/engine';
import { EDITOR_LANGUAGE_IDS } from '@pipelint/engine/constants';
import { SHOW_LESSON_COMMAND, SHOW_RULE_DOCS_COMMAND, docsCommandUri } from '@pipelint/engine/docs-url';
import { NotificationType, RequestType, RequestType0, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';

/** The editor language ids the server lints; a client selects documents by them. */
export const LANGUAGE_IDS: readonly string[] = EDITOR_LANGUAGE_IDS;

export { SHOW_LESSON_COMMAND, SHOW_RULE_DOCS_COMMAND };

/** The commands that `command:` links in hovers, diagnostics and the lesson view run; the client trusts exactly these. */
export const DOC_LINK_COMMANDS: readonly string[] = [SHOW_LESSON_COMMAND, SHOW_RULE_DOCS_COMMAND];
export const LINT_WORKSPACE_COMMAND = 'pipelint.lintWorkspace';
export const RESTART_SERVER_COMMAND = 'pipelint.restartServer';

export interface LessonParams {
  lessonId: string;
}

export interface LessonResult {
  lessonId: string;
  title: string;
  markdown: string;
}

/** Request: the Markdown of one lesson, for the lesson view. Unknown ids are an InvalidParams error. */
export const LessonRequest = new RequestType<LessonParams, LessonResult, void>('pipelint/lesson');

/** One entry of the lesson picker. */
export interface LessonSummary {
  lessonId: string;
  title: string;
  shortAnswer: string;
}

export interface RuleDocsParams {
  ruleId: string;
}

export interface RuleDocsResult {
  ruleId: string;
  title: string;
  markdown: string;
}

/** Request: the Markdown of one rule's docs page, for the lesson view. Unknown ids are an InvalidParams error. */
export const RuleDocsRequest = new RequestType<RuleDocsParams, RuleDocsResult, void>('pipelint/ruleDocs');

/** Request: every lesson, in the engine's order, for the lesson picker. */
export const LessonListRequest = new RequestType0<LessonSummary[], void>('pipelint/lessons');

export type LintWorkspaceParams = WorkDoneProgressParams;

export interface LintWorkspaceResult {
  filesLinted: number;
  filesWithFindings: number;
  findings: number;
  /** Files left out because they are over `maxFileSizeKb`, ignored by config, or unreadable. */
  skipped: number;
}

/** Request: lint every lintable file in the workspace folders and publish the findings. */
export const LintWorkspaceRequest = new RequestType<LintWorkspaceParams, LintWorkspaceResult, void>('pipelint/lintWorkspace');

/** `disabled`: every open document has `pipelint.enable` off. */
export type ServerState = 'ready' | 'linting' | 'configError' | 'disabled';

export interface StatusParams {
  state: ServerState;
  /** Findings across all open documents. */
  openFindings: number;
  /** Of those, the findings with severity error. */
  openErrors: number;
  /** Set when state is configError: `path:line:column: message`. */
  detail?: string;
}

/** Notification from the server: its state and how many findings the open documents have. */
export const StatusNotification = new NotificationType<StatusParams>('pipelint/status');

/** What the client passes in `initializationOptions`. */
export interface InitializationOptions {
  /**
   * 'command' makes the lesson and rule docs links of hovers, diagnostics and lessons `command:` links that open
   * the lesson view (`pipelint.showLesson`, `pipelint.showRuleDocs`), which only VS Code understands. Otherwise
   * links are file: URIs into the installed package's docs/, or `<docsBaseUrl>/…` when one is set.
   */
  lessonLinks?: 'command' | 'file' | 'web';
}

/** Arguments of the pipelint.showLesson command. */
export interface ShowLessonArgs {
  lessonId: string;
}

/** Arguments of the pipelint.showRuleDocs command. */
export interface ShowRuleDocsArgs {
  ruleId: string;
}

/** The `pipelint.*` settings as the client sends them through workspace/configuration. */
export type PipelintSettings = EditorSettings;

/** A command-link URI for the show-lesson command, as Markdown in hovers uses it. */
export function showLessonCommandUri(lessonId: string): string {
  return docsCommandUri('lesson', lessonId);
}
