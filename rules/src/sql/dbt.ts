import type { Span } from '../core/types.js';
import { jinjaArgSpans, jinjaBrackets, skipPythonString } from './calls.js';
import type { DbtConfigArg, DbtInfo, ParseProblem, Token } from './model.js';

/** The tag name and the rest of a `{% name rest %}` tag, whitespace control stripped. */
export function jinjaTag(token: Token): { name: string; rest: string } {
  let inner = token.text.slice(2, token.unterminated ? undefined : -2);
  if (inner.startsWith('-') || inner.startsWith('+')) inner = inner.slice(1);
  if (inner.endsWith('-') || inner.endsWith('+')) inner = inner.slice(0, -1);
  inner = inner.trim();
  let end = 0;
  while (end < inner.length && isNameCode(inner.charCodeAt(end))) end++;
  return { name: inner.slice(0, end).toLowerCase(), rest: inner.slice(end).trim() };
}

function isNameCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

const DBT_CALLS = /\b(?:ref|source|config|is_incremental)\s*\(|\bthis\b/;

/**
 * dbt facts of a file: its `{{ config(...) }}`, its `{% if is_incremental() %}` bodies, and whether it is a model.
 * `tokens` needs to hold only the file's Jinja expression and statement tokens (the lexer collects them).
 */
export function dbtInfo(tokens: readonly Token[], textLength: number, problems: ParseProblem[]): DbtInfo {
  let config: DbtInfo['config'] = null;
  let isDbtModel = false;
  for (const token of tokens) {
    if (token.kind !== 'jinja-expr' && token.kind !== 'jinja-stmt') continue;
    if (!isDbtModel && DBT_CALLS.test(token.text)) isDbtModel = true;
    if (config === null && token.kind === 'jinja-expr') config = configCall(token);
  }
  return { config, incrementalBlocks: incrementalBlocks(tokens, textLength, problems), isDbtModel, nonProductionBlocks: nonProductionBlocks(tokens) };
}

function configCall(token: Token): DbtInfo['config'] {
  const text = token.text;
  let i = 2;
  while (i < text.length && (text.charCodeAt(i) <= 32 || text.charCodeAt(i) === 45)) i++;
  if (!text.startsWith('config', i)) return null;
  let paren = i + 6;
  while (paren < text.length && text.charCodeAt(paren) <= 32) paren++;
  if (text.charCodeAt(paren) !== 40) return null;
  const closes = jinjaBrackets(text);
  const close = closes.get(paren) ?? text.length - 2;
  const args: Record<string, DbtConfigArg> = {};
  for (const span of jinjaArgSpans(text, token.start, paren, close, closes)) {
    const item = text.slice(span.start - token.start, span.end - token.start);
    const eq = keywordEquals(item);
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim().toLowerCase();
    let valueStart = eq + 1;
    while (valueStart < item.length && item.charCodeAt(valueStart) <= 32) valueStart++;
    const raw = item.slice(valueStart);
    args[key] = { value: literalValue(raw), raw, span: { start: span.start + valueStart, end: span.end } };
  }
  return { span: { start: token.start, end: token.end }, args };
}

/** Index of the `=` of `key=value` (not `==`), when the part before it is a plain name. */
function keywordEquals(item: string): number {
  let i = 0;
  while (i < item.length && isNameCode(item.charCodeAt(i))) i++;
  while (i < item.length && item.charCodeAt(i) <= 32) i++;
  return i > 0 && item.charCodeAt(i) === 61 && item.charCodeAt(i + 1) !== 61 ? i : -1;
}

function literalValue(raw: string): DbtConfigArg['value'] {
  const first = raw.charCodeAt(0);
  if (first === 39 || first === 34) return skipPythonString(raw, 0) === raw.length ? unescapePython(raw.slice(1, -1)) : null;
  if (raw === 'true' || raw === 'True') return true;
  if (raw === 'false' || raw === 'False') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (first === 91 && raw.endsWith(']')) return stringList(raw);
  return null;
}

function stringList(raw: string): string[] | null {
  const items: string[] = [];
  let i = 1;
  const end = raw.length - 1;
  while (i < end) {
    const c = raw.charCodeAt(i);
    if (c <= 32 || c === 44) {
      i++;
      continue;
    }
    if (c !== 39 && c !== 34) return null;
    const after = skipPythonString(raw, i);
    if (after > end) return null;
    items.push(unescapePython(raw.slice(i + 1, after - 1)));
    i = after;
  }
  return items;
}

function unescapePython(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\(.)/g, '$1');
}

interface IfFrame {
  /** `yes`: `if is_incremental()`; `negated`: `if not is_incremental()`, whose else branch is incremental. */
  incremental: 'yes' | 'no' | 'negated';
  bodyStart: number;
  tag: Span;
}

function conditionKind(condition: string): IfFrame['incremental'] {
  const at = condition.indexOf('is_incremental');
  if (at < 0) return 'no';
  return /\bnot\s*\(?\s*$/.test(condition.slice(Math.max(0, at - 8), at)) ? 'negated' : 'yes';
}

/** Bodies of `{% if is_incremental() %}` (and of the `else` of `if not is_incremental()`), between the tags. */
function incrementalBlocks(tokens: readonly Token[], textLength: number, problems: ParseProblem[]): Span[] {
  const blocks: Span[] = [];
  const stack: IfFrame[] = [];
  const close = (frame: IfFrame, end: number): void => {
    if (frame.bodyStart >= 0) blocks.push({ start: frame.bodyStart, end });
    frame.bodyStart = -1;
  };
  for (const token of tokens) {
    if (token.kind !== 'jinja-stmt') continue;
    const tag = jinjaTag(token);
    const frame = stack[stack.length - 1];
    if (tag.name === 'if') {
      const incremental = conditionKind(tag.rest);
      stack.push({ incremental, bodyStart: incremental === 'yes' ? token.end : -1, tag: { start: token.start, end: token.end } });
    } else if (frame && (tag.name === 'elif' || tag.name === 'else')) {
      close(frame, token.start);
      const opens = frame.incremental === 'negated' || (tag.name === 'elif' && conditionKind(tag.rest) === 'yes');
      if (opens) frame.bodyStart = token.end;
    } else if (frame && tag.name === 'endif') {
      close(frame, token.start);
      stack.pop();
    }
  }
  for (const frame of stack) {
    problems.push({ message: 'This {% if %} is never closed with {% endif %}', span: frame.tag });
    close(frame, textLength);
  }
  return blocks.sort((a, b) => a.start - b.start);
}

/** A test that depends on where dbt runs: the target, an environment variable, or a dev/CI/sample switch. */
const ENVIRONMENT_TEST = /\btarget\s*\.\s*\w+|\benv_var\s*\(|(?:^|[^a-z0-9])(?:dev|ci|cicd|test|testing|sample|sampling|debug)(?:_\w*)?(?![a-z0-9])/i;
const PRODUCTION_VALUE = /['"](?:prod|prd|production|live)['"]/i;

/** Whether the branch under `condition` (true: the `if`/`elif` body; false: the `else` body) is non-production. */
function branchIsNonProduction(condition: string, thenBranch: boolean): boolean {
  const selectsProduction = PRODUCTION_VALUE.test(condition) ? !/!=|\bnot\b/.test(condition) : false;
  return thenBranch ? !selectsProduction : selectsProduction;
}

interface EnvFrame {
  /** The tests of this `if` and its `elif`s so far: an `else` is production only when every one is. */
  tests: string[];
  bodyStart: number;
  nonProduction: boolean;
}

/** Bodies of `{% if %}` branches that only development or CI runs render (see `DbtInfo.nonProductionBlocks`). */
function nonProductionBlocks(tokens: readonly Token[]): Span[] {
  const blocks: Span[] = [];
  const stack: EnvFrame[] = [];
  const close = (frame: EnvFrame, end: number): void => {
    if (frame.nonProduction && frame.bodyStart >= 0) blocks.push({ start: frame.bodyStart, end });
  };
  for (const token of tokens) {
    if (token.kind !== 'jinja-stmt') continue;
    const tag = jinjaTag(token);
    const frame = stack[stack.length - 1];
    if (tag.name === 'if') {
      const env = ENVIRONMENT_TEST.test(tag.rest) && !tag.rest.includes('is_incremental');
      stack.push({ tests: [tag.rest], bodyStart: token.end, nonProduction: env && branchIsNonProduction(tag.rest, true) });
    } else if (frame && tag.name === 'elif') {
      close(frame, token.start);
      const env = ENVIRONMENT_TEST.test(tag.rest) && !tag.rest.includes('is_incremental');
      frame.tests.push(tag.rest);
      frame.bodyStart = token.end;
      frame.nonProduction = env && branchIsNonProduction(tag.rest, true);
    } else if (frame && tag.name === 'else') {
      close(frame, token.start);
      // `if dev ... else`: the else is production. `if target.name == 'prod' ... else`: the else is not.
      const tests = frame.tests;
      frame.bodyStart = token.end;
      frame.nonProduction = tests.length === 1 && ENVIRONMENT_TEST.test(tests[0]) && branchIsNonProduction(tests[0], false);
    } else if (frame && tag.name === 'endif') {
      close(frame, token.start);
      stack.pop();
    }
  }
  return blocks.sort((a, b) => a.start - b.start);
}
