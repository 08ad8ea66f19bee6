import { lessonDocsUrl, ruleDocsUrl, type DocsLinkOptions } from '../core/docs-url.js';
import { ENGINE_RULES, formatMessage } from '../core/engine-rules.js';
import type { Finding, LessonId, RuleExample, RuleMeta } from '../core/types.js';
import { findRuleMeta } from '../registry.js';
import { getLesson } from './index.js';
import { hoverMarkdown } from '../markdown/hover.js';
import { exampleSource, fence, fenceLanguage, titleFromId } from './md.js';
import type { Lesson } from './types.js';
import { codeSpanOf, escapeMarkdownText, markdownFromTemplate } from '../core/untrusted-text.js';

export interface HoverCardOptions {
  /** How the "Open lesson" and "Rule docs" links are written (core/docs-url.ts); `file:` URIs when not given. */
  links?: DocsLinkOptions;
}

/** Placeholder names rules use for the thing a finding is about, most specific first. */
const SUBJECT_KEYS = ['table', 'target', 'call', 'handler', 'queue', 'topic', 'stream', 'name'];
/** A hover shows examples up to this many lines whole; a longer one is cut at the last statement that fits. */
const SNIPPET_LINES = 20;

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

/**
 * 0-based indexes of the lines that end a complete statement: bracket depth back at zero and, for SQL, the line
 * ends in `;`; for TypeScript in `;` or a closing `}`. Strings and comments are skipped well enough for examples.
 */
export function statementEnds(lines: readonly string[], language: string): number[] {
  const ends: number[] = [];
  let depth = 0;
  let quote: string | null = null;
  let blockComment = false;
  lines.forEach((line, index) => {
    let code = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      const pair = line.slice(i, i + 2);
      if (blockComment) {
        if (pair === '*/') {
          blockComment = false;
          i++;
        }
        continue;
      }
      if (quote) {
        if (ch === '\\' && language !== 'sql') i++;
        else if (ch === quote) quote = null;
        continue;
      }
      if (pair === '/*') {
        blockComment = true;
        i++;
        continue;
      }
      if (pair === (language === 'sql' ? '--' : '//')) break;
      if (ch === "'" || ch === '"' || ch === '`') quote = ch;
      else if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
      code += ch;
    }
    const last = code.trimEnd().slice(-1);
    if (!quote && !blockComment && depth === 0 && (last === ';' || (language !== 'sql' && last === '}'))) ends.push(index);
  });
  return ends;
}

/**
 * The example as written, imports included, so the code runs as shown. An example longer than SNIPPET_LINES is
 * cut after the last complete statement that fits, with a visible `...`; never mid-statement.
 */
export function snippet(example: RuleExample): { markdown: string; cut: boolean } {
  const lines = exampleSource(example.code).replace(/\n+$/, '').split('\n');
  const language = fenceLanguage(example.filename);
  const cut = lines.length > SNIPPET_LINES ? statementEnds(lines, language).filter((end) => end < SNIPPET_LINES).pop() : undefined;
  if (cut === undefined) return { markdown: fence(lines.join('\n'), language), cut: false };
  const shown = [...lines.slice(0, cut + 1), language === 'sql' ? '-- ...' : '// ...'];
  return { markdown: fence(shown.join('\n'), language), cut: true };
}

/** The first paragraph of the rule's fix text, with the list it introduces when it ends in a colon. */
function fixHeadline(meta: RuleMeta): string {
  const [first, second] = hoverMarkdown(meta.docs.howToFix).split(/\n\s*\n/).map((p) => p.trim());
  return first.endsWith(':') && second ? `${first}\n\n${second}` : first;
}

/** The fix pattern and the complete code that applies it. */
function fixSection(meta: RuleMeta): string {
  const parts = [`**Fix:** ${fixHeadline(meta)}`];
  // The first passing example short enough to show whole, else the first one (cut at a statement boundary).
  const good = meta.docs.good.find((example) => !snippet(example).cut) ?? meta.docs.good[0];
  if (good) parts.push(`After:\n${snippet(good).markdown}`);
  return parts.join('\n\n');
}

/**
 * What a hover shows, in reading order: the consequence in one sentence (the diagnostic already says what was
 * found), the fix with its runnable code, the concept by name with the interview question it answers, the links.
 */
function lessonCard(finding: Finding, meta: RuleMeta, options: HoverCardOptions): string {
  const lesson = getLesson(meta.concept);
  const lessonTarget = lessonDocsUrl(lesson.id, options.links);
  return [
    `### ${titleFromId(meta.id)} \`${meta.id}\``,
    `**What goes wrong:** ${formatMessage(lesson.stake.template, { subject: subject(finding, lesson) })}`,
    fixSection(meta),
    `**Concept:** ${lesson.title}, the answer to *"${lesson.signals[0]}"*`,
    `[Open lesson](${lessonTarget}) · [Rule docs](${ruleDocsUrl(meta.id, options.links)})`,
  ].join('\n\n');
}

function engineCard(finding: Finding, options: HoverCardOptions): string {
  const engine = ENGINE_RULES.find((r) => r.id === finding.ruleId);
  return [
    `### ${titleFromId(finding.ruleId)} \`${finding.ruleId}\``,
    messageMarkdown(finding, engine?.messages),
    engine?.description,
    `[Rule docs](${ruleDocsUrl(finding.ruleId, options.links)})`,
  ]
    .filter((part): part is string => part !== undefined)
    .join('\n\n');
}

/** The card for a finding of a known rule (`meta`), or the short engine card when there is no rule metadata. */
export function hoverCardFor(finding: Finding, meta: RuleMeta | undefined, opts: HoverCardOptions = {}): string {
  return meta && finding.concept !== null ? lessonCard(finding, meta, opts) : engineCard(finding, opts);
}

/** The Markdown lesson card the editor shows when hovering over a finding. */
export function renderHoverCard(finding: Finding, opts: HoverCardOptions = {}): string {
  return hoverCardFor(finding, finding.concept === null ? undefined : findRuleMeta(finding.ruleId), opts);
}
