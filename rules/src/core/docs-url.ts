/**
 * Every link to a rule or lesson page, in every front end, is derived here from an id.
 *
 * Links must resolve wherever they are shown, so by default they point at pages that exist offline:
 * - in VS Code, `command:` links that open the page in the extension's lesson view;
 * - elsewhere (Neovim and other LSP clients, `--format json`, the ESLint plugin), `file:` URIs into the
 *   `docs/` folder of the installed package, which ships every page;
 * - in a terminal, CI annotation or SARIF log, the `pipelint explain <id>` command and the page's path.
 * A `docsBaseUrl` (pipelint.config.json or the `pipelint.docsBaseUrl` editor setting) names where a team
 * hosts the docs; then every link is `<docsBaseUrl>/rules/<id>.md` or `<docsBaseUrl>/lessons/<id>.md`.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The repository pipelint is meant to be published from. package.json's `repository`, `homepage` and `bugs`,
 * the SARIF `informationUri` and the .vsix README base URLs are this string (a test checks them); none of the
 * default links depends on it. Change it here and in package.json when the project moves (docs/publishing.md).
 */
export const REPOSITORY_URL = 'https://github.com/pipelint/pipelint';

/** The VS Code commands the `command:` links run (registered by the extension). */
export const SHOW_LESSON_COMMAND = 'pipelint.showLesson';
export const SHOW_RULE_DOCS_COMMAND = 'pipelint.showRuleDocs';

export type DocKind = 'rule' | 'lesson';

/**
 * How links are written. `docsBaseUrl` wins when set; otherwise `style` picks the offline form: `file`
 * (the default) or `command` (VS Code). `none` writes no link: renderers show the plain name instead.
 */
export interface DocsLinkOptions {
  style?: 'file' | 'command' | 'none';
  docsBaseUrl?: string | null;
}

/** Where a page sits below `docs/`, with forward slashes: `rules/blind-insert.md`. */
export function docPath(kind: DocKind, id: string): string {
  return `${kind === 'rule' ? 'rules' : 'lessons'}/${id}.md`;
}

let docsDir: string | undefined;

/**
 * The `docs/` folder of the installed package: `<package>/docs` next to `rules/out/core/` (a checkout and the
 * npm package), or next to a bundle in `dist/`.
 */
export function installedDocsDir(): string {
  if (docsDir === undefined) {
    const candidates = [path.resolve(__dirname, '..', '..', '..', 'docs'), path.resolve(__dirname, '..', 'docs')];
    docsDir = candidates.find((dir) => existsSync(path.join(dir, 'rules'))) ?? candidates[0];
  }
  return docsDir;
}

/** The `command:` URI that opens a page in VS Code's lesson view. */
export function docsCommandUri(kind: DocKind, id: string): string {
  const [command, args] = kind === 'rule' ? [SHOW_RULE_DOCS_COMMAND, [{ ruleId: id }]] : [SHOW_LESSON_COMMAND, [{ lessonId: id }]];
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** The link to one page; '' with style `none` and no base URL. */
export function docsLink(kind: DocKind, id: string, options: DocsLinkOptions = {}): string {
  if (options.docsBaseUrl) return `${options.docsBaseUrl.replace(/\/+$/, '')}/${docPath(kind, id)}`;
  switch (options.style ?? 'file') {
    case 'command':
      return docsCommandUri(kind, id);
    case 'none':
      return '';
    default:
      return pathToFileURL(path.join(installedDocsDir(), ...docPath(kind, id).split('/'))).href;
  }
}

export function ruleDocsUrl(ruleId: string, options: DocsLinkOptions = {}): string {
  return docsLink('rule', ruleId, options);
}

export function lessonDocsUrl(lessonId: string, options: DocsLinkOptions = {}): string {
  return docsLink('lesson', lessonId, options);
}

/** Link targets for the Markdown renderers (the same shape as lessons/md.ts `DocLinks`). */
export function docsLinks(options: DocsLinkOptions = {}): { lesson(id: string): string; rule(id: string): string } {
  return { lesson: (id) => lessonDocsUrl(id, options), rule: (id) => ruleDocsUrl(id, options) };
}

/**
 * Where to read about a rule in plain text that resolves anywhere (a CI annotation, a terminal): the base URL's
 * page when one is set, else the command that prints the page.
 */
export function ruleDocsHint(ruleId: string, docsBaseUrl?: string | null): string {
  return docsBaseUrl ? ruleDocsUrl(ruleId, { docsBaseUrl }) : `pipelint explain ${ruleId}`;
}

/** Why a `docsBaseUrl` value is unusable, or null when it is an absolute http(s) or file URL. */
export function docsBaseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `'docsBaseUrl' must be an absolute URL such as "https://docs.example.com/pipelint", found ${JSON.stringify(value)}`;
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) return `'docsBaseUrl' must be an http, https or file URL, found ${JSON.stringify(value)}`;
  if (url.search !== '' || url.hash !== '') return `'docsBaseUrl' must not have a query or fragment; links append /rules/<id>.md to it`;
  return null;
}
