import { Linter, type ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { ResolvedConfig } from '../core/config.js';
import { formatMessage, PARSE_ERROR, RULE_ERROR } from '../core/engine-rules.js';
import { LineIndex } from '../core/line-index.js';
import type { CommentText } from '../core/suppressions.js';
import type { Finding, Fix, Severity, Span } from '../core/types.js';
import { PIPELINT_SETTINGS_KEY, RuleCrash, type CapturedReport, type RunSink, type TsRule } from './create-rule.js';
import { scanComments } from './scan-comments.js';
import { tsRules } from './rules/index.js';
import { OBSCURED_NAME } from './util/relevance.js';
import { projectSessionFor } from './util/imports.js';
import { librariesReachableByText, takeCutOffNote } from '../project/ts-project.js';

export interface TsLintOutput {
  findings: Finding[];
  comments: CommentText[];
}

const PREFIX = 'pipelint/';
const EMBEDDED_SQL = 'embedded-sql';

/** ESLint lints nothing for a catch-all `**\/*` alone: the extensions have to be named. */
const LINTED_FILES = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'].map((ext) => `**/*.${ext}`);

interface EnabledRule {
  rule: TsRule;
  severity: Severity;
  options: Record<string, unknown> | undefined;
}

interface Crash {
  ruleId: string;
  detail: string;
}

type Settings = Record<string, unknown>;

interface Run {
  messages: Linter.LintMessage[];
  sourceCode: ReturnType<Linter['getSourceCode']> | null;
  sink: RunSink;
  crashes: Crash[];
}

let sharedLinter: Linter | null = null;

/** One Linter for the process: ESLint keeps no per-file state in it that outlives `verify`. */
function linter(): Linter {
  sharedLinter ??= new Linter({ configType: 'flat', cwd: '/' });
  return sharedLinter;
}

const plugins = new WeakMap<readonly TsRule[], ESLint.Plugin>();

function pluginFor(rules: readonly TsRule[]): ESLint.Plugin {
  let plugin = plugins.get(rules);
  if (!plugin) {
    plugin = { rules: Object.fromEntries(rules.map((r) => [r.meta.id, r.module])) } as unknown as ESLint.Plugin;
    plugins.set(rules, plugin);
  }
  return plugin;
}

/** Lints a TypeScript/JavaScript file with the pipelint ESLint rules, in-process, without any user ESLint config. */
export function lintTypeScript(text: string, filename: string, config: ResolvedConfig): TsLintOutput {
  return lintWithRules(tsRules, text, filename, config);
}

export interface LintOptions {
  /** Leave out rules the text shows cannot report (relevance.ts); on by default, off only to compare both ways. */
  skipIrrelevantRules?: boolean;
}

/** Why the project walk of the last lint of this file stopped short, else null. */
export function importsCutOffNote(filename: string): string | null {
  return takeCutOffNote(filename);
}

/** `lintTypeScript` over a given rule set; tests use it to register rules of their own (a crashing one, say). */
export function lintWithRules(rules: readonly TsRule[], text: string, filename: string, config: ResolvedConfig, options: LintOptions = {}): TsLintOutput {
  // ESLint drops a byte-order mark and reports positions without it: lint the rest, then shift everything back.
  if (text.startsWith(BOM)) return shifted(lintWithRules(rules, text.slice(BOM.length), filename, config, options), new LineIndex(text), BOM.length);
  const enabled = relevantRules(enabledRules(rules, config), text, filename, options.skipIrrelevantRules ?? true);
  const lines = new LineIndex(text);
  const run = verifyIsolatingCrashes(rules, enabled, text, filename, config);
  const byId = new Map(enabled.map((e) => [e.rule.meta.id, e]));
  const reports = run.sink.reports;
  const findings: Finding[] = [];
  for (const message of run.messages) {
    if (message.fatal) {
      const severity = config.rules[PARSE_ERROR.id]?.severity ?? PARSE_ERROR.defaultSeverity;
      if (severity !== 'off') findings.push(parseErrorFinding(message, lines, severity));
      continue;
    }
    const entry = message.ruleId?.startsWith(PREFIX) ? byId.get(message.ruleId.slice(PREFIX.length)) : undefined;
    // Embedded SQL findings are the SQL rules' own (their id, severity and lesson); the rule hands them over whole.
    if (entry && entry.rule.meta.id !== EMBEDDED_SQL) findings.push(toFinding(message, entry, reports, lines));
  }
  for (const finding of run.sink.findings) findings.push(finding);
  for (const crash of run.crashes) findings.push(ruleErrorFinding(crash, lines));
  const comments = run.sourceCode ? sourceComments(run.sourceCode) : scanComments(text);
  return { findings, comments };
}

const BOM = '\uFEFF';

function shifted(out: TsLintOutput, lines: LineIndex, by: number): TsLintOutput {
  const span = (s: Span): Span => ({ start: s.start + by, end: s.end + by });
  const fix = (f: Fix): Fix => ({ title: f.title, edits: f.edits.map((e) => ({ span: span(e.span), text: e.text })) });
  const range = (r: Finding['range']): Finding['range'] => lines.range(r.start.offset + by, r.end.offset + by);
  const findings = out.findings.map((f) => {
    const moved: Finding = { ...f, range: range(f.range) };
    if (f.fix) moved.fix = fix(f.fix);
    if (f.suggestions) moved.suggestions = f.suggestions.map(fix);
    if (f.related) moved.related = f.related.map((r) => ({ range: range(r.range), message: r.message }));
    return moved;
  });
  return { findings, comments: out.comments.map((c) => ({ body: c.body, span: span(c.span) })) };
}

function enabledRules(rules: readonly TsRule[], config: ResolvedConfig): EnabledRule[] {
  const enabled: EnabledRule[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    enabled.push({ rule, severity, options: setting?.options });
  }
  return enabled;
}

/**
 * A file that cannot concern a rule is not shown to it: with no rule left, ESLint only parses. A library that the
 * file's local imports lead to (read from their text by the project model) counts as imported by the file.
 */
function relevantRules(enabled: EnabledRule[], text: string, filename: string, skipIrrelevant: boolean): EnabledRule[] {
  if (!skipIrrelevant || OBSCURED_NAME.test(text)) return enabled;
  const relevant = enabled.filter((e) => e.rule.relevant?.(text) ?? true);
  if (relevant.length === enabled.length || !LOCAL_IMPORT.test(text)) return relevant;
  const session = projectSessionFor(filename);
  const libraries = session === null ? [] : librariesReachableByText(session, text);
  if (libraries === null) return enabled;
  if (libraries.length === 0) return relevant;
  const widened = `${text}\n${libraries.map((m) => `'${m}'`).join('\n')}`;
  return enabled.filter((e) => e.rule.relevant?.(widened) ?? true);
}

/** A module specifier that may name a project file: relative, or a bare name tsconfig `paths` may map. */
const LOCAL_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"][^'"\n]/;

/** The ids among `ruleIds` that might report in a file with this text, by each rule's `relevant`; every id when in doubt. */
export function relevantRuleIds(text: string, ruleIds: readonly string[]): string[] {
  if (OBSCURED_NAME.test(text)) return [...ruleIds];
  const byId = new Map(tsRules.map((rule) => [rule.meta.id, rule]));
  return ruleIds.filter((id) => byId.get(id)?.relevant?.(text) ?? true);
}

/** Settings of one run: the embedded-sql rule reads SQL rule settings and the dialect from the whole configuration. */
function runSettings(config: ResolvedConfig, sink: RunSink): Settings {
  return { [PIPELINT_SETTINGS_KEY]: { config, sink } };
}

function newSink(): RunSink {
  return { reports: [], findings: [] };
}

function eslintConfig(rules: readonly TsRule[], enabled: readonly EnabledRule[], filename: string, settings: Settings): Linter.Config[] {
  const ruleSettings: Linter.RulesRecord = {};
  for (const e of enabled) {
    ruleSettings[PREFIX + e.rule.meta.id] = e.options && Object.keys(e.options).length > 0 ? ['warn', e.options] : 'warn';
  }
  return [
    {
      files: LINTED_FILES,
      plugins: { pipelint: pluginFor(rules) },
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        ecmaVersion: 'latest',
        sourceType: /\.c[jt]s$/i.test(filename) ? 'commonjs' : 'module',
      },
      // Only pipelint-disable comments suppress pipelint findings; `eslint-disable` belongs to the user's ESLint.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      settings,
      rules: ruleSettings,
    },
  ];
}

/**
 * Runs every enabled rule in one pass. When a rule throws, ESLint aborts the whole file, so the crashing
 * rule is identified (by its RuleCrash, else by running rules one at a time) and the rest run again without it.
 */
function verifyIsolatingCrashes(rules: readonly TsRule[], enabled: EnabledRule[], text: string, filename: string, config: ResolvedConfig): Run {
  const crashes: Crash[] = [];
  let active = enabled;
  for (;;) {
    const sink = newSink();
    try {
      const messages = linter().verify(text, eslintConfig(rules, active, filename, runSettings(config, sink)), { filename });
      return { messages, sourceCode: linter().getSourceCode() ?? null, sink, crashes };
    } catch (error) {
      const culprits = crashingRules(error, active, (one) => tryVerify(rules, one, text, filename, runSettings(config, newSink())));
      if (culprits.length === 0) throw error;
      crashes.push(...culprits);
      const crashed = new Set(culprits.map((c) => c.ruleId));
      active = active.filter((e) => !crashed.has(e.rule.meta.id));
    }
  }
}

function tryVerify(rules: readonly TsRule[], one: EnabledRule, text: string, filename: string, settings: Settings): unknown {
  try {
    linter().verify(text, eslintConfig(rules, [one], filename, settings), { filename });
    return null;
  } catch (error) {
    return error;
  }
}

/** A pipelint rule marks its own errors (RuleCrash); for any other error each rule is tried alone. */
function crashingRules(error: unknown, active: readonly EnabledRule[], runAlone: (rule: EnabledRule) => unknown): Crash[] {
  const entry = error instanceof RuleCrash ? active.find((e) => e.rule.meta.id === error.ruleId) : undefined;
  if (entry && error instanceof RuleCrash) return [{ ruleId: entry.rule.meta.id, detail: error.detail }];
  const crashes: Crash[] = [];
  for (const one of active) {
    const alone = runAlone(one);
    if (alone) crashes.push({ ruleId: one.rule.meta.id, detail: errorDetail(alone) });
  }
  return crashes;
}

/** The first line of an error thrown by code that is not a pipelint rule's (ESLint appends its context below). */
function errorDetail(error: unknown): string {
  const raw = error instanceof RuleCrash ? error.detail : error instanceof Error ? error.message : String(error);
  return raw.split('\n')[0];
}

function toFinding(message: Linter.LintMessage, entry: EnabledRule, reports: CapturedReport[], lines: LineIndex): Finding {
  const meta = entry.rule.meta;
  const messageId = message.messageId ?? '';
  const data = takeData(reports, meta.id, messageId, message) ?? {};
  const template = meta.messages[messageId];
  const start = offsetOf(lines, message.line, message.column);
  const end = message.endLine !== undefined && message.endColumn !== undefined ? offsetOf(lines, message.endLine, message.endColumn) : start;
  const finding: Finding = {
    ruleId: meta.id,
    concept: meta.concept,
    severity: entry.severity,
    message: template === undefined ? message.message : formatMessage(template, data),
    messageId,
    data,
    range: lines.range(start, Math.max(start, end)),
    origin: 'ts',
  };
  if (message.fix) finding.fix = editFix(formatMessage(meta.fixTitles?.[messageId] ?? `Fix ${meta.id}`, data), message.fix);
  if (message.suggestions?.length) finding.suggestions = message.suggestions.map((s) => editFix(s.desc, s.fix));
  return finding;
}

/** Finds the data of the report this message came from (same rule, message and start) and consumes it. */
function takeData(reports: CapturedReport[], ruleId: string, messageId: string, message: Linter.LintMessage): Record<string, string> | null {
  const index = reports.findIndex(
    (r) => r.ruleId === PREFIX + ruleId && r.messageId === messageId && r.line === message.line && r.column === message.column,
  );
  if (index < 0) return null;
  const [report] = reports.splice(index, 1);
  return report.data;
}

function editFix(title: string, fix: { range: [number, number]; text: string }): Fix {
  return { title, edits: [{ span: { start: fix.range[0], end: fix.range[1] }, text: fix.text }] };
}

/** A position ESLint gives; an unknown line is the first, an unknown column the start of its line. */
function offsetOf(lines: LineIndex, line: number, column: number): number {
  const start = lines.lineStart(Number.isInteger(line) && line > 0 ? line : 1);
  return Math.min(start + (Number.isInteger(column) && column > 0 ? column - 1 : 0), lines.text.length);
}

function parseErrorFinding(message: Linter.LintMessage, lines: LineIndex, severity: Severity): Finding {
  const detail = message.message.replace(/^Parsing error:\s*/, '').replace(/\.$/, '');
  const data = { detail };
  // typescript-estree reports a 0-based column here, unlike rule messages.
  const offset = offsetOf(lines, message.line, message.column + 1);
  return engineFinding(PARSE_ERROR.id, 'syntax', formatMessage(PARSE_ERROR.messages.syntax, data), data, lines.range(offset, offset), severity);
}

function ruleErrorFinding(crash: Crash, lines: LineIndex): Finding {
  const data = { rule: crash.ruleId, detail: crash.detail };
  return engineFinding(RULE_ERROR.id, 'crashed', formatMessage(RULE_ERROR.messages.crashed, data), data, lines.range(0, 0), RULE_ERROR.defaultSeverity);
}

function engineFinding(ruleId: string, messageId: string, message: string, data: Record<string, string>, range: Finding['range'], severity: Severity): Finding {
  return { ruleId, concept: null, severity, message, messageId, data, range, origin: 'engine' };
}

function sourceComments(sourceCode: NonNullable<Run['sourceCode']>): CommentText[] {
  return sourceCode.getAllComments().map((c) => ({ body: c.value, span: { start: c.range![0], end: c.range![1] } }));
}
