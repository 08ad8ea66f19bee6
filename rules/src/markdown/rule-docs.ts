import type { RuleDocs, RuleExample } from '../core/types.js';
import { blockEnd, parseMarkdown } from './parse.js';

const SECTIONS = {
  'Why': 'why',
  'How to fix': 'howToFix',
  'When not to use it': 'whenNotToUse',
  'What pipelint does not see': 'misses',
} as const;

type SectionKey = (typeof SECTIONS)[keyof typeof SECTIONS];

function sectionOf(title: string): SectionKey | 'examples' | null {
  if (title === 'Examples') return 'examples';
  return (SECTIONS as Record<string, SectionKey>)[title] ?? null;
}

function fail(source: string, message: string): never {
  throw new Error(`${source}: ${message}`);
}

/**
 * A rule's `<id>.md`: the description as its first paragraph, then `## Why`, `## How to fix`,
 * `## When not to use it`, optionally `## What pipelint does not see` (known misses left out of scope), and
 * `## Examples`. Each example is a fence whose info string says what it must do:
 * `sql flagged file.sql` produces exactly one finding, `sql clean file.sql` none, and `sql output` right after a
 * flagged one is that example after `--fix`. A `### title` above a fence names it.
 */
export function parseRuleDocs(markdown: string, source = 'rule docs'): RuleDocs {
  const lines = markdown.split('\n');
  const tokens = parseMarkdown(markdown);
  const prose: Partial<Record<SectionKey | 'description', [number, number]>> = {};
  const bad: RuleExample[] = [];
  const good: RuleExample[] = [];
  let section: SectionKey | 'examples' | 'description' = 'description';
  let title: string | undefined;
  let last: RuleExample | undefined;
  const extend = (key: SectionKey | 'description', map: [number, number]): void => {
    const seen = prose[key];
    prose[key] = seen ? [seen[0], map[1]] : [map[0], map[1]];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const end = blockEnd(tokens, i);
    const text = t.type === 'heading_open' ? (tokens[i + 1].content ?? '') : '';
    if (t.type === 'heading_open' && t.tag === 'h2') {
      const next = sectionOf(text);
      if (next === null) fail(source, `unknown section "## ${text}"`);
      section = next;
    } else if (t.type === 'heading_open' && t.tag === 'h3' && section === 'examples') {
      title = text;
    } else if (section === 'examples') {
      if (t.type !== 'fence') fail(source, `only fenced examples and ### titles belong under ## Examples (line ${(t.map?.[0] ?? 0) + 1})`);
      const [, intent, filename] = t.info.trim().split(/\s+/);
      if (intent === 'output') {
        if (last === undefined || !bad.includes(last)) fail(source, 'an `output` fence must follow a `flagged` one');
        last.output = t.content;
        continue;
      }
      if (intent !== 'flagged' && intent !== 'clean') fail(source, `a fence under ## Examples must be flagged, clean or output, not "${t.info}"`);
      if (!filename) fail(source, `the ${intent} example "${title ?? t.content.split('\n')[0]}" names no file`);
      last = { ...(title !== undefined ? { title } : {}), code: t.content, filename };
      (intent === 'flagged' ? bad : good).push(last);
      title = undefined;
    } else if (t.map) {
      extend(section, t.map as [number, number]);
    }
    i = end;
  }
  const text = (key: SectionKey | 'description'): string => {
    const span = prose[key];
    if (!span) fail(source, `missing ${key === 'description' ? 'the description paragraph' : `## ${Object.keys(SECTIONS).find((k) => (SECTIONS as Record<string, string>)[k] === key)}`}`);
    return lines.slice(span[0], span[1]).join('\n').trim();
  };
  const misses = prose.misses ? text('misses') : undefined;
  return {
    description: text('description'),
    why: text('why'),
    howToFix: text('howToFix'),
    whenNotToUse: text('whenNotToUse'),
    ...(misses !== undefined ? { misses } : {}),
    bad,
    good,
  };
}

function fenceOf(code: string, info: string): string {
  const longestRun = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longestRun + 1);
  return `${ticks}${info}\n${code}${code.endsWith('\n') ? '' : '\n'}${ticks}`;
}

function languageOf(filename: string): string {
  if (filename.endsWith('.py')) return 'python';
  return filename.endsWith('.sql') || filename.includes('.sql.') ? 'sql' : (/\.([cm]?[jt]sx?)$/.exec(filename)?.[1] ?? 'text');
}

function exampleSource(example: RuleExample, intent: 'flagged' | 'clean'): string {
  const language = languageOf(example.filename);
  const parts = [example.title !== undefined ? `### ${example.title}\n\n` : ''];
  parts.push(fenceOf(example.code, `${language} ${intent} ${example.filename}`));
  if (example.output !== undefined) parts.push(`\n\n${fenceOf(example.output, `${language} output`)}`);
  return parts.join('');
}

/** The `<id>.md` text of these docs; parseRuleDocs reads it back to the same docs. */
export function ruleDocsSource(docs: RuleDocs): string {
  return [
    docs.description,
    `## Why\n\n${docs.why}`,
    `## How to fix\n\n${docs.howToFix}`,
    `## When not to use it\n\n${docs.whenNotToUse}`,
    ...(docs.misses !== undefined ? [`## What pipelint does not see\n\n${docs.misses}`] : []),
    ['## Examples', ...docs.bad.map((e) => exampleSource(e, 'flagged')), ...docs.good.map((e) => exampleSource(e, 'clean'))].join('\n\n'),
  ].join('\n\n') + '\n';
}
