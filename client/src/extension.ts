import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  LANGUAGE_IDS,
  LessonListRequest,
  LessonRequest,
  LINT_WORKSPACE_COMMAND,
  LintWorkspaceRequest,
  RESTART_SERVER_COMMAND,
  RuleDocsRequest,
  SHOW_LESSON_COMMAND,
  SHOW_RULE_DOCS_COMMAND,
  StatusNotification,
  type InitializationOptions,
} from '@pipelint/language-server';
import { lessonArg, ruleArg, TRUSTED_COMMANDS } from './doc-links.js';
import { LessonView } from './lesson-view.js';
import { StatusItem } from './status.js';

let client: LanguageClient | undefined;

/** The bundled server in a packaged extension; the compiled one when running from a checkout. */
function serverModule(context: vscode.ExtensionContext): string {
  const bundled = context.asAbsolutePath('dist/server.js');
  return existsSync(bundled) ? bundled : context.asAbsolutePath('server/out/main.js');
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = serverModule(context);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = { lessonLinks: 'command' };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    initializationOptions,
    // Hover cards link to the lesson and rule docs views; those commands are the only ones Markdown may run.
    markdown: { isTrusted: { enabledCommands: [...TRUSTED_COMMANDS] }, supportHtml: false },
  };
  return new LanguageClient('pipelint', 'pipelint', serverOptions, clientOptions);
}

async function pickLesson(): Promise<string | undefined> {
  if (!client) return undefined;
  const lessons = await client.sendRequest(LessonListRequest);
  const items = lessons.map((l) => ({ label: l.title, description: l.lessonId, detail: l.shortAnswer, id: l.lessonId }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Which lesson?', matchOnDescription: true });
  return picked?.id;
}

async function showLesson(view: LessonView, arg: unknown): Promise<void> {
  const lessonId = lessonArg(arg) ?? (await pickLesson());
  if (!lessonId || !client) return;
  const lesson = await client.sendRequest(LessonRequest, { lessonId });
  view.show(lesson.title, lesson.markdown);
}

async function showRuleDocs(view: LessonView, arg: unknown): Promise<void> {
  const ruleId = ruleArg(arg);
  if (!ruleId || !client) return;
  const docs = await client.sendRequest(RuleDocsRequest, { ruleId });
  view.show(docs.title, docs.markdown, 'Rule');
}

async function lintWorkspace(): Promise<void> {
  if (!client) return;
  const result = await client.sendRequest(LintWorkspaceRequest, {});
  const files = `${result.filesLinted} file${result.filesLinted === 1 ? '' : 's'}`;
  void vscode.window.showInformationMessage(`pipelint: ${result.findings} finding(s) in ${result.filesWithFindings} of ${files} linted.`);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const view = new LessonView();
  const status = new StatusItem();
  client = createClient(context);
  const active = client;
  context.subscriptions.push(
    view,
    status,
    active,
    active.onDidChangeState((e) => status.setState(e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped')),
    active.onNotification(StatusNotification, (params) => status.setStatus(params)),
    vscode.commands.registerCommand(SHOW_LESSON_COMMAND, (arg: unknown) => showLesson(view, arg)),
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, (arg: unknown) => showRuleDocs(view, arg)),
    vscode.commands.registerCommand(LINT_WORKSPACE_COMMAND, () => lintWorkspace()),
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, () => active.restart()),
  );
  await active.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
