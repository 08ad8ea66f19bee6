import { blockEnd, parseInline, parseMarkdown, type Token } from './parse.js';

export interface HtmlOptions {
  /** The href a link gets, or null to show its text alone. By default only https links stay links. */
  linkTarget?: (href: string) => string | null;
}

const HTTPS_ONLY = (href: string): string | null => (href.startsWith('https://') ? href : null);

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const INLINE_TAGS: Record<string, string> = { strong_open: '<strong>', strong_close: '</strong>', em_open: '<em>', em_close: '</em>' };

/** Inline tokens as HTML: text escaped, a link whose target is refused keeps its (rendered) text. */
function inlineHtml(tokens: readonly Token[], options: HtmlOptions): string {
  const target = options.linkTarget ?? HTTPS_ONLY;
  const out: string[] = [];
  const openLinks: boolean[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        out.push(escapeHtml(token.content));
        break;
      case 'code_inline':
        out.push(`<code>${escapeHtml(token.content)}</code>`);
        break;
      case 'softbreak':
        out.push(' ');
        break;
      case 'hardbreak':
        out.push('<br>');
        break;
      case 'link_open': {
        const href = target(token.attrGet('href') ?? '');
        openLinks.push(href !== null);
        if (href !== null) out.push(`<a href="${escapeHtml(href)}">`);
        break;
      }
      case 'link_close':
        if (openLinks.pop()) out.push('</a>');
        break;
      default:
        out.push(INLINE_TAGS[token.type] ?? escapeHtml(token.content));
    }
  }
  return out.join('');
}

function cellsHtml(tokens: readonly Token[], from: number, to: number, options: HtmlOptions): string {
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    const t = tokens[i];
    if (t.type === 'thead_open' || t.type === 'tbody_open' || t.type === 'tr_open') out.push(`<${t.tag}>`);
    else if (t.type === 'thead_close' || t.type === 'tbody_close' || t.type === 'tr_close') out.push(`</${t.tag}>`);
    else if (t.type === 'th_open' || t.type === 'td_open') out.push(`<${t.tag}>`);
    else if (t.type === 'th_close' || t.type === 'td_close') out.push(`</${t.tag}>`);
    else if (t.type === 'inline') out.push(inlineHtml(t.children ?? [], options));
  }
  return out.join('');
}

/** Block tokens [from, to] as HTML; top-level blocks are separated by a newline, nested ones are not. */
function blocksHtml(tokens: readonly Token[], from: number, to: number, options: HtmlOptions, separator: string): string {
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    const t = tokens[i];
    const end = blockEnd(tokens, i);
    switch (t.type) {
      case 'heading_open':
      case 'paragraph_open': {
        const inner = inlineHtml(tokens[i + 1].children ?? [], options);
        out.push(t.hidden ? inner : `<${t.tag}>${inner}</${t.tag}>`);
        break;
      }
      case 'fence':
      case 'code_block': {
        const language = t.info.trim().split(/\s+/)[0];
        const cls = language ? ` class="language-${escapeHtml(language)}"` : '';
        out.push(`<pre><code${cls}>${escapeHtml(t.content.replace(/\n$/, ''))}</code></pre>`);
        break;
      }
      case 'hr':
        out.push('<hr>');
        break;
      case 'table_open':
        out.push(`<table>${cellsHtml(tokens, i + 1, end - 1, options)}</table>`);
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
      case 'list_item_open':
      case 'blockquote_open':
        out.push(`<${t.tag}>${blocksHtml(tokens, i + 1, end - 1, options, '')}</${t.tag}>`);
        break;
      default:
        break;
    }
    i = end;
  }
  return out.join(separator);
}

/** Markdown as HTML for the lesson view and docs: nothing but a fixed set of tags and escaped text. */
export function renderHtml(markdown: string, options: HtmlOptions = {}): string {
  const tokens = parseMarkdown(markdown.replace(/\r\n?/g, '\n'));
  return blocksHtml(tokens, 0, tokens.length - 1, options, '\n');
}

/** One line of inline Markdown as HTML. */
export function renderInlineHtml(markdown: string, options: HtmlOptions = {}): string {
  return inlineHtml(parseInline(markdown), options);
}
