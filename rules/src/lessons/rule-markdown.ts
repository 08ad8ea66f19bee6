import type { EngineRuleMeta } from '../core/engine-rules.js';
import type { OptionsSchema, RuleExample, RuleMeta } from '../core/types.js';
import { getLesson } from './index.js';
import { conceptLine, languageLabel, languagesLabel, RELATIVE_LINKS } from './lesson-markdown.js';
import { blocks, bulletList, exampleFence, fence, link, markdownTable, titleFromId, type DocLinks } from './md.js';

export function fixableText(meta: RuleMeta): string {
  if (meta.fixable) return 'yes: `pipelint --fix` applies the rewrite';
  if (meta.hasSuggestions) return 'no, but the editor offers a suggested rewrite to review';
  return 'no';
}

function factsList(meta: RuleMeta, links: DocLinks): string {
  const lesson = getLesson(meta.concept);
  return bulletList([
    `**Rule id:** \`${meta.id}\``,
    `**Language:** ${languagesLabel(meta)}`,
    `**Concept:** ${link(lesson.title, links.lesson(lesson.id))}, the answer to *"${lesson.signals[0]}"*`,
    `**Default severity:** \`${meta.defaultSeverity}\``,
    `**Fixable:** ${fixableText(meta)}`,
  ]);
}

function exampleBlock(kind: 'Anti-pattern' | 'Fix', note: string, example: RuleExample): string {
  const heading = example.title ? `### ${kind}: ${example.title}` : `### ${kind}`;
  return `${heading}\n\n${note}\n\n${exampleFence(example)}`;
}

/** The anti-pattern's code after `pipelint --fix`, when its finding has a safe fix. */
function fixedOutput(example: RuleExample): string {
  if (example.output === undefined) return '';
  return `Fixed by \`--fix\`:\n\n${exampleFence({ ...example, code: example.output })}`;
}

function examplesSection(meta: RuleMeta, heading = '## Examples'): string {
  const bad = meta.docs.bad.map((e) => blocks(exampleBlock('Anti-pattern', `pipelint reports \`${meta.id}\` here.`, e), fixedOutput(e)).trimEnd());
  const good = meta.docs.good.map((e) => exampleBlock('Fix', `No \`${meta.id}\` finding.`, e));
  return [heading, ...bad, ...good].join('\n\n');
}

/** The rule in another language: its own description, reasoning, fix, examples and limits, under one heading. */
function variantSection(variant: RuleMeta): string {
  const label = languageLabel(variant.language);
  return blocks(
    `## In ${label}`,
    variant.docs.description,
    bulletList([`**Default severity in ${label}:** \`${variant.defaultSeverity}\``, `**Fixable:** ${fixableText(variant)}`]),
    `### What is wrong in ${label}\n\n${variant.docs.why}`,
    `### How to fix it in ${label}\n\n${variant.docs.howToFix}`,
    examplesSection(variant, `### ${label} examples`).replace(/^### (Anti-pattern|Fix)/gm, '#### $1'),
    `### When not to use it in ${label}\n\n${variant.docs.whenNotToUse}`,
    variant.docs.misses !== undefined ? `### What pipelint does not see in ${label}\n\n${variant.docs.misses}` : '',
    `Suppress it with:\n\n${fence(suppressComment(variant), fenceLanguage(variant))}`,
  ).trimEnd();
}

function fenceLanguage(meta: Pick<RuleMeta, 'language'>): string {
  return meta.language === 'sql' ? 'sql' : meta.language === 'py' ? 'python' : 'ts';
}

function schemaType(property: OptionsSchema['properties'][string]): string {
  if (property.enum) return property.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const itemType = (property.items as { type?: unknown } | undefined)?.type;
  if (property.type === 'array' && typeof itemType === 'string') return `${itemType}[]`;
  return (Array.isArray(property.type) ? property.type : [property.type]).join(' \\| ');
}

export function optionsSection(schema: OptionsSchema): string {
  const entries = Object.entries(schema.properties);
  if (entries.length === 0) return '## Options\n\nThis rule has no options.';
  const rows = entries.map(([name, p]) => [
    `\`${name}\``,
    schemaType(p),
    p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``,
    p.description,
  ]);
  return `## Options\n\n${markdownTable(['Option', 'Type', 'Default', 'Description'], rows)}`;
}

export function suppressComment(meta: Pick<RuleMeta, 'id' | 'language'>): string {
  const marker = meta.language === 'sql' ? '--' : meta.language === 'py' ? '#' : '//';
  return `${marker} pipelint-disable-next-line ${meta.id} -- <reason>`;
}

function suppressSection(meta: RuleMeta): string {
  return blocks(
    '## How to suppress',
    'Put this comment on the line above the finding, with the reason after ` -- `:',
    fence(suppressComment(meta), fenceLanguage(meta)),
    'A comment that no longer suppresses anything is itself reported, as `unused-suppression`.',
  ).trimEnd();
}

/** The page docs/rules/<id>.md; pass `ABSOLUTE_LINKS` to show it anywhere else. */
export function renderRuleMarkdown(meta: RuleMeta, links: DocLinks = RELATIVE_LINKS): string {
  const lesson = getLesson(meta.concept);
  return blocks(
    `# ${titleFromId(meta.id)}`,
    meta.docs.description,
    factsList(meta, links),
    `## What is wrong\n\n${meta.docs.why}`,
    `## How to fix it\n\n${meta.docs.howToFix}`,
    examplesSection(meta),
    optionsSection(meta.schema),
    `## When not to use it\n\n${meta.docs.whenNotToUse}`,
    meta.docs.misses !== undefined ? `## What pipelint does not see\n\n${meta.docs.misses}` : '',
    suppressSection(meta),
    ...(meta.variants ?? []).map(variantSection),
    `## Learn more\n\n${link(lesson.title, links.lesson(lesson.id))}: the lesson behind this rule. ${conceptLine(lesson)}`,
  );
}


/** Engine findings have no lesson; their page says what the finding means and how to silence it. */
export function engineRuleMarkdown(meta: EngineRuleMeta): string {
  const messages = Object.values(meta.messages).map((m) => m.replace(/\{\{\s*(\w+)\s*\}\}/g, '<$1>'));
  return blocks(
    `# ${titleFromId(meta.id)}`,
    meta.description,
    bulletList([
      `**Rule id:** \`${meta.id}\` (reported by the engine itself, in every language)`,
      `**Default severity:** \`${meta.defaultSeverity}\``,
      '**Fixable:** no',
    ]),
    `## Messages\n\n${bulletList(messages)}`,
    meta.notes !== undefined ? `## What it covers\n\n${meta.notes}` : '',
    `## How to turn it off\n\nSet \`${meta.id}\` to \`off\` in the \`rules\` section of the configuration.`,
  );
}
