import * as vscode from 'vscode';
import type { StatusParams } from '@pipelint/language-server';
import { statusText, type ClientState } from './status-text.js';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('pipelint.status', vscode.StatusBarAlignment.Right, 100);
  private state: ClientState = 'starting';
  private status: StatusParams | undefined;

  constructor() {
    this.item.name = 'pipelint';
    this.item.command = 'workbench.actions.view.problems';
    this.render();
    this.item.show();
  }

  setState(state: ClientState): void {
    this.state = state;
    this.render();
  }

  setStatus(status: StatusParams): void {
    this.status = status;
    this.render();
  }

  private render(): void {
    const { text, tooltip } = statusText(this.state, this.status);
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.item.dispose();
  }
}
