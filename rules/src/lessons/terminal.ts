export interface TerminalOptions {
  color: boolean;
  width: number;
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: { marker: string; text: string }[] }
  | { kind: 'code'; lines: string[] }
  | { kind: 'table'; columns: string[]; rows: string[][] };

const FENCE = /^(`{3,})\s*[\w-]*\s*$/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const LIST_ITEM = /^([-*]|\d+\.)\s+(.*)$/;

function isBlockStart(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || LIST_ITEM.test(line) || line.startsWith('|');
}

function tableCells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** A small Markdown block reader: enough for the Markdown pipelint itself writes (no nesting, no HTML). */
function parseBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    const heading = HEADING.exec(line);
    if (line.trim() === '') {
      i++;
    } else if (fence) {
      const end = lines.findIndex((l, j) => j > i && l.trim() === fence[1]);
      const stop = end === -1 ? lines.length : end;
      out.push({ kind: 'code', lines: lines.slice(i + 1, stop) });
      i = stop + 1;
    } else if (heading) {
      out.push({ kind: 'heading', level: heading[1].length, text: heading[2] });
      i++;
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) rows.push(tableCells(lines[i]));
      const [columns, , ...body] = rows;
      out.push({ kind: 'table', columns, rows: body });
    } else if (LIST_ITEM.test(line)) {
      const items: { marker: string; text: string }[] = [];
      for (; i < lines.length && lines[i].trim() !== ''; i++) {
        const item = LIST_ITEM.exec(lines[i]);
        if (item) items.push({ marker: item[1] === '*' ? '-' : item[1], text: item[2] });
        else items[items.length - 1].text += ` ${lines[i].trim()}`;
      }
      out.push({ kind: 'list', items });
    } else {
      const text: string[] = [];
      for (; i < lines.length && lines[i].trim() !== '' && !isBlockStart(lines[i]); i++) text.push(lines[i].trim());
      out.push({ kind: 'paragraph', text: text.join(' ') });
    }
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

/** Inline Markdown (code spans, bold, links) as terminal text. */
export function inline(text: string, color: boolean): string {
  return text.replace(
    /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)]*)\)|\*([^*\s][^*]*)\*/g,
    (_whole, span?: string, strong?: string, label?: string, target?: string, em?: string) => {
      if (span !== undefined) return code(span, color);
      if (strong !== undefined) return bold(inline(strong, color), color);
      if (label !== undefined) return target ? `${inline(label, color)} <${target}>` : inline(label, color);
      return em ?? '';
    },
  );
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
        wrap(`${block.columns[k + 1]}: ${inline(cell, options.color)}`, options.width, `${indent}  `, `${indent}    `),
      );
      return [wrap(bold(inline(first, options.color), options.color), options.width, indent), ...details].join('\n');
    })
    .join('\n\n');
}

function listItem(marker: string, text: string, indent: string, options: TerminalOptions): string {
  const hanging = indent + ' '.repeat(marker.length + 1);
  return wrap(`${marker} ${inline(text, options.color)}`, options.width, indent, hanging);
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
        const rendered = renderHeading(block.level, inline(block.text, false), options.color);
        parts.push(rendered.line);
        indent = rendered.bodyIndent;
        break;
      }
      case 'paragraph':
        parts.push(wrap(inline(block.text, options.color), options.width, indent));
        break;
      case 'list':
        parts.push(block.items.map((item) => listItem(item.marker, item.text, indent, options)).join('\n'));
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
