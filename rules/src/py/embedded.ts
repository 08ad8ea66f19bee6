import type { ResolvedConfig } from '../core/config.js';
import type { Finding } from '../core/types.js';
import type { PyDocument } from './model.js';

/** The SQL this file sends to databases, linted with the SQL rules (filled in with the embedded-SQL sites). */
export function lintEmbeddedSql(_doc: PyDocument, _filename: string, _config: ResolvedConfig): Finding[] {
  return [];
}
