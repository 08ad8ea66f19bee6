import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { JINJA_SQL_EXTENSIONS, JINJA_SQL_LANGUAGE_ID } from '@pipelint/engine/constants';

/** `{#` writes a Jinja comment `{# ... #}`: in a dbt model a `--` comment would land in the compiled SQL. */
export type CommentMarker = '--' | '//' | '#' | '{#';

/** Matches an existing directive so a second rule joins it: stacked next-line comments would disable the comment below. */
const DIRECTIVE_LINE = /^(\s*(?:--|\/\/|#|\{#-?)\s*pipelint-(disable-next-line|disable-file))([ \t]+[\w-]+(?:[ \t]*,[ \t]*[\w-]+|[ \t]+(?!--)[\w-]+)*)?/;

/** A Jinja expression or tag, as a dbt model has: `{{ ref('x') }}`, `{% if %}`. */
const JINJA_TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

/** True for a Jinja template: by its name or language id, or a `.sql` file (a dbt model) that uses Jinja tags. */
export function isJinjaDocument(doc: TextDocument): boolean {
  const name = doc.uri.toLowerCase();
  return doc.languageId === JINJA_SQL_LANGUAGE_ID || JINJA_SQL_EXTENSIONS.some((ext) => name.endsWith(ext)) || JINJA_TAG.test(doc.getText());
}

export function commentMarkerFor(language: 'sql' | 'ts' | 'py', doc?: TextDocument): CommentMarker {
  if (language === 'ts') return '//';
  if (language === 'py') return '#';
  return doc && isJinjaDocument(doc) ? '{#' : '--';
}

function comment(marker: CommentMarker, body: string): string {
  return marker === '{#' ? `{# ${body} #}` : `${marker} ${body}`;
}

function lineText(doc: TextDocument, line: number): string {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$|\r$/, '');
}

function eol(doc: TextDocument): string {
  return doc.getText().includes('\r\n') ? '\r\n' : '\n';
}

/** Adds `ruleId` to the directive on `line` when it is one of `kind`; null when the line holds none. */
function joinDirective(doc: TextDocument, line: number, kind: string, ruleId: string): TextEdit | null {
  if (line < 0 || line >= doc.lineCount) return null;
  const match = DIRECTIVE_LINE.exec(lineText(doc, line));
  if (!match || match[2] !== kind || !match[3]) return null;
  const at = { line, character: match[0].length };
  return { range: { start: at, end: at }, newText: `, ${ruleId}` };
}

/** `-- pipelint-disable-next-line <rule>` (or `{# ... #}`) above the line, indented like it. */
export function disableNextLineEdit(doc: TextDocument, line: number, ruleId: string, marker: CommentMarker): TextEdit {
  const joined = joinDirective(doc, line - 1, 'disable-next-line', ruleId);
  if (joined) return joined;
  const indent = /^[ \t]*/.exec(lineText(doc, line))?.[0] ?? '';
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}${comment(marker, `pipelint-disable-next-line ${ruleId}`)}${eol(doc)}` };
}

/** `-- pipelint-disable-file <rule>` as the first line (after a `#!` line), or joined to such a directive there. */
export function disableFileEdit(doc: TextDocument, ruleId: string, marker: CommentMarker): TextEdit {
  const first = lineText(doc, 0).startsWith('#!') ? 1 : 0;
  const joined = joinDirective(doc, first, 'disable-file', ruleId);
  if (joined) return joined;
  const at = { line: first, character: 0 };
  const needsBreak = first === 1 && doc.lineCount === 1;
  return { range: { start: at, end: at }, newText: `${needsBreak ? eol(doc) : ''}${comment(marker, `pipelint-disable-file ${ruleId}`)}${eol(doc)}` };
}
