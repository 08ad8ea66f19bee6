import { blockEnd, parseInline, parseMarkdown, type Token } from './parse.js';

export interface TerminalOptions {
  color: boolean;
  width: number;
}

type Inline = readonly Token[];

type Block =
  | { kind: 'heading'; level: number; text: Inline }
  | { kind: 'paragraph'; text: Inline }
  | { kind: 'list'; items: { marker: string; paragraphs: Inline[] }[] }
  | { kind: 'code'; lines: string[] }
  | { kind: 'table'; columns: Inline[]; rows: Inline[][] };

/** The inline content of every paragraph and heading in [from, to], nested ones included. */
function inlinesOf(tokens: readonly Token[], from: number, to: number): Inline[] {
  return tokens.slice(from, to + 1).flatMap((t) => (t.type === 'inline' ? [t.children ?? []] : []));
}

function listItems(tokens: readonly Token[], from: number, to: number): { marker: string; paragraphs: Inline[] }[] {
  const items: { marker: string; paragraphs: Inline[] }[] = [];
  for (let i = from; i <= to; i++) {
    if (tokens[i].type !== 'list_item_open') continue;
    const end = blockEnd(tokens, i);
    const t = tokens[i];
    const marker = t.info ? `${t.info}${t.markup}` : t.markup === '*' || t.markup === '+' ? '-' : t.markup;
    items.push({ marker, paragraphs: inlinesOf(tokens, i + 1, end - 1) });
    i = end;
  }
  return items;
}

function tableBlock(tokens: readonly Token[], from: number, to: number): Extract<Block, { kind: 'table' }> {
  const rows: Inline[][] = [];
  for (let i = from; i <= to; i++) {
    if (tokens[i].type === 'tr_open') rows.push([]);
    else if (tokens[i].type === 'inline') rows[rows.length - 1].push(tokens[i].children ?? []);
  }
  const [columns, ...body] = rows;
  return { kind: 'table', columns, rows: body };
}

/** The blocks of the Markdown, from the one parser: nested lists and quotes are read as their text. */
function parseBlocks(markdown: string): Block[] {
  const tokens = parseMarkdown(markdown);
  const out: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const end = blockEnd(tokens, i);
    if (t.type === 'heading_open') out.push({ kind: 'heading', level: Number(t.tag.slice(1)), text: tokens[i + 1].children ?? [] });
    else if (t.type === 'paragraph_open') out.push({ kind: 'paragraph', text: tokens[i + 1].children ?? [] });
    else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') out.push({ kind: 'list', items: listItems(tokens, i + 1, end - 1) });
    else if (t.type === 'fence' || t.type === 'code_block') out.push({ kind: 'code', lines: t.content.replace(/\n$/, '').split('\n') });
    else if (t.type === 'table_open') out.push(tableBlock(tokens, i + 1, end - 1));
    else if (t.type === 'blockquote_open') out.push(...parseBlocks(markdown.split('\n').slice(t.map?.[0] ?? 0, t.map?.[1] ?? 0).map((l) => l.replace(/^\s*>\s?/, '')).join('\n')));
    i = end;
  }
  return out;
}

const ANSI = /\x1b\[[0-9;]*m/g;

function bold(text: string, color: boolean): string {
  return color ? `\x1b[1m${text}\x1b[22m` : text;
}

function code(text: string, color: boolean): string {
  return color ? `\x1b[36m${text}\x1b[39m` : `\`${text}\``;
}

/** Inline tokens as terminal text: code spans coloured (or in backticks), bold kept, a link as `text <target>`. */
function inlineTokens(tokens: Inline, color: boolean): string {
  const stack: { text: string; close: (inner: string) => string }[] = [{ text: '', close: (inner) => inner }];
  const push = (close: (inner: string) => string): void => void stack.push({ text: '', close });
  const pop = (): void => {
    const top = stack.pop()!;
    stack[stack.length - 1].text += top.close(top.text);
  };
  for (const token of tokens) {
    const top = stack[stack.length - 1];
    if (token.type === 'code_inline') top.text += code(token.content, color);
    else if (token.type === 'softbreak' || token.type === 'hardbreak') top.text += ' ';
    else if (token.type === 'strong_open') push((inner) => bold(inner, color));
    else if (token.type === 'em_open') push((inner) => inner);
    else if (token.type === 'link_open') {
      const target = token.attrGet('href') ?? '';
      push((inner) => (target ? `${inner} <${target}>` : inner));
    } else if (token.type === 'strong_close' || token.type === 'em_close' || token.type === 'link_close') pop();
    else top.text += token.content;
  }
  while (stack.length > 1) pop();
  return stack[0].text;
}

/** One line of inline Markdown (code spans, bold, links) as terminal text. */
export function inline(text: string, color: boolean): string {
  return inlineTokens(parseInline(text), color);
}

function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** Wraps at word boundaries; a word longer than the line stays whole rather than being cut. */
export function wrap(text: string, width: number, indent: string, hangingIndent = indent): string {
  const lines: string[] = [];
  let current = indent;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = empty ? current + word : `${current} ${word}`;
    if (!empty && visibleLength(candidate) > width) {
      lines.push(current);
      current = hangingIndent + word;
    } else {
      current = candidate;
    }
    empty = false;
  }
  lines.push(current);
  return lines.join('\n');
}

function renderTable(block: Extract<Block, { kind: 'table' }>, indent: string, options: TerminalOptions): string {
  return block.rows
    .map((row) => {
      const [first, ...rest] = row;
      const details = rest.map((cell, k) =>
        wrap(`${inlineTokens(block.columns[k + 1], false)}: ${inlineTokens(cell, options.color)}`, options.width, `${indent}  `, `${indent}    `),
      );
      return [wrap(bold(inlineTokens(first, options.color), options.color), options.width, indent), ...details].join('\n');
    })
    .join('\n\n');
}

function listItem(marker: string, paragraphs: readonly Inline[], indent: string, options: TerminalOptions): string {
  const hanging = indent + ' '.repeat(marker.length + 1);
  const text = paragraphs.map((p) => inlineTokens(p, options.color)).join(' ');
  return wrap(`${marker} ${text}`, options.width, indent, hanging);
}

function renderHeading(level: number, text: string, color: boolean): { line: string; bodyIndent: string } {
  if (level === 1) return { line: `${bold(text, color)}\n${'='.repeat(text.length)}`, bodyIndent: '' };
  if (level === 2) return { line: bold(text.toUpperCase(), color), bodyIndent: '  ' };
  return { line: `  ${bold(text, color)}`, bodyIndent: '    ' };
}

/** Markdown as plain terminal text: bold headings (when colour is on), wrapped paragraphs, indented code. */
export function markdownToTerminal(markdown: string, options: TerminalOptions): string {
  let indent = '';
  const parts: string[] = [];
  for (const block of parseBlocks(markdown)) {
    switch (block.kind) {
      case 'heading': {
        const rendered = renderHeading(block.level, inlineTokens(block.text, false), options.color);
        parts.push(rendered.line);
        indent = rendered.bodyIndent;
        break;
      }
      case 'paragraph':
        parts.push(wrap(inlineTokens(block.text, options.color), options.width, indent));
        break;
      case 'list':
        parts.push(block.items.map((item) => listItem(item.marker, item.paragraphs, indent, options)).join('\n'));
        break;
      case 'code':
        parts.push(block.lines.map((l) => (l === '' ? '' : `${indent}    ${l}`)).join('\n'));
        break;
      case 'table':
        parts.push(renderTable(block, indent, options));
        break;
    }
  }
  return parts.join('\n\n') + '\n';
}
