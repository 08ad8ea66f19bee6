import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ENGINE_RULES } from '@pipelint/engine';
import { commentMarkerFor, disableFileEdit, disableNextLineEdit } from './disable-comments.js';
import { isDiagnosticData, SOURCE, type DiagnosticData, type LspFix } from './diagnostics.js';
import { SHOW_LESSON_COMMAND, type ShowLessonArgs } from './protocol.js';

export interface CodeActionInput {
  doc: TextDocument;
  language: 'sql' | 'ts' | 'py';
  /** The diagnostics the client sent in the request context. */
  diagnostics: readonly Diagnostic[];
  /** Offer "Show lesson" actions; only a client that implements pipelint.showLesson can run them. */
  lessonCommand: boolean;
  /** CodeActionContext.only, when the client restricts the kinds it wants. */
  only?: readonly string[];
}

const ENGINE_IDS = new Set(ENGINE_RULES.map((r) => r.id));

function workspaceEdit(doc: TextDocument, version: number, edits: TextEdit[]): WorkspaceEdit {
  // A versioned edit is refused by the client if the document changed since the lint.
  return { documentChanges: [{ textDocument: { uri: doc.uri, version }, edits }] };
}

function fixAction(doc: TextDocument, diagnostic: Diagnostic, data: DiagnosticData, fix: LspFix, preferred: boolean): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred,
    edit: workspaceEdit(doc, data.version, fix.edits),
  };
}

function editAction(doc: TextDocument, diagnostic: Diagnostic, title: string, edit: TextEdit): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(doc, doc.version, [edit]) };
}

function lessonAction(diagnostic: Diagnostic, lessonId: string): CodeAction {
  const args: ShowLessonArgs = { lessonId };
  return {
    title: `Show lesson: ${lessonId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: 'Show lesson', command: SHOW_LESSON_COMMAND, arguments: [args] },
  };
}

/**
 * True when a Python line starts inside a triple-quoted string, where a `#` line above it would be SQL text.
 * Counts `"""` and `'''` before the line: cheap, and right unless they hide in comments or other strings.
 */
export function insideTripleQuoted(doc: TextDocument, line: number): boolean {
  const before = doc.getText({ start: { line: 0, character: 0 }, end: { line, character: 0 } });
  let open: string | null = null;
  for (const match of before.matchAll(/\\.|"""|'''/gs)) {
    const token = match[0];
    if (token.startsWith('\\')) continue;
    if (open === null) open = token;
    else if (open === token) open = null;
  }
  return open !== null;
}

/**
 * True when a line starts inside a multi-line template literal, where a `//` comment above it would be
 * SQL text. Counts unescaped backticks before the line: cheap, and right unless backticks hide in comments.
 */
export function insideTemplateLiteral(doc: TextDocument, line: number): boolean {
  const before = doc.getText({ start: { line: 0, character: 0 }, end: { line, character: 0 } });
  const backticks = before.match(/(?<!\\)`/g)?.length ?? 0;
  return backticks % 2 === 1;
}

function actionsFor(input: CodeActionInput, diagnostic: Diagnostic, data: DiagnosticData): CodeAction[] {
  const { doc } = input;
  const actions: CodeAction[] = [];
  // Edits computed for an older version would land in the wrong place.
  if (data.version === doc.version) {
    if (data.fix) actions.push(fixAction(doc, diagnostic, data, data.fix, true));
    for (const suggestion of data.suggestions ?? []) actions.push(fixAction(doc, diagnostic, data, suggestion, false));
  }
  if (!ENGINE_IDS.has(data.ruleId)) {
    const marker = commentMarkerFor(input.language, doc);
    const inString = input.language === 'py' ? insideTripleQuoted(doc, diagnostic.range.start.line) : insideTemplateLiteral(doc, diagnostic.range.start.line);
    if (data.origin !== 'embedded-sql' || !inString) {
      actions.push(editAction(doc, diagnostic, `Disable ${data.ruleId} for this line`, disableNextLineEdit(doc, diagnostic.range.start.line, data.ruleId, marker)));
    }
    actions.push(editAction(doc, diagnostic, `Disable ${data.ruleId} for this file`, disableFileEdit(doc, data.ruleId, marker)));
  }
  if (input.lessonCommand && data.concept) actions.push(lessonAction(diagnostic, data.concept));
  return actions;
}

/** Quick fixes for pipelint diagnostics, built only from what the diagnostics carry. */
export function codeActionsFor(input: CodeActionInput): CodeAction[] {
  if (input.only && !input.only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(kind + '.') || kind === '')) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of input.diagnostics) {
    if (diagnostic.source !== SOURCE || !isDiagnosticData(diagnostic.data)) continue;
    actions.push(...actionsFor(input, diagnostic, diagnostic.data));
  }
  return actions;
}
