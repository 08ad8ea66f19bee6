import { isAbsolute } from 'node:path';
import { DEFAULT_CONFIG, type ResolvedConfig } from './core/config.js';
import { PARSE_ERROR, UNUSED_SUPPRESSION, type EngineRuleMeta } from './core/engine-rules.js';
import { LineIndex } from './core/line-index.js';
import {
  applySuppressions,
  parseDirectives,
  type CommentText,
  type Directive,
} from './core/suppressions.js';
import type { Finding, SeveritySetting, Span } from './core/types.js';
import { configHooks, isDbtYamlFile, lintHooks, yamlHooks } from './project/dbt-hooks.js';
import { dbtModelProject, findDbtProjectRoot, type DbtModelProject } from './project/dbt-project.js';
import { parseSql } from './sql/parse.js';
import { sqlRules } from './sql/rules/index.js';
import { runSqlRules } from './sql/run-rules.js';
import type { Token } from './sql/model.js';
import { isKnownRule } from './registry.js';
import { ensureLanguages, languageOf, languageReady, pythonParser, type Language } from './core/language.js';
import { engineFinding } from './core/engine-finding.js';

// languageOf and engineFinding live in modules of their own, which the CLI loads without the engine.
export { ensureLanguages, languageOf, languageReady, engineFinding, type Language };

export interface LintResult {
  filename: string;
  language: Language;
  /** Sorted by position. */
  findings: Finding[];
  /** How many findings pipelint-disable comments hid. */
  suppressedCount: number;
}

export interface LintOptions {
  filename: string;
  config?: ResolvedConfig;
}


/**
 * Lints one file's text. Never throws on any input: problems become findings. A Python file needs
 * `await ensureLanguages(['py'])` first; without it this throws PythonNotLoadedError (a caller's mistake).
 */
export function lintText(text: string, options: LintOptions): LintResult {
  const config = options.config ?? DEFAULT_CONFIG;
  const language = languageOf(options.filename) ?? 'sql';
  const lines = new LineIndex(text);
  if (text.includes('\u0000')) {
    const severity = engineSeverity(PARSE_ERROR, config, PARSE_ERROR.defaultSeverity);
    return finish(options.filename, language, lines, severity === 'off' ? [] : [binaryFinding(lines, severity)], [], config);
  }
  if (language === 'ts') {
    // Loaded on first use: the SQL path must not pay for TypeScript and ESLint start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('./ts/lint.js') as typeof import('./ts/lint.js');
    const out = ts.lintTypeScript(text, options.filename, config);
    const note = ts.importsCutOffNote(options.filename);
    const severity = engineSeverity(PARSE_ERROR, config, 'info');
    if (note !== null && severity !== 'off') {
      out.findings.push(engineFinding(PARSE_ERROR.id, 'importsCutOff', PARSE_ERROR.messages.importsCutOff, { detail: note }, lines, { start: 0, end: 0 }, severity));
    }
    return finish(options.filename, language, lines, out.findings, out.comments, config);
  }
  if (language === 'py') {
    if (!pythonParser().isPythonReady()) throw new (pythonParser().PythonNotLoadedError)();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const py = require('./py/lint.js') as typeof import('./py/lint.js');
    const out = py.lintPython(text, options.filename, config);
    return finish(options.filename, language, lines, out.findings, out.comments, config);
  }
  if (isDbtYamlFile(options.filename)) return lintDbtYamlText(text, options.filename, config, lines);
  return lintSqlText(text, options.filename, config);
}

/** A dbt YAML file: its hooks linted as SQL, its YAML syntax errors at their line and column. Outside a dbt project, nothing. */
function lintDbtYamlText(text: string, filename: string, config: ResolvedConfig, lines: LineIndex): LintResult {
  const isProject = /(?:^|[\\/])dbt_project\.yml$/i.test(filename);
  if (!isProject && (!isAbsolute(filename) || findDbtProjectRoot(filename) === null)) return finish(filename, 'sql', lines, [], [], config);
  const { hooks, problem } = yamlHooks(text, isProject);
  const findings = lintHooks(hooks, lines, config, filename);
  const severity = engineSeverity(PARSE_ERROR, config, 'warn');
  if (problem !== null && severity !== 'off') {
    const offset = Math.min(text.length, lines.lineStart(problem.line) + problem.column - 1);
    const data = { line: String(problem.line), column: String(problem.column), detail: problem.detail };
    findings.push(engineFinding(PARSE_ERROR.id, 'yamlSyntax', PARSE_ERROR.messages.yamlSyntax, data, lines, { start: offset, end: offset }, severity));
  }
  return finish(filename, 'sql', lines, findings, yamlComments(text), config);
}

/** `# ...` comments of a YAML file that start a line, for suppression directives. */
function yamlComments(text: string): CommentText[] {
  const out: CommentText[] = [];
  for (const match of text.matchAll(/^[ \t]*(#[^\r\n]*)/gm)) {
    const start = (match.index ?? 0) + match[0].length - match[1].length;
    out.push({ body: match[1].slice(1), span: { start, end: start + match[1].length } });
  }
  return out;
}

function lintSqlText(text: string, filename: string, config: ResolvedConfig): LintResult {
  // The parser honours a `pipelint-assume-in-transaction` comment itself.
  const doc = parseSql(text, { dialect: config.dialect, assumeInTransaction: config.assumeInTransaction });
  // The rules map offsets through doc.lines; sharing it finds the line starts once.
  const lines = doc.lines;
  const comments = sqlComments(doc.comments, text);
  const project = projectOf(filename);
  doc.dbt.project = project;
  const findings = runSqlRules(doc, sqlRules, config, filename);
  // Hooks written in the model's config(): linted where they are written. YAML hooks are linted in their YAML file.
  const hooks = configHooks(doc);
  if (hooks.length > 0) findings.push(...lintHooks(hooks, lines, config, filename));
  const severity = engineSeverity(PARSE_ERROR, config, 'warn');
  if (severity !== 'off') {
    for (const problem of doc.problems) {
      findings.push(engineFinding(PARSE_ERROR.id, 'partial', PARSE_ERROR.messages.partial, { detail: problem.message }, lines, problem.span, severity));
    }
    for (const problem of project?.problems ?? []) {
      const messageId = problem.kind === 'yaml' ? 'projectYaml' : problem.kind === 'manifest' ? 'projectManifest' : 'projectSkipped';
      const data = { file: problem.file, line: String(problem.line), column: String(problem.column), detail: problem.detail };
      findings.push(engineFinding(PARSE_ERROR.id, messageId, PARSE_ERROR.messages[messageId], data, lines, { start: 0, end: 0 }, severity));
    }
  }
  return finish(filename, 'sql', lines, findings, comments, config);
}

/** The dbt project config around a model file on disk; a failure to read it never stops the lint. */
function projectOf(filename: string): DbtModelProject | null {
  try {
    return dbtModelProject(filename);
  } catch {
    return null;
  }
}

/** Comment bodies without their delimiters, for suppression directives. */
export function sqlComments(tokens: readonly Token[], text: string): CommentText[] {
  const comments: CommentText[] = [];
  for (const token of tokens) {
    if (token.kind !== 'comment' && token.kind !== 'jinja-comment') continue;
    comments.push({ body: commentBody(text.slice(token.start, token.end)), span: { start: token.start, end: token.end } });
  }
  return comments;
}

function commentBody(raw: string): string {
  if (raw.startsWith('--') || raw.startsWith('//')) return raw.slice(2);
  if (raw.startsWith('#')) return raw.slice(1);
  if (raw.startsWith('/*') || raw.startsWith('{#')) return raw.slice(2).replace(/(\*\/|#\})$/, '').replace(/^-/, '').replace(/-$/, '');
  return raw;
}

function finish(
  filename: string,
  language: Language,
  lines: LineIndex,
  findings: Finding[],
  comments: CommentText[],
  config: ResolvedConfig,
): LintResult {
  const directives = parseDirectives(comments, lines);
  const outcome = applySuppressions(findings, directives, (rule) => isActive(rule, config));
  const kept = outcome.kept;
  const unusedSeverity = engineSeverity(UNUSED_SUPPRESSION, config, UNUSED_SUPPRESSION.defaultSeverity);
  if (unusedSeverity !== 'off') {
    for (const { directive, rule } of outcome.unused) kept.push(unusedFinding(directive, rule, lines, unusedSeverity));
    for (const directive of directives) {
      for (const rule of directive.rules) {
        if (!isKnownRule(rule)) kept.push(unknownRuleFinding(directive, rule, lines, unusedSeverity));
      }
    }
  }
  kept.sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId));
  return { filename, language, findings: kept, suppressedCount: outcome.suppressed.length };
}

/** Engine findings follow the configured severity of their id, else the given default. */
function engineSeverity(meta: EngineRuleMeta, config: ResolvedConfig, fallback: Finding['severity']): SeveritySetting {
  return config.rules[meta.id]?.severity ?? fallback;
}

function isActive(ruleId: string, config: ResolvedConfig): boolean {
  return isKnownRule(ruleId) && config.rules[ruleId]?.severity !== 'off';
}

function unusedFinding(directive: Directive, rule: string | null, lines: LineIndex, severity: Finding['severity']): Finding {
  const messageId = rule === null ? 'unusedAll' : 'unusedRule';
  const data: Record<string, string> = rule === null ? {} : { rule };
  return engineFinding(UNUSED_SUPPRESSION.id, messageId, UNUSED_SUPPRESSION.messages[messageId], data, lines, directive.span, severity);
}

function unknownRuleFinding(directive: Directive, rule: string, lines: LineIndex, severity: Finding['severity']): Finding {
  return engineFinding(UNUSED_SUPPRESSION.id, 'unknownRule', UNUSED_SUPPRESSION.messages.unknownRule, { rule }, lines, directive.span, severity);
}

function binaryFinding(lines: LineIndex, severity: Finding['severity']): Finding {
  return engineFinding(PARSE_ERROR.id, 'binary', PARSE_ERROR.messages.binary, {}, lines, { start: 0, end: 0 }, severity);
}
