import { EDITOR_LANGUAGES, engineFinding, languageOf, LineIndex, lintText, PARSE_ERROR, type Finding, type Language, type ResolvedConfig } from '@pipelint/engine';
import { applySizeLimit, formatSize } from './size-limit.js';

export interface EditorLintResult {
  findings: Finding[];
  /** The text the findings refer to (a prefix of the document when it was over the size limit). */
  linted: string;
  outcome: 'whole' | 'truncated' | 'skipped' | 'crashed';
}

const SKIPPED_MESSAGE = 'This file is {{size}} and its first line alone is over the {{limit}} limit (pipelint.maxFileSizeKb); pipelint did not analyse it.';

/**
 * The file name the engine lints a document as: its own when the extension tells the language, else one
 * with the extension of the editor's language id (an untitled SQL buffer, a `.pgsql` file); null when
 * pipelint does not lint it (declaration files, other languages).
 */
export function lintFilename(path: string, languageId: string): string | null {
  if (languageOf(path) !== null) return path;
  if (path.toLowerCase().endsWith('.d.ts')) return null;
  const ext = Object.hasOwn(EDITOR_LANGUAGES, languageId) ? EDITOR_LANGUAGES[languageId] : undefined;
  return ext === undefined ? null : path + ext;
}

export interface LintLogger {
  error(message: string): void;
}

/** Lints a document for the editor: never throws, honours the size limit and says so when it applies. */
export function lintForEditor(text: string, filename: string, config: ResolvedConfig, maxFileSizeKb: number, log: LintLogger): EditorLintResult {
  const language: Language = languageOf(filename) ?? 'sql';
  const size = applySizeLimit(text, maxFileSizeKb, language);
  const limit = formatSize(maxFileSizeKb * 1024);
  const data = { size: formatSize(size.bytes), limit };
  if (size.outcome === 'skipped') {
    return { findings: [notice(text, 'tooLarge', SKIPPED_MESSAGE, data)], linted: text, outcome: 'skipped' };
  }
  let findings: Finding[];
  try {
    findings = lintText(size.text, { filename, config }).findings;
  } catch (error) {
    // lintText promises not to throw; if it ever does, the editor keeps working without findings.
    log.error(`pipelint crashed on ${filename}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { findings: [], linted: size.text, outcome: 'crashed' };
  }
  if (size.outcome === 'truncated') findings.unshift(notice(text, 'tooLarge', PARSE_ERROR.messages.tooLarge, data));
  return { findings, linted: size.text, outcome: size.outcome };
}

function notice(text: string, messageId: string, template: string, data: Record<string, string>): Finding {
  const lines = new LineIndex(text.slice(0, 4096));
  return engineFinding(PARSE_ERROR.id, messageId, template, data, lines, { start: 0, end: lines.lineEnd(1) }, 'info');
}
