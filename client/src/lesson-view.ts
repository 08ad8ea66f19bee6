import * as vscode from 'vscode';
import { TRUSTED_COMMANDS } from './doc-links.js';
import { lessonHtml } from './lesson-html.js';

/** One reusable editor tab for lessons and rule pages: showing another replaces the content. */
export class LessonView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  show(title: string, markdown: string, kind: 'Lesson' | 'Rule' = 'Lesson'): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('pipelint.lesson', title, vscode.ViewColumn.Beside, {
        enableScripts: false,
        // The page's links to other lessons and rules are command: links to these commands only.
        enableCommandUris: TRUSTED_COMMANDS,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = `${kind}: ${title}`;
    this.panel.webview.html = lessonHtml(title, markdown);
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
