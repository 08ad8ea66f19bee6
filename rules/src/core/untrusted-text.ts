/**
 * Text taken from the linted files (table names, identifiers, call names, file paths) is untrusted: it reaches the
 * terminal and the editor's hover Markdown. These functions make it show literally there.
 */

/**
 * C0 controls but tab, DEL, C1 controls (0x9b is a one-byte CSI in some terminals), the Unicode line and paragraph
 * separators, and the bidirectional overrides and isolates that make a terminal show text in another order.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** `\n`, `\r`, `\x1b`, `\u202e`: each control character as the escape that names it, so a message stays one line. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? escapeCode(c.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The ASCII punctuation that means something inside a line of CommonMark or GitHub Markdown (emphasis, code spans,
 * links, images, raw HTML, entities, table cells, strikethrough), and `:`, which would let a bare `http://` or
 * `command:` name become a link. Line-start syntax (`#`, `-`, `1.`) cannot occur: the text never starts a line,
 * since its line breaks are shown as `\n`. CommonMark lets any ASCII punctuation be escaped with a backslash.
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>!|&~:]|(?<=\bwww)\./gi;

/** Text shown literally inside Markdown prose: control characters named, Markdown punctuation escaped. */
export function escapeMarkdownText(text: string): string {
  return escapeControlCharacters(text).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * A message template filled in for Markdown: the template's own code spans stay code spans, placeholder values
 * inside them are fenced with more backticks than they contain, and values elsewhere are escaped as prose. The
 * template text itself is trusted (it is the rule's message) and kept as it is.
 */
export function markdownFromTemplate(template: string, data: Record<string, string>): string {
  let out = '';
  let inCode = false;
  let codeSpan = '';
  let last = 0;
  const literal = (text: string): void => {
    for (const c of text) {
      if (c === '`') {
        if (inCode) out += codeSpanOf(codeSpan);
        inCode = !inCode;
        codeSpan = '';
      } else if (inCode) codeSpan += c;
      else out += c;
    }
  };
  for (const match of template.matchAll(PLACEHOLDER)) {
    literal(template.slice(last, match.index));
    last = match.index + match[0].length;
    const key = match[1];
    const value = key in data ? data[key] : match[0];
    if (inCode) codeSpan += escapeControlCharacters(value);
    else out += key in data ? escapeMarkdownText(value) : value;
  }
  literal(template.slice(last));
  if (inCode) out += `\`${codeSpan}`;
  return out;
}

/** A code span holding `text` exactly: the fence is one backtick longer than the longest run inside. */
export function codeSpanOf(text: string): string {
  const content = escapeControlCharacters(text);
  if (content === '') return '';
  let longest = 0;
  for (const run of content.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}
