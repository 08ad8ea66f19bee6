import MarkdownIt from 'markdown-it';

/** One markdown-it token. */
export type Token = ReturnType<MarkdownIt['parse']>[number];

/** CommonMark with tables; raw HTML stays text, and bare URLs stay text. */
const parser = new MarkdownIt('commonmark', { html: false, linkify: false }).enable('table');

/** The block tokens of a Markdown text (inline content in each `inline` token's children). */
export function parseMarkdown(markdown: string): Token[] {
  return parser.parse(markdown, {});
}

/** The inline tokens of one line of Markdown. */
export function parseInline(markdown: string): Token[] {
  return parser.parseInline(markdown, {})[0]?.children ?? [];
}

/** The index of the token that closes the block opened at `start` (itself for a token that opens nothing). */
export function blockEnd(tokens: readonly Token[], start: number): number {
  const open = tokens[start];
  if (open.nesting !== 1) return start;
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    depth += tokens[i].nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}
