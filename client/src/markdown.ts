// The lesson view renders through the engine's one Markdown parser (markdown-it), like the docs, hover and terminal.
export { escapeHtml, renderHtml as renderMarkdown, renderInlineHtml as renderInline } from '@pipelint/engine/markdown';
