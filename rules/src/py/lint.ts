import type { ResolvedConfig } from '../core/config.js';
import { formatMessage, PARSE_ERROR, RULE_ERROR } from '../core/engine-rules.js';
import type { CommentText } from '../core/suppressions.js';
import type { Finding, Severity } from '../core/types.js';
import { lintEmbeddedSql } from './embedded.js';
import { parsePython, spanOf, type PyDocument } from './model.js';
import type { PyNode } from './parser.js';
import type { PyReport, PyRule } from './rule-api.js';
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
    rule.check({ doc, filename, options, report: (report) => own.push(toFinding(doc, rule, severity, report)) });
    findings.push(...own);
  } catch (error) {
    const data = { rule: rule.meta.id, detail: error instanceof Error ? error.message : String(error) };
    findings.push({
      ruleId: RULE_ERROR.id,
      concept: null,
      severity: RULE_ERROR.defaultSeverity,
      message: formatMessage(RULE_ERROR.messages.crashed, data),
      messageId: 'crashed',
      data,
      range: doc.lines.range(0, 0),
      origin: 'engine',
    });
  }
}

function toFinding(doc: PyDocument, rule: PyRule<object>, severity: Severity, report: PyReport): Finding {
  const span = report.span ?? (report.node ? spanOf(report.node) : { start: 0, end: 0 });
  const data = report.data ?? {};
  const template = rule.meta.messages[report.messageId] ?? report.messageId;
  const finding: Finding = {
    ruleId: rule.meta.id,
    concept: rule.meta.concept,
    severity,
    message: formatMessage(template, data),
    messageId: report.messageId,
    data,
    range: doc.lines.range(span.start, span.end),
    origin: 'py',
  };
  if (report.fix) finding.fix = report.fix;
  if (report.suggestions?.length) finding.suggestions = report.suggestions;
  return finding;
}

function parseNotice(doc: PyDocument, node: PyNode, severity: Severity): Finding {
  const detail = node.isMissing ? `Python syntax error: missing \`${node.type}\`` : `Python syntax error near \`${firstLine(node.text)}\``;
  const data = { detail };
  const start = node.startIndex;
  return {
    ruleId: PARSE_ERROR.id,
    concept: null,
    severity,
    message: formatMessage(PARSE_ERROR.messages.partial, data),
    messageId: 'partial',
    data,
    range: doc.lines.range(start, node.isMissing ? start : Math.min(node.endIndex, doc.lines.lineEnd(doc.lines.position(start).line))),
    origin: 'engine',
  };
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0].trim();
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
