import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position as LspPosition,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { ruleDocsUrl, type DocsLinkOptions, type Finding, type Fix, type Position, type Range, type Severity } from '@pipelint/engine';

export const SOURCE = 'pipelint';

/** A rule's rewrite with its edits already in LSP coordinates. */
export interface LspFix {
  title: string;
  edits: LspTextEdit[];
}

/** Everything a code action needs, carried on the diagnostic so it needs no second lint. */
export interface DiagnosticData {
  ruleId: string;
  concept: string | null;
  origin: Finding['origin'];
  /** The document version the edits were computed for; edits are only offered against that version. */
  version: number;
  fix?: LspFix;
  suggestions?: LspFix[];
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warn: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITIES[severity];
}

/** Findings count lines and columns from 1; LSP counts both from 0. Both count UTF-16 code units. */
export function toLspPosition(position: Position): LspPosition {
  return { line: position.line - 1, character: position.column - 1 };
}

export function toLspRange(range: Range): LspRange {
  return { start: toLspPosition(range.start), end: toLspPosition(range.end) };
}

/** Maps an offset of the linted text to an LSP position (TextDocument.positionAt does this). */
export type PositionAt = (offset: number) => LspPosition;

export function toLspFix(fix: Fix, positionAt: PositionAt): LspFix {
  return {
    title: fix.title,
    edits: fix.edits.map((edit) => ({ range: { start: positionAt(edit.span.start), end: positionAt(edit.span.end) }, newText: edit.text })),
  };
}

/** `links`: how `codeDescription.href` is written (core/docs-url.ts); a file: URI into the installed docs/ by default. */
export function findingToDiagnostic(finding: Finding, uri: string, version: number, positionAt: PositionAt, links: DocsLinkOptions = {}): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, concept: finding.concept, origin: finding.origin, version };
  if (finding.fix) data.fix = toLspFix(finding.fix, positionAt);
  if (finding.suggestions?.length) data.suggestions = finding.suggestions.map((s) => toLspFix(s, positionAt));
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: toLspSeverity(finding.severity),
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId, links) },
    source: SOURCE,
    message: finding.message,
    data,
  };
  if (finding.related?.length) diagnostic.relatedInformation = finding.related.map((r) => relatedInfo(r, uri));
  return diagnostic;
}

function relatedInfo(related: NonNullable<Finding['related']>[number], uri: string): DiagnosticRelatedInformation {
  return { location: { uri, range: toLspRange(related.range) }, message: related.message };
}

export function findingsToDiagnostics(findings: readonly Finding[], uri: string, version: number, positionAt: PositionAt, links: DocsLinkOptions = {}): Diagnostic[] {
  return findings.map((f) => findingToDiagnostic(f, uri, version, positionAt, links));
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<DiagnosticData>;
  return typeof v.ruleId === 'string' && typeof v.version === 'number';
}

/** True when the position lies inside the range; an empty range matches the position it sits on. */
export function rangeContains(range: LspRange, position: LspPosition): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}
