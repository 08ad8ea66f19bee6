/**
 * A small Markdown-to-HTML renderer for the lesson view. Everything is escaped first; the only markup it
 * produces is a fixed set of tags, and the only attribute is the href of an https link. It covers what
 * the lesson Markdown uses: headings, paragraphs, lists, fenced code, tables, rules, quotes, and inline
 * code, bold, italics and links.
 */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const LINK = /\[([^\]]+)\]\(([^()\s]+)\)/g;

function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?![\w*])/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g, '$1<em>$2</em>');
}

function links(escaped: string): string {
  return escaped.replace(LINK, (_whole, text: string, href: string) => (href.startsWith('https://') ? `<a href="${href}">${text}</a>` : text));
}

/** Inline Markdown: code spans are taken out first so nothing inside them is interpreted. */
export function renderInline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : links(emphasis(escapeHtml(part)))))
    .join('');
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;

type BlockParser = (lines: string[], i: number, out: string[]) => number;

const fencedCode: BlockParser = (lines, i, out) => {
  const open = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
  if (!open) return i;
  const body: string[] = [];
  let j = i + 1;
  while (j < lines.length && !lines[j].trim().startsWith(open[1])) body.push(lines[j++]);
  const language = open[2] ? ` class="language-${escapeHtml(open[2])}"` : '';
  out.push(`<pre><code${language}>${escapeHtml(body.join('\n'))}</code></pre>`);
  return j + 1;
};

const heading: BlockParser = (lines, i, out) => {
  const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i]);
  if (!match) return i;
  out.push(`<h${match[1].length}>${renderInline(match[2])}</h${match[1].length}>`);
  return i + 1;
};

const rule: BlockParser = (lines, i, out) => {
  if (!/^\s*([-*_])(\s*\1){2,}\s*$/.test(lines[i])) return i;
  out.push('<hr>');
  return i + 1;
};

const table: BlockParser = (lines, i, out) => {
  if (!lines[i].includes('|') || i + 1 >= lines.length || !TABLE_RULE.test(lines[i + 1])) return i;
  const head = tableCells(lines[i]).map((c) => `<th>${renderInline(c)}</th>`);
  const rows: string[] = [];
  let j = i + 2;
  for (; j < lines.length && lines[j].includes('|') && lines[j].trim() !== ''; j++) {
    rows.push(`<tr>${tableCells(lines[j]).map((c) => `<td>${renderInline(c)}</td>`).join('')}</tr>`);
  }
  out.push(`<table><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`);
  return j;
};

const list: BlockParser = (lines, i, out) => {
  const first = LIST_ITEM.exec(lines[i]);
  if (!first) return i;
  const tag = /\d/.test(first[1]) ? 'ol' : 'ul';
  const items: string[] = [];
  let j = i;
  for (; j < lines.length; j++) {
    const item = LIST_ITEM.exec(lines[j]);
    if (item) items.push(item[2]);
    else if (lines[j].trim() !== '' && /^\s+/.test(lines[j]) && items.length > 0) items[items.length - 1] += ' ' + lines[j].trim();
    else break;
  }
  out.push(`<${tag}>${items.map((item) => `<li>${renderInline(item)}</li>`).join('')}</${tag}>`);
  return j;
};

const quote: BlockParser = (lines, i, out) => {
  if (!/^\s*>/.test(lines[i])) return i;
  const body: string[] = [];
  let j = i;
  for (; j < lines.length && /^\s*>/.test(lines[j]); j++) body.push(lines[j].replace(/^\s*>\s?/, ''));
  out.push(`<blockquote>${renderMarkdown(body.join('\n'))}</blockquote>`);
  return j;
};

const BLOCKS: readonly BlockParser[] = [fencedCode, heading, rule, table, list, quote];

function startsBlock(lines: string[], i: number): boolean {
  return BLOCKS.some((parse) => parse(lines, i, []) !== i);
}

const paragraph: BlockParser = (lines, i, out) => {
  const body: string[] = [lines[i].trim()];
  let j = i + 1;
  while (j < lines.length && lines[j].trim() !== '' && !startsBlock(lines, j)) body.push(lines[j++].trim());
  out.push(`<p>${renderInline(body.join(' '))}</p>`);
  return j;
};

export function renderMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    let next = i;
    for (const parse of BLOCKS) {
      next = parse(lines, i, out);
      if (next !== i) break;
    }
    i = next !== i ? next : paragraph(lines, i, out);
  }
  return out.join('\n');
}
