import { ruleCrashFinding, ruleFinding } from '../core/engine-finding.js';
import type { ResolvedConfig } from '../core/config.js';
import type { Finding, Severity, Span } from '../core/types.js';
import type { SqlDocument, Statement } from './model.js';
import type { SqlReport, SqlRule, SqlRuleContext, SqlVisitor } from './rule-api.js';

type Handler = (node: Statement) => void;

interface ActiveRule {
  rule: SqlRule<object>;
  severity: Severity;
  visitor: SqlVisitor;
  crashed: boolean;
}

/**
 * Runs every enabled SQL rule over one parsed document. A rule that throws is disabled for the rest of
 * the document and reported once as `rule-error`; the others keep running.
 */
export function runSqlRules(
  doc: SqlDocument,
  rules: readonly SqlRule<object>[],
  config: ResolvedConfig,
  filename: string,
  origin: Finding['origin'] = 'sql',
): Finding[] {
  const findings: Finding[] = [];
  const active: ActiveRule[] = [];

  const crash = (entry: ActiveRule, error: unknown): void => {
    entry.crashed = true;
    findings.push(ruleCrashFinding(entry.rule.meta.id, error, doc.lines));
  };

  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    const options = { ...rule.defaultOptions, ...(setting?.options ?? {}) };
    const entry: ActiveRule = { rule, severity, visitor: {}, crashed: false };
    const context: SqlRuleContext<object> = {
      doc,
      filename,
      options,
      text: (span: Span) => doc.text.slice(span.start, span.end),
      report: (report: SqlReport) => findings.push(ruleFinding(rule.meta, severity, report, doc.lines, origin)),
    };
    try {
      entry.visitor = rule.create(context);
    } catch (error) {
      crash(entry, error);
      continue;
    }
    active.push(entry);
  }

  const call = (entry: ActiveRule, fn: () => void): void => {
    if (entry.crashed) return;
    try {
      fn();
    } catch (error) {
      crash(entry, error);
    }
  };

  const byKind = new Map<Statement['kind'], BoundHandler[]>();
  for (const statement of doc.statements) {
    let handlers = byKind.get(statement.kind);
    if (handlers === undefined) {
      handlers = handlersFor(active, statement.kind);
      byKind.set(statement.kind, handlers);
    }
    for (const { entry, handler } of handlers) {
      if (entry.crashed) continue;
      try {
        handler.call(entry.visitor, statement);
      } catch (error) {
        crash(entry, error);
      }
    }
  }
  for (const entry of active) {
    const exit = entry.visitor['document:exit'];
    if (exit) call(entry, () => exit.call(entry.visitor, doc));
  }
  return findings;
}

interface BoundHandler {
  entry: ActiveRule;
  handler: Handler;
}

/** What runs for a statement of this kind, in order: each rule's `statement` handler, then its handler for the kind. */
function handlersFor(active: readonly ActiveRule[], kind: Statement['kind']): BoundHandler[] {
  const handlers: BoundHandler[] = [];
  for (const entry of active) {
    const generic = entry.visitor.statement;
    const specific = kind === 'other' ? undefined : (entry.visitor[kind as keyof SqlVisitor] as Handler | undefined);
    if (generic) handlers.push({ entry, handler: generic });
    if (specific) handlers.push({ entry, handler: specific });
  }
  return handlers;
}
