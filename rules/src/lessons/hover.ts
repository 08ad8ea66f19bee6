import { lessonDocsUrl, ruleDocsUrl } from '../core/docs-url.js';
import { ENGINE_RULES, formatMessage } from '../core/engine-rules.js';
import type { Finding, LessonId, RuleExample, RuleMeta } from '../core/types.js';
import { findRuleMeta } from '../registry.js';
import { getLesson } from './index.js';
import { hoverMarkdown } from '../markdown/hover.js';
import { exampleSource, fence, fenceLanguage, titleFromId } from './md.js';
import type { Lesson, Probe } from './types.js';
import { codeSpanOf, escapeMarkdownText, markdownFromTemplate } from '../core/untrusted-text.js';

export interface HoverCardOptions {
  /** Target of the "Open lesson" link, e.g. a `command:` URI in the editor; the lesson's docs page otherwise. */
  lessonLink?: (lessonId: LessonId) => string;
}

/** Placeholder names rules use for the thing a finding is about, most specific first. */
const SUBJECT_KEYS = ['table', 'target', 'call', 'handler', 'queue', 'topic', 'stream', 'name'];
const SNIPPET_LINES = 6;
const MAX_PROBES = 2;

function subject(finding: Finding, lesson: Lesson): string {
  const key = SUBJECT_KEYS.find((k) => finding.data[k]);
  return key ? codeSpanOf(finding.data[key]) : lesson.stake.defaultSubject;
}

/**
 * The finding's message as Markdown: re-filled from its template with the workspace text escaped (a table named
 * `![x](http://...)` must not become an image), or escaped whole when the message is not its template's output.
 */
export function messageMarkdown(finding: Finding, templates: Record<string, string> | undefined): string {
  const template = templates?.[finding.messageId];
  if (template !== undefined && formatMessage(template, finding.data) === finding.message) return markdownFromTemplate(template, finding.data);
  return escapeMarkdownText(finding.message);
}

/** The probes written for this rule (at most two), else the lesson's first probe. */
function probesFor(lesson: Lesson, ruleId: string): Probe[] {
  const related = lesson.probes.filter((p) => p.rules?.some((id) => id === ruleId)).slice(0, MAX_PROBES);
  return related.length > 0 ? related : lesson.probes.slice(0, 1);
}

const PREAMBLE_LINE = /^\s*$|^\s*import\s|^\s*(?:const|let|var)\s+[\w{}\s,]+=\s*require\(/;

/** The example without its leading imports, so the few lines a hover shows are the ones that matter. */
function snippet(example: RuleExample): string {
  const all = exampleSource(example.code).split('\n');
  const firstBodyLine = all.findIndex((line) => !PREAMBLE_LINE.test(line));
  const lines = firstBodyLine > 0 ? all.slice(firstBodyLine) : all;
  const language = fenceLanguage(example.filename);
  const shown = lines.slice(0, SNIPPET_LINES);
  if (lines.length > SNIPPET_LINES) shown.push(language === 'sql' ? '-- …' : '// …');
  return fence(shown.join('\n'), language);
}

/** The first paragraph of the rule's fix text, with the list it introduces when it ends in a colon. */
function fixHeadline(meta: RuleMeta): string {
  const [first, second] = hoverMarkdown(meta.docs.howToFix).split(/\n\s*\n/).map((p) => p.trim());
  return first.endsWith(':') && second ? `${first}\n\n${second}` : first;
}

function fixSection(meta: RuleMeta): string {
  const parts = [`**Fix:** ${fixHeadline(meta)}`];
  const [bad] = meta.docs.bad;
  const [good] = meta.docs.good;
  if (bad) parts.push(`Before:\n${snippet(bad)}`);
  if (good) parts.push(`After:\n${snippet(good)}`);
  return parts.join('\n\n');
}

function lessonCard(finding: Finding, meta: RuleMeta, options: HoverCardOptions): string {
  const lesson = getLesson(meta.concept);
  const lessonTarget = options.lessonLink?.(lesson.id) ?? lessonDocsUrl(lesson.id);
  const probes = probesFor(lesson, meta.id).map((p) => `- *${p.question}* ${p.answer}`);
  return [
    `### ${titleFromId(meta.id)} \`${meta.id}\``,
    `**Why this breaks:** ${messageMarkdown(finding, meta.messages)} ${formatMessage(lesson.stake.template, { subject: subject(finding, lesson) })}`,
    `**Concept:** ${lesson.title} (interview concept \`${lesson.conceptKey}\`). Tested by: *"${lesson.signals[0]}"*`,
    `**Strong answer:** ${lesson.shortAnswer}`,
    `**Follow-up probes**\n${probes.join('\n')}`,
    fixSection(meta),
    `[Open lesson](${lessonTarget}) · [Rule docs](${ruleDocsUrl(meta.id)})`,
  ].join('\n\n');
}

function engineCard(finding: Finding): string {
  const engine = ENGINE_RULES.find((r) => r.id === finding.ruleId);
  return [
    `### ${titleFromId(finding.ruleId)} \`${finding.ruleId}\``,
    messageMarkdown(finding, engine?.messages),
    engine?.description,
    `[Rule docs](${ruleDocsUrl(finding.ruleId)})`,
  ]
    .filter((part): part is string => part !== undefined)
    .join('\n\n');
}

/** The card for a finding of a known rule (`meta`), or the short engine card when there is no rule metadata. */
export function hoverCardFor(finding: Finding, meta: RuleMeta | undefined, opts: HoverCardOptions = {}): string {
  return meta && finding.concept !== null ? lessonCard(finding, meta, opts) : engineCard(finding);
}

/** The Markdown lesson card the editor shows when hovering over a finding. */
export function renderHoverCard(finding: Finding, opts: HoverCardOptions = {}): string {
  return hoverCardFor(finding, finding.concept === null ? undefined : findRuleMeta(finding.ruleId), opts);
}
