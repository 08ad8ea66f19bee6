import type { ResolvedConfig } from '../core/config.js';
import { engineFinding, ruleCrashFinding, ruleFinding } from '../core/engine-finding.js';
import { PARSE_ERROR } from '../core/engine-rules.js';
import type { CommentText } from '../core/suppressions.js';
import type { Finding, Severity } from '../core/types.js';
import { lintEmbeddedSql } from './embedded.js';
import { parsePython, spanOf, type PyDocument } from './model.js';
import type { PyNode } from './parser.js';
import type { PyRule } from './rule-api.js';
import { pyRules } from './rules/index.js';

export interface PyLintOutput {
  findings: Finding[];
  comments: CommentText[];
}

/** At most this many syntax notices per file: one broken construct can leave many ERROR nodes behind it. */
const MAX_PARSE_NOTICES = 10;

/** Lints a Python file: the Python rules, then the SQL it sends to databases with the SQL rules. */
export function lintPython(text: string, filename: string, config: ResolvedConfig): PyLintOutput {
  return lintPythonWithRules(pyRules, text, filename, config);
}

/** `lintPython` over a given rule set; tests use it to register a crashing rule. */
export function lintPythonWithRules(rules: readonly PyRule<object>[], text: string, filename: string, config: ResolvedConfig): PyLintOutput {
  const doc = parsePython(text);
  try {
    const findings: Finding[] = [];
    for (const rule of rules) runRule(rule, doc, filename, config, findings);
    for (const finding of lintEmbeddedSql(doc, filename, config)) findings.push(finding);
    const severity = config.rules[PARSE_ERROR.id]?.severity ?? 'warn';
    if (severity !== 'off') {
      for (const problem of doc.problems.slice(0, MAX_PARSE_NOTICES)) findings.push(parseNotice(doc, problem, severity));
    }
    const comments = doc.comments.map((c) => ({ body: c.text.slice(1), span: spanOf(c) }));
    return { findings, comments };
  } finally {
    // The tree lives in WebAssembly memory, which the garbage collector does not reclaim.
    doc.tree.delete();
  }
}

function runRule(rule: PyRule<object>, doc: PyDocument, filename: string, config: ResolvedConfig, findings: Finding[]): void {
  const setting = config.rules[rule.meta.id];
  const severity = setting?.severity ?? rule.meta.defaultSeverity;
  if (severity === 'off') return;
  if (rule.relevant && !rule.relevant(doc.text)) return;
  const options = { ...rule.defaultOptions, ...(setting?.options ?? {}) };
  const own: Finding[] = [];
  try {
    rule.check({ doc, filename, options, report: (report) => own.push(ruleFinding(rule.meta, severity, { ...report, span: report.span ?? (report.node ? spanOf(report.node) : { start: 0, end: 0 }) }, doc.lines, 'py')) });
    findings.push(...own);
  } catch (error) {
    findings.push(ruleCrashFinding(rule.meta.id, error, doc.lines));
  }
}

function parseNotice(doc: PyDocument, node: PyNode, severity: Severity): Finding {
  const detail = node.isMissing ? `Python syntax error: missing \`${node.type}\`` : `Python syntax error near \`${firstLine(node.text)}\``;
  const start = node.startIndex;
  const end = node.isMissing ? start : Math.min(node.endIndex, doc.lines.lineEnd(doc.lines.position(start).line));
  return engineFinding(PARSE_ERROR.id, 'partial', PARSE_ERROR.messages.partial, { detail }, doc.lines, { start, end }, severity);
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0].trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
