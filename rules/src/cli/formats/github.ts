import type { Finding, Severity } from '../../core/types.js';
import { escapeControlCharacters } from '../../core/untrusted-text.js';
import { ruleDocsHint } from '../../core/docs-url.js';
import type { FileReport, FormatContext } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warn: 'warning', info: 'notice', hint: 'notice' };

/** Escapes the message part of a workflow command. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a `key=value` property of a workflow command, where `,` and `:` are separators too. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request diff. */
export function formatGithub(files: readonly FileReport[], context?: FormatContext): string {
  const out: string[] = [];
  for (const file of files) for (const finding of file.findings) out.push(annotation(file.path, finding, context?.docsBaseUrl));
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function annotation(path: string, finding: Finding, docsBaseUrl: string | null | undefined): string {
  const { start, end } = finding.range;
  const properties: [string, string | number][] = [
    ['file', path],
    ['line', start.line],
    ['col', start.column],
    ['endLine', end.line],
    ['endColumn', end.column],
    ['title', `pipelint(${finding.ruleId})`],
  ];
  // The message's own line breaks and escape sequences are the linted file's text: shown as `\n`, `\x1b`.
  // A runner's file paths mean nothing on the annotation's page: the hint is the team's URL or a command.
  const message = `${escapeControlCharacters(finding.message)}\nWhy and how to fix: ${ruleDocsHint(finding.ruleId, docsBaseUrl)}`;
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[finding.severity]} ${props}::${escapeData(message)}`;
}
