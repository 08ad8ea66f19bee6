import { LineIndex } from '../core/line-index.js';
import type { ParseOptions, SqlDocument } from './model.js';

/** Placeholder until the front end lands: an empty document. */
export function parseSql(text: string, options: ParseOptions = {}): SqlDocument {
  return {
    text,
    dialect: options.dialect ?? 'ansi',
    lines: new LineIndex(text),
    tokens: [],
    comments: [],
    statements: [],
    transactions: [],
    dbt: { config: null, incrementalBlocks: [], isDbtModel: false },
    problems: [],
  };
}
