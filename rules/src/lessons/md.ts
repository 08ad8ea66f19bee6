import type { RuleExample } from '../core/types.js';

/** Where rendered links point: relative paths inside docs/, absolute URLs elsewhere, nothing in a terminal. */
export interface DocLinks {
  lesson(id: string): string;
  rule(id: string): string;
}

const FENCE_LANGUAGES: [suffix: string, language: string][] = [
  ['.sql', 'sql'],
  ['.py', 'python'],
  ['.sql.j2', 'sql'],
  ['.sql.jinja', 'sql'],
  ['.tsx', 'tsx'],
  ['.jsx', 'jsx'],
  ['.ts', 'ts'],
  ['.mts', 'ts'],
  ['.cts', 'ts'],
  ['.js', 'js'],
  ['.mjs', 'js'],
  ['.cjs', 'js'],
];

export function fenceLanguage(filename: string): string {
  const lower = filename.toLowerCase();
  return FENCE_LANGUAGES.find(([suffix]) => lower.endsWith(suffix))?.[1] ?? '';
}

/** Example code as written in rule metadata (often a newline-led template literal), without the outer blank lines and common indent. */
export function exampleSource(code: string): string {
  const lines = code.replace(/\s+$/, '').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}

export function fence(code: string, language: string): string {
  const longestRun = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longestRun + 1);
  return `${ticks}${language}\n${code}\n${ticks}`;
}

export function exampleFence(example: RuleExample): string {
  return fence(exampleSource(example.code), fenceLanguage(example.filename));
}

export function bulletList(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(tableCell).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

export function link(text: string, target: string): string {
  return target === '' ? text : `[${text}](${target})`;
}

/** `blind-insert` -> `Blind insert`: rules carry no title of their own, the id is the name. */
export function titleFromId(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Joins Markdown blocks with one blank line, skipping empty ones. */
export function blocks(...parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n') + '\n';
}
