import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docPath, docsLinks, REPOSITORY_URL, ruleDocsUrl } from '../../core/docs-url.js';
import { ENGINE_RULES } from '../../core/engine-rules.js';
import type { Finding, Fix, RuleMeta, Severity } from '../../core/types.js';
import { engineRuleMarkdown, renderRuleMarkdown } from '../../lessons/rule-markdown.js';
import { allRuleMetas } from '../../registry.js';
import type { FileReport, FormatContext } from './types.js';
import { FINGERPRINT_KEY, stableFingerprints } from '../fingerprint.js';

type SarifLevel = 'error' | 'warning' | 'note';
type Json = Record<string, unknown>;

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warn: 'warning', info: 'note', hint: 'note' };

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = REPOSITORY_URL;

/** A SARIF 2.1.0 log with one run: every pipelint rule as a reporting descriptor, every finding as a result. */
export function buildSarif(files: readonly FileReport[], context: FormatContext, metas: readonly RuleMeta[] = allRuleMetas()): Json {
  const docsBaseUrl = context.docsBaseUrl ?? null;
  const rules = [...metas.map((meta) => ruleDescriptor(meta, docsBaseUrl)), ...ENGINE_RULES.map((rule) => engineRuleDescriptor(rule, docsBaseUrl))];
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id as string, index]));
  const results: Json[] = [];
  for (const file of files) {
    const fingerprints = stableFingerprints(file.text, file.findings);
    file.findings.forEach((finding, i) => results.push(result(finding, file, context.cwd, ruleIndex.get(finding.ruleId), fingerprints[i])));
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'pipelint', version: context.version, semanticVersion: context.version, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(context.cwd) } },
        results,
      },
    ],
  };
}

export function formatSarif(files: readonly FileReport[], context: FormatContext): string {
  return JSON.stringify(buildSarif(files, context), null, 2) + '\n';
}

/**
 * The help a viewer shows needs no link to resolve: the whole rule page is in `help`. SARIF wants `helpUri`
 * absolute (§3.49.12, `format: uri` in the schema), and a path on the machine that ran pipelint means nothing
 * where the log is viewed, so it is set only with a `docsBaseUrl`. `properties.docsPath` names the page inside
 * the package (`docs/rules/<id>.md`), the one form that is true everywhere.
 */
function docsFields(id: string, docsBaseUrl: string | null): { helpUri?: string } {
  return docsBaseUrl === null ? {} : { helpUri: ruleDocsUrl(id, { docsBaseUrl }) };
}

function ruleDescriptor(meta: RuleMeta, docsBaseUrl: string | null): Json {
  return {
    id: meta.id,
    shortDescription: { text: meta.docs.description },
    fullDescription: { text: meta.docs.why, markdown: meta.docs.why },
    help: ruleHelp(meta, docsBaseUrl),
    ...docsFields(meta.id, docsBaseUrl),
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: { concept: meta.concept, language: meta.language, fixable: meta.fixable, tags: [meta.concept, meta.language], docsPath: `docs/${docPath('rule', meta.id)}` },
  };
}

/** The rule's whole docs page; its links go to the docsBaseUrl, or are plain names without one. */
function ruleHelp(meta: RuleMeta, docsBaseUrl: string | null): { text: string; markdown: string } {
  const text = `${meta.docs.why}\n\nHow to fix: ${meta.docs.howToFix}\n\nLesson: pipelint explain ${meta.concept}`;
  return { text, markdown: renderRuleMarkdown(meta, docsLinks({ docsBaseUrl, style: 'none' })) };
}

function engineRuleDescriptor(rule: (typeof ENGINE_RULES)[number], docsBaseUrl: string | null): Json {
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    help: { text: `${rule.description}\n\nDetails: pipelint explain ${rule.id}`, markdown: engineRuleMarkdown(rule) },
    ...docsFields(rule.id, docsBaseUrl),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { docsPath: `docs/${docPath('rule', rule.id)}` },
  };
}

function result(finding: Finding, file: FileReport, cwd: string, ruleIndex: number | undefined, fingerprint: string): Json {
  const artifactLocation = artifactLocationOf(file, cwd);
  const out: Json = {
    ruleId: finding.ruleId,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation, region: region(finding) } }],
    // Lets code scanning follow a finding across commits even when lines above it move.
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
  };
  if (ruleIndex !== undefined) out.ruleIndex = ruleIndex;
  if (finding.fix) out.fixes = [sarifFix(finding.fix, artifactLocation)];
  return out;
}

function region(finding: Finding): Json {
  const { start, end } = finding.range;
  return {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
    charOffset: start.offset,
    charLength: end.offset - start.offset,
  };
}

function sarifFix(fix: Fix, artifactLocation: Json): Json {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation,
        replacements: fix.edits.map((edit) => ({
          deletedRegion: { charOffset: edit.span.start, charLength: edit.span.end - edit.span.start },
          insertedContent: { text: edit.text },
        })),
      },
    ],
  };
}

/** Relative to %SRCROOT% (the working directory) when the file is below it, an absolute file URI otherwise. */
function artifactLocationOf(file: FileReport, cwd: string): Json {
  const relative = path.relative(cwd, file.absolutePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(file.absolutePath).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
