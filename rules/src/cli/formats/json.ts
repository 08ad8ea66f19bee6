import type { Finding, Fix, LessonId, Severity } from '../../core/types.js';
import type { Language } from '../../engine.js';
import { countSeverities, findingDocsUrl, type FileReport, type FormatContext } from './types.js';

/**
 * The `--format json` output: one entry per linted file, findings sorted by position. Lines and columns
 * are 1-based, end positions exclusive; fix edits are 0-based UTF-16 offsets into the file.
 */
export interface JsonFileResult {
  filePath: string;
  language: Language;
  errorCount: number;
  warningCount: number;
  suppressedCount: number;
  findings: JsonFinding[];
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  concept: LessonId | null;
  docsUrl: string;
  fix?: JsonFix;
  suggestions?: JsonFix[];
}

export interface JsonFix {
  title: string;
  edits: { start: number; end: number; text: string }[];
}

export function toJsonResults(files: readonly FileReport[], docsBaseUrl?: string | null): JsonFileResult[] {
  return files.map((file) => {
    const counts = countSeverities([file]);
    return {
      filePath: file.path,
      language: file.language,
      errorCount: counts.error,
      warningCount: counts.warn,
      suppressedCount: file.suppressedCount,
      findings: file.findings.map((finding) => toJsonFinding(finding, docsBaseUrl)),
    };
  });
}

function toJsonFinding(finding: Finding, docsBaseUrl: string | null | undefined): JsonFinding {
  const { start, end } = finding.range;
  const out: JsonFinding = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    concept: finding.concept,
    docsUrl: findingDocsUrl(finding, docsBaseUrl),
  };
  if (finding.fix) out.fix = toJsonFix(finding.fix);
  if (finding.suggestions && finding.suggestions.length > 0) out.suggestions = finding.suggestions.map(toJsonFix);
  return out;
}

function toJsonFix(fix: Fix): JsonFix {
  return { title: fix.title, edits: fix.edits.map((e) => ({ start: e.span.start, end: e.span.end, text: e.text })) };
}

export function formatJson(files: readonly FileReport[], context?: FormatContext): string {
  return JSON.stringify(toJsonResults(files, context?.docsBaseUrl), null, 2) + '\n';
}
