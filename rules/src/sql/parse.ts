import { LineIndex } from '../core/line-index.js';
import { hasAssumeInTransaction, type CommentText } from '../core/suppressions.js';
import type { Span } from '../core/types.js';
import { dbtInfo } from './dbt.js';
import { lex } from './lexer.js';
import type { DbtInfo, ParseOptions, SqlDocument, Statement, Token } from './model.js';
import { parseRange, type ParseContext } from './statement.js';
import { assignTransactions, TransactionLedger } from './transactions.js';

/**
 * Lexes, splits and models a SQL file. Tolerant by design: it never throws, takes linear time on any input, and
 * reports what it could not read in `problems` while analysing the rest.
 */
export function parseSql(text: string, options: ParseOptions = {}): SqlDocument {
  const dialect = options.dialect ?? 'ansi';
  const lines = new LineIndex(text);
  try {
    return parseDocument(text, dialect, lines, options.assumeInTransaction === true);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      text,
      dialect,
      lines,
      tokens: [],
      comments: [],
      statements: [],
      transactions: [],
      dbt: { config: null, incrementalBlocks: [], isDbtModel: false, nonProductionBlocks: [] },
      problems: [{ message: `Internal parser error (${detail})`, span: { start: 0, end: 0 } }],
    };
  }
}

function parseDocument(text: string, dialect: SqlDocument['dialect'], lines: LineIndex, assume: boolean): SqlDocument {
  const lexed = lex(text, dialect);
  const tokens = lexed.tokens;
  const ctx: ParseContext = { text, dialect, statements: [], comments: lexed.comments, problems: lexed.problems };
  const topLevel = parseRange(ctx, tokens, 0, tokens.length, null, 0);
  const dbt = dbtInfo(lexed.templates, text.length, ctx.problems);
  markIncremental(ctx.statements, dbt);
  const comments = ctx.comments.sort((a, b) => a.start - b.start);
  const ledger = new TransactionLedger(assume || hasAssumeInTransaction(comments.map(commentText)));
  assignTransactions(topLevel, ledger, () => ledger.fileWide());
  return {
    text,
    dialect,
    lines,
    tokens,
    comments,
    statements: ctx.statements,
    transactions: ledger.blocks,
    dbt,
    problems: ctx.problems.sort((a, b) => a.span.start - b.span.start),
  };
}

function commentText(token: Token): CommentText {
  const raw = token.text;
  let body = raw;
  if (raw.startsWith('--') || raw.startsWith('//')) body = raw.slice(2);
  else if (raw.startsWith('#')) body = raw.slice(1);
  else if (raw.startsWith('/*') || raw.startsWith('{#')) body = raw.slice(2, token.unterminated ? undefined : -2).replace(/^-|-$/g, '');
  return { body, span: { start: token.start, end: token.end } };
}

function markIncremental(statements: readonly Statement[], dbt: DbtInfo): void {
  const blocks = dbt.incrementalBlocks;
  if (blocks.length === 0) return;
  const reach: number[] = [];
  for (const block of blocks) reach.push(Math.max(block.end, reach.length > 0 ? reach[reach.length - 1] : 0));
  for (const statement of statements) statement.inIncrementalBlock = overlapsAny(statement.span, blocks, reach);
}

/** `blocks` are sorted by start and `reach[i]` is the furthest end among `blocks[0..i]` (nested ifs overlap). */
function overlapsAny(span: Span, blocks: readonly Span[], reach: readonly number[]): boolean {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].start < span.end) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && reach[found] > span.start;
}
