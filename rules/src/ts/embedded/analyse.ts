import type { TSESLint } from '@typescript-eslint/utils';
import type { ResolvedConfig } from '../../core/config.js';
import { LineIndex } from '../../core/line-index.js';
import type { Finding } from '../../core/types.js';
import type { Dialect, SqlDocument } from '../../sql/model.js';
import { parseSql } from '../../sql/parse.js';
import { sqlRules } from '../../sql/rules/index.js';
import { runSqlRules } from '../../sql/run-rules.js';
import { mapFinding, withFileLines, WRITE_OR_DDL } from '../../sql/embedded-map.js';
import { runsPerHttpRequest } from '../util/routes.js';
import { looksLikeSql, type SqlLibrary } from './libraries.js';
import { MappedText } from './mapped-text.js';
import { groupSites, type SiteGroup, type SqlSite } from './sites.js';
import { controlText, readSqlText } from './sql-text.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The configured dialect wins; `ansi` is the unconfigured default, so then the driver decides. */
export function embeddedDialect(config: ResolvedConfig, library: SqlLibrary): Dialect {
  return config.dialect !== 'ansi' ? config.dialect : (library.dialect ?? 'ansi');
}

/**
 * Runs the SQL rules over the SQL this file sends to its database clients. Each function's SQL is read as
 * one script in call order, so a `BEGIN` sent by one call covers the statements of the next ones.
 * Findings carry the SQL rule's id and land on the SQL inside the TypeScript file.
 */
export function analyseEmbeddedSql(context: Context, config: ResolvedConfig, sites: readonly SqlSite[], libraries: readonly SqlLibrary[]): Finding[] {
  if (sites.length === 0) return [];
  const lines = new LineIndex(context.sourceCode.text);
  const findings = new Map<string, Finding>();
  for (const group of groupSites(context, sites, libraries)) {
    const dialect = embeddedDialect(config, group.sites[0].library);
    const script = groupScript(context, group, dialect);
    if (!script) continue;
    const doc = parseSql(script.text, { dialect, assumeInTransaction: config.assumeInTransaction || group.transactional });
    const perRequest = runsPerHttpRequest(context, group.sites[0].node);
    for (const finding of runSqlRules(doc, sqlRules, config, context.filename, 'embedded-sql')) {
      if (perRequest && createsOneEntity(doc, finding)) continue;
      const mapped = mapFinding(withFileLines(finding, doc.lines, script, lines), script, lines);
      // A `const` query used by two calls is analysed twice; report it once.
      const key = mapped && `${mapped.ruleId}:${mapped.messageId}:${mapped.range.start.offset}:${mapped.range.end.offset}`;
      if (mapped && key && !findings.has(key)) findings.set(key, mapped);
    }
  }
  return [...findings.values()];
}

/**
 * A route handler's single-row `INSERT ... VALUES` creates the one entity the request asks for (`POST /orders`),
 * usually with a database-generated key it returns: a retried request is the API's idempotency concern, not a
 * re-runnable load, so `blind-insert` does not apply. `INSERT ... SELECT` copies rows in bulk and still counts.
 */
function createsOneEntity(doc: SqlDocument, finding: Finding): boolean {
  if (finding.ruleId !== 'blind-insert') return false;
  const offset = finding.range.start.offset;
  const insert = doc.statements.find((s) => s.kind === 'insert' && s.span.start <= offset && offset < s.span.end);
  return insert?.kind === 'insert' && insert.source.kind === 'values' && insert.source.rows.length === 1;
}

/**
 * The group's SQL in call order, `;`-separated; null when no call carries SQL that changes data or schema.
 * The SQL rules judge writes and DDL, so a function that only reads is not parsed at all: most app queries are reads.
 */
function groupScript(context: Context, group: SiteGroup, dialect: Dialect): MappedText | null {
  const script = new MappedText();
  let writes = 0;
  for (const site of group.sites) {
    const text = site.control ? controlText(site.control, site.node) : site.text && readSqlText(context, site.text, dialect);
    if (!text || (!site.control && !looksLikeSql(text.text))) continue;
    if (!site.control && WRITE_OR_DDL.test(text.text)) writes += 1;
    script.appendMapped(text);
    script.appendSynthetic(text.text.trimEnd().endsWith(';') ? '\n' : ';\n');
  }
  return writes > 0 ? script : null;
}
