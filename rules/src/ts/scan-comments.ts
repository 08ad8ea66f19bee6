import ts from 'typescript';
import type { CommentText } from '../core/suppressions.js';

/**
 * Comments found by TypeScript's scanner alone, for files the parser rejects: suppression comments must
 * still work there (a `pipelint-disable-file parse-error`, say). The scanner may misread a regex or a
 * template after a syntax error; a missed comment is the worst case.
 */
export function scanComments(text: string): CommentText[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const comments: CommentText[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind !== ts.SyntaxKind.SingleLineCommentTrivia && kind !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    const raw = text.slice(start, end);
    const body = kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
    comments.push({ body, span: { start, end } });
  }
  return comments;
}
