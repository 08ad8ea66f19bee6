/** Names and payloads shared by the language server and the VS Code client. Keep this file dependency-free. */

export const SHOW_LESSON_COMMAND = 'pipelint.showLesson';
export const LINT_WORKSPACE_COMMAND = 'pipelint.lintWorkspace';
export const RESTART_SERVER_COMMAND = 'pipelint.restartServer';

/** Request: lint every lintable file in the workspace folders and publish the findings. */
export const LINT_WORKSPACE_REQUEST = 'pipelint/lintWorkspace';
/** Request: the Markdown of one lesson, for the lesson view. */
export const LESSON_REQUEST = 'pipelint/lesson';
/** Notification from the server: its state and how many findings the open documents have. */
export const STATUS_NOTIFICATION = 'pipelint/status';

export interface LessonParams {
  lessonId: string;
}

export interface LessonResult {
  lessonId: string;
  title: string;
  markdown: string;
}

export interface LintWorkspaceResult {
  filesLinted: number;
  filesWithFindings: number;
  findings: number;
  /** Files left out because they are over `maxFileSizeKb`, ignored by config, or unreadable. */
  skipped: number;
}

export type ServerState = 'ready' | 'linting' | 'configError';

export interface StatusParams {
  state: ServerState;
  /** Findings across all open documents. */
  openFindings: number;
  /** Set when state is configError: `path:line:column: message`. */
  detail?: string;
}

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
export interface PipelintSettings {
  enable: boolean;
  /** Rule id -> severity; overrides the config file. */
  rules: Record<string, string>;
  /** 'auto' defers to pipelint.config.json. */
  dialect: string;
  /** When true, every SQL file is linted as if it ran inside one transaction; false defers to the config file. */
  assumeInTransaction: boolean;
  debounceMs: number;
  maxFileSizeKb: number;
}

export const DEFAULT_SETTINGS: PipelintSettings = {
  enable: true,
  rules: {},
  dialect: 'auto',
  assumeInTransaction: false,
  debounceMs: 150,
  maxFileSizeKb: 2048,
};

/** A command-link URI for the show-lesson command, as Markdown in hovers uses it. */
export function showLessonCommandUri(lessonId: string): string {
  const args: ShowLessonArgs[] = [{ lessonId }];
  return `command:${SHOW_LESSON_COMMAND}?${encodeURIComponent(JSON.stringify(args))}`;
}
