import type { LineIndex } from './line-index.js';
import type { Finding, Span } from './types.js';

/** A comment as the language front end found it: `body` is its text without `--`, `//`, `/*`, `{#` delimiters. */
export interface CommentText {
  body: string;
  span: Span;
}

type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';

export interface Directive {
  kind: DirectiveKind;
  /** Empty means every rule. */
  rules: string[];
  reason: string;
  span: Span;
  /** The 1-based line the directive applies to (line directives) or starts at (block directives). */
  line: number;
}

const DIRECTIVE = /^\s*pipelint-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*)$/s;

export function parseDirectives(comments: CommentText[], lines: LineIndex): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.body);
    if (!match) continue;
    const kind = match[1] as DirectiveKind;
    const [ruleText, ...reasonParts] = match[2].split(/\s--\s?|^--\s?/);
    const rules = ruleText
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter((r) => r.length > 0);
    const startLine = lines.position(comment.span.start).line;
    const endLine = lines.position(comment.span.end).line;
    const line = kind === 'disable-next-line' ? endLine + 1 : startLine;
    directives.push({ kind, rules, reason: reasonParts.join(' -- ').trim(), span: comment.span, line });
  }
  return directives;
}

/** True when a comment says the whole file runs inside one transaction (`pipelint-assume-in-transaction`). */
export function hasAssumeInTransaction(comments: CommentText[]): boolean {
  return comments.some((c) => /^\s*pipelint-assume-in-transaction\b/.test(c.body));
}

interface Usage {
  directive: Directive;
  used: Set<string>;
  usedAny: boolean;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: Finding[];
  /** Directives (and the rule names in them) that suppressed nothing. */
  unused: { directive: Directive; rule: string | null }[];
}

function names(directive: Directive, ruleId: string): boolean {
  return directive.rules.length === 0 || directive.rules.includes(ruleId);
}

/**
 * Drops findings covered by a directive. `isActive(rule)` tells whether a named rule ran at all: a
 * directive naming a rule that is switched off is not counted as unused, since it may be on elsewhere.
 */
export function applySuppressions(
  findings: Finding[],
  directives: Directive[],
  isActive: (ruleId: string) => boolean,
): SuppressionOutcome {
  const usages: Usage[] = directives.map((directive) => ({ directive, used: new Set(), usedAny: false }));
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const usage = findSuppressor(finding, usages);
    if (usage) {
      usage.usedAny = true;
      usage.used.add(finding.ruleId);
      suppressed.push(finding);
    } else {
      kept.push(finding);
    }
  }
  const unused: SuppressionOutcome['unused'] = [];
  for (const usage of usages) {
    const d = usage.directive;
    if (d.kind === 'enable') continue;
    if (d.rules.length === 0) {
      if (!usage.usedAny) unused.push({ directive: d, rule: null });
      continue;
    }
    for (const rule of d.rules) {
      if (!usage.used.has(rule) && isActive(rule)) unused.push({ directive: d, rule });
    }
  }
  return { kept, suppressed, unused };
}

function findSuppressor(finding: Finding, usages: Usage[]): Usage | null {
  const line = finding.range.start.line;
  let block: Usage | null = null;
  for (const usage of usages) {
    const d = usage.directive;
    if (!names(d, finding.ruleId)) continue;
    switch (d.kind) {
      case 'disable-file':
        return usage;
      case 'disable-next-line':
      case 'disable-line':
        if (d.line === line) return usage;
        break;
      case 'disable':
        if (d.line <= line) block = usage;
        break;
      case 'enable':
        if (d.line <= line && block) block = null;
        break;
    }
  }
  return block;
}
