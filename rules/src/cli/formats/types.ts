import { ruleDocsUrl } from '../../core/docs-url.js';
import type { Language } from '../../engine.js';
import type { Finding, Severity } from '../../core/types.js';

/** One linted file as the formatters see it. */
export interface FileReport {
  absolutePath: string;
  /** Relative to the working directory, with forward slashes; `<stdin>` for standard input without a name. */
  path: string;
  text: string;
  language: Language;
  findings: Finding[];
  suppressedCount: number;
  /** Set when this report is a configuration file that cannot be used; `governed` files were not linted. */
  configError?: { message: string; line: number; column: number; governed: number };
}

export interface FormatContext {
  cwd: string;
  /** ANSI colours on (stylish only). */
  color: boolean;
  version: string;
  /** The `docsBaseUrl` of the configuration of the working directory (or `--config`); null: offline links. */
  docsBaseUrl?: string | null;
}

export type Formatter = (files: readonly FileReport[], context: FormatContext) => string;

export type SeverityCounts = Record<Severity, number>;

export function countSeverities(files: readonly FileReport[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warn: 0, info: 0, hint: 0 };
  for (const file of files) for (const finding of file.findings) counts[finding.severity]++;
  return counts;
}

/** `<docsBaseUrl>/rules/<id>.md`, else the page in the installed package's docs/ as a file: URI. */
export function findingDocsUrl(finding: Finding, docsBaseUrl?: string | null): string {
  return ruleDocsUrl(finding.ruleId, { docsBaseUrl });
}
