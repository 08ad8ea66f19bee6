/**
 * The custom requests and notifications between the language server and the VS Code client, each
 * bound to its params and result types, plus the names and payloads both sides share
 * (`@pipelint/language-server/protocol`). The client bundles this file: it imports only the LSP
 * protocol types and the engine's dependency-free constants.
 */
import { NotificationType, RequestType, RequestType0, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import { DEFAULT_EDITOR_SETTINGS, type EditorSettings } from '@pipelint/engine/constants';

export const SHOW_LESSON_COMMAND = 'pipelint.showLesson';
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

export type ServerState = 'ready' | 'linting' | 'configError';

export interface StatusParams {
  state: ServerState;
  /** Findings across all open documents. */
  openFindings: number;
  /** Set when state is configError: `path:line:column: message`. */
  detail?: string;
}

/** Notification from the server: its state and how many findings the open documents have. */
export const StatusNotification = new NotificationType<StatusParams>('pipelint/status');

/** What the client passes in `initializationOptions`. */
export interface InitializationOptions {
  /**
   * 'command' makes hover cards link to the lesson view (`command:pipelint.showLesson`), which only
   * VS Code understands; other editors get https links to the published lessons.
   */
  lessonLinks?: 'command' | 'web';
}

/** Arguments of the pipelint.showLesson command. */
export interface ShowLessonArgs {
  lessonId: string;
}

/** The `pipelint.*` settings as the client sends them through workspace/configuration. */
export type PipelintSettings = EditorSettings;

/** The engine's editor defaults (package.json `contributes.configuration` is checked against them). */
export const DEFAULT_SETTINGS: Readonly<PipelintSettings> = DEFAULT_EDITOR_SETTINGS;

/** A command-link URI for the show-lesson command, as Markdown in hovers uses it. */
export function showLessonCommandUri(lessonId: string): string {
  const args: ShowLessonArgs[] = [{ lessonId }];
  return `command:${SHOW_LESSON_COMMAND}?${encodeURIComponent(JSON.stringify(args))}`;
}
