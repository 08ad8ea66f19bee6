import type { RuleId } from '../catalogue.js';
import type { LessonId } from '../core/types.js';
import type { Lesson, PatternTable, Probe } from '../lessons/types.js';
import { blockEnd, parseMarkdown, type Token } from './parse.js';

/*
 * A lesson's `<id>.md`: `# title`, a facts list (Section, Concept key, Failure), then `## Summary`, `## Signals`,
 * `## Short answer`, `## Answer`, `## Stake` (the hover sentence and its default subject), `## Probes` (one
 * `### question` each, an optional `- Rules:` line, then the answer), and optionally `## Patterns` (a caption and
 * a table), `## Do` and `## Don't`.
 */

interface Section {
  title: string;
  /** Source lines [start, end) of the section body. */
  start: number;
  end: number;
  tokens: Token[];
}

function fail(source: string, message: string): never {
  throw new Error(`${source}: ${message}`);
}

function sections(tokens: readonly Token[], lineCount: number): { head: Token[]; list: Section[] } {
  const head: Token[] = [];
  const list: Section[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const end = blockEnd(tokens, i);
    if (t.type === 'heading_open' && t.tag === 'h2') {
      const previous = list[list.length - 1];
      if (previous) previous.end = t.map?.[0] ?? previous.end;
      list.push({ title: tokens[i + 1].content, start: t.map?.[1] ?? 0, end: lineCount, tokens: [] });
    } else {
      (list.length > 0 ? list[list.length - 1].tokens : head).push(...tokens.slice(i, end + 1));
    }
    i = end;
  }
  return { head, list };
}

/** The raw inline text of each item of the first list among the tokens. */
function listItems(tokens: readonly Token[]): string[] {
  return tokens.filter((t, i) => t.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open' && tokens[i - 1].hidden).map((t) => t.content);
}

function facts(items: readonly string[], source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const match = /^([\w' ]+):\s(.*)$/s.exec(item);
    if (!match) fail(source, `"- ${item}" is not a "Key: value" line`);
    out[match[1]] = match[2];
  }
  return out;
}

function unquoted(code: string): string {
  return code.replace(/^`(.*)`$/, '$1');
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|\s?/, '')
    .replace(/\s?\|$/, '')
    .split(/\s\|\s/)
    .map((cell) => cell.replace(/\\\|/g, '|'));
}

export function parseLesson(id: LessonId, markdown: string, source = `${id}.md`): Lesson {
  const lines = markdown.split('\n');
  const tokens = parseMarkdown(markdown);
  const { head, list } = sections(tokens, lines.length);
  const titleToken = head.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1');
  if (titleToken < 0) fail(source, 'no # title');
  const info = facts(listItems(head), source);
  const body = (title: string): string => {
    const s = list.find((x) => x.title === title);
    if (!s) fail(source, `no ## ${title}`);
    return lines.slice(s.start, s.end).join('\n').trim();
  };
  const section = (title: string): Section | undefined => list.find((x) => x.title === title);
  const stake = section('Stake');
  if (!stake) fail(source, 'no ## Stake');
  const stakeFacts = facts(listItems(stake.tokens), source);
  const stakeTemplate = stake.tokens.find((t, i) => t.type === 'inline' && !stake.tokens[i - 1]?.hidden)?.content;
  const lesson: Lesson = {
    id,
    title: head[titleToken + 1].content,
    sectionTitle: info['Section'] ?? fail(source, 'no "- Section:" line'),
    conceptKey: unquoted(info['Concept key'] ?? fail(source, 'no "- Concept key:" line')),
    failure: info['Failure'] ?? fail(source, 'no "- Failure:" line'),
    summary: body('Summary'),
    signals: listItems(section('Signals')?.tokens ?? []),
    shortAnswer: body('Short answer'),
    answer: body('Answer'),
    stake: { template: stakeTemplate ?? fail(source, 'no stake sentence'), defaultSubject: stakeFacts['Default subject'] ?? fail(source, 'no "- Default subject:"') },
    probes: probes(lines, section('Probes') ?? fail(source, 'no ## Probes'), source),
  };
  const patterns = section('Patterns');
  if (patterns) lesson.patterns = patternTable(lines, patterns);
  const dos = section('Do');
  if (dos) lesson.dos = listItems(dos.tokens);
  const donts = section("Don't");
  if (donts) lesson.donts = listItems(donts.tokens);
  return lesson;
}

function probes(lines: readonly string[], section: Section, source: string): Probe[] {
  const out: Probe[] = [];
  const headings = section.tokens.filter((t) => t.type === 'heading_open' && t.tag === 'h3');
  headings.forEach((heading, k) => {
    const at = section.tokens.indexOf(heading);
    const start = heading.map?.[1] ?? 0;
    const end = headings[k + 1]?.map?.[0] ?? section.end;
    let text = lines.slice(start, end).join('\n').trim();
    const probe: Probe = { question: section.tokens[at + 1].content, answer: '' };
    const rulesLine = /^- Rules: (.*)\n\n/.exec(text);
    if (rulesLine) {
      probe.rules = rulesLine[1].split(', ').map((r) => unquoted(r) as RuleId);
      text = text.slice(rulesLine[0].length);
    }
    if (text === '') fail(source, `probe "${probe.question}" has no answer`);
    probe.answer = text;
    out.push(probe);
  });
  return out;
}

function patternTable(lines: readonly string[], section: Section): PatternTable {
  const table = section.tokens.find((t) => t.type === 'table_open');
  const caption = section.tokens.find((t, i) => t.type === 'inline' && section.tokens[i - 1]?.type === 'paragraph_open')?.content ?? '';
  const [start, end] = table?.map ?? [0, 0];
  const [columns, , ...rows] = lines.slice(start, end).map(tableCells);
  return { caption, columns, rows };
}

function tableLine(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** The `<id>.md` text of a lesson; parseLesson reads it back to the same lesson. */
export function lessonSource(lesson: Lesson): string {
  const bullets = (items: readonly string[]): string => items.map((i) => `- ${i}`).join('\n');
  const parts = [
    `# ${lesson.title}`,
    bullets([`Section: ${lesson.sectionTitle}`, `Concept key: \`${lesson.conceptKey}\``, `Failure: ${lesson.failure}`]),
    `## Summary\n\n${lesson.summary}`,
    `## Signals\n\n${bullets(lesson.signals)}`,
    `## Short answer\n\n${lesson.shortAnswer}`,
    `## Answer\n\n${lesson.answer}`,
    `## Stake\n\n${lesson.stake.template}\n\n${bullets([`Default subject: ${lesson.stake.defaultSubject}`])}`,
    [
      '## Probes',
      ...lesson.probes.map((p) => [`### ${p.question}`, ...(p.rules ? [`- Rules: ${p.rules.map((r) => `\`${r}\``).join(', ')}`] : []), p.answer].join('\n\n')),
    ].join('\n\n'),
  ];
  if (lesson.patterns) {
    const { caption, columns, rows } = lesson.patterns;
    parts.push(`## Patterns\n\n${caption}\n\n${[tableLine(columns), tableLine(columns.map(() => '---')), ...rows.map(tableLine)].join('\n')}`);
  }
  if (lesson.dos) parts.push(`## Do\n\n${bullets(lesson.dos)}`);
  if (lesson.donts) parts.push(`## Don't\n\n${bullets(lesson.donts)}`);
  return `${parts.join('\n\n')}\n`;
}
