import { blockEnd, parseMarkdown, type Token } from './parse.js';

/** The source lines of a block, from its token's line map. */
function sourceLines(lines: readonly string[], token: Token): string[] {
  const [start, end] = token.map ?? [0, 0];
  return lines.slice(start, end);
}

/** A hard-wrapped paragraph as one line, keeping the indent and marker of its first line. */
function joined(lines: readonly string[]): string {
  const [first, ...rest] = lines;
  return [first.trimEnd(), ...rest.map((l) => l.trim())].join(' ');
}

/** A list with each item's hard-wrapped text on one line; nested blocks inside an item keep their lines. */
function reflowList(lines: readonly string[], tokens: readonly Token[], from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    const t = tokens[i];
    const end = blockEnd(tokens, i);
    if (t.type === 'paragraph_open') out.push(joined(sourceLines(lines, t)));
    else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') out.push(reflowList(lines, tokens, i + 1, end - 1));
    else if (t.nesting === 1 && t.type !== 'list_item_open') out.push(...sourceLines(lines, t));
    else if (t.nesting === 0 && t.map) out.push(...sourceLines(lines, t));
    if (t.type !== 'list_item_open') i = end;
  }
  return out.join('\n');
}

/**
 * Markdown for a hover: hard-wrapped paragraphs and list items joined into one line each (a hover reflows text
 * itself, and fewer lines keep it short); code, headings and tables keep their lines. Blocks are parsed by the
 * same parser as the HTML and terminal renderers.
 */
export function hoverMarkdown(markdown: string): string {
  const lines = markdown.split('\n');
  const tokens = parseMarkdown(markdown);
  const blocks: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const end = blockEnd(tokens, i);
    if (t.type === 'paragraph_open') blocks.push(joined(sourceLines(lines, t)));
    else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') blocks.push(reflowList(lines, tokens, i + 1, end - 1));
    else if (t.map) blocks.push(sourceLines(lines, t).join('\n').trimEnd());
    i = end;
  }
  return blocks.join('\n\n');
}
