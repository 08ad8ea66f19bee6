import { lessonDocsUrl, ruleDocsUrl } from '../core/docs-url.js';
import { ENGINE_RULES } from '../core/engine-rules.js';
import { findRuleMeta } from '../registry.js';
import { isLessonId } from './index.js';
import { renderLessonMarkdown, rulesTeaching } from './lesson-markdown.js';
import type { DocLinks } from './md.js';
import { engineRuleMarkdown, renderRuleMarkdown } from './rule-markdown.js';
import { inline, markdownToTerminal } from '../markdown/terminal.js';

export interface ExplainOptions {
  color: boolean;
  /** Columns to wrap at; 80 when not given. */
  width?: number;
}

/** In a terminal a link target is noise: the reader follows up with another `pipelint explain`. */
const NO_LINKS: DocLinks = { lesson: () => '', rule: () => '' };

function explainMarkdown(id: string): { markdown: string; footer: string[] } | null {
  if (isLessonId(id)) {
    return {
      markdown: renderLessonMarkdown(id, NO_LINKS),
      footer: [
        ...(rulesTeaching(id).length > 0 ? ['Run `pipelint explain <rule-id>` for any rule above.'] : []),
        `Docs: ${lessonDocsUrl(id)}`,
      ],
    };
  }
  const meta = findRuleMeta(id);
  if (meta) {
    return {
      markdown: renderRuleMarkdown(meta, NO_LINKS),
      footer: [`Lesson: \`pipelint explain ${meta.concept}\``, `Docs: ${ruleDocsUrl(id)}`],
    };
  }
  const engine = ENGINE_RULES.find((r) => r.id === id);
  if (engine) return { markdown: engineRuleMarkdown(engine), footer: [`Docs: ${ruleDocsUrl(id)}`] };
  return null;
}

/** The text of `pipelint explain <rule-id|lesson-id>`; null when the id names neither. */
export function renderExplain(id: string, opts: ExplainOptions): string | null {
  const found = explainMarkdown(id);
  if (!found) return null;
  const options = { color: opts.color, width: opts.width ?? 80 };
  // Footer lines stay unwrapped so a URL is never split from its label.
  const footer = found.footer.map((line) => `${inline(line, options.color)}\n`).join('');
  return `${markdownToTerminal(found.markdown, options)}\n${footer}`;
}
