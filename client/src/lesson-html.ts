import { randomBytes } from 'node:crypto';
import { parseCommandLink } from './doc-links.js';
import { escapeHtml, renderMarkdown } from './markdown.js';

/** Links the lesson view follows: https pages, and the command: links to other lessons and rules (doc-links.ts). */
export function lessonLinkTarget(href: string): string | null {
  return href.startsWith('https://') || parseCommandLink(href) !== null ? href : null;
}

/** A lesson page with no scripts and no remote content: only inline styles carrying this page's nonce. */
export function lessonHtml(title: string, markdown: string, nonce: string = randomBytes(16).toString('base64')): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; script-src 'none'; font-src 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); max-width: 52rem; padding: 0 1.5rem 2rem; line-height: 1.5; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 .2em; }
pre { background: var(--vscode-textCodeBlock-background); padding: .75em 1em; overflow-x: auto; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid var(--vscode-panel-border); padding: .3em .6em; text-align: left; vertical-align: top; }
blockquote { border-left: 3px solid var(--vscode-textBlockQuote-border); margin: 0; padding-left: 1em; }
a { color: var(--vscode-textLink-foreground); }
</style>
</head>
<body>
${renderMarkdown(markdown, { linkTarget: lessonLinkTarget })}
</body>
</html>`;
}
