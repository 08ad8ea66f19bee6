import { tableRefsIn } from '../../expr.js';
import type { InsertStatement, MergeStatement, TableRef, Token } from '../../model.js';
import { memoize } from './memo.js';
import { tokensIn } from './tokens.js';

/** The tokens of an INSERT's source: its query or its VALUES rows. */
export const sourceTokens: (insert: InsertStatement) => readonly Token[] = memoize((insert: InsertStatement) =>
  insert.source.span === null ? [] : tokensIn(insert.tokens, insert.source.span),
);

/** The tables an INSERT's source names, the target included when the source reads it. */
export const sourceTables: (insert: InsertStatement) => readonly TableRef[] = memoize((insert: InsertStatement) => tableRefsIn(sourceTokens(insert)));

/** The tokens of a MERGE's USING source, subquery parentheses and alias included. */
export const mergeSourceTokens: (merge: MergeStatement) => readonly Token[] = memoize((merge: MergeStatement) =>
  merge.source === null ? [] : tokensIn(merge.tokens, merge.source.span),
);
