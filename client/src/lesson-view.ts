import * as vscode from 'vscode';
import { lessonHtml } from './lesson-html.js';

/** One reusable editor tab for lessons: showing another lesson replaces the content. */
export class LessonView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  show(title: string, markdown: string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('pipelint.lesson', title, vscode.ViewColumn.Beside, {
        enableScripts: false,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = `Lesson: ${title}`;
    this.panel.webview.html = lessonHtml(title, markdown);
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
