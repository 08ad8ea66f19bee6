export { lintText, languageOf, type LintResult, type LintOptions, type Language } from './engine.js';
export { DEFAULT_CONFIG, type ResolvedConfig, type RuleSetting } from './core/config.js';
export { LineIndex } from './core/line-index.js';
export { ruleDocsUrl, lessonDocsUrl } from './core/docs-url.js';
export * from './core/types.js';
export { parseSql } from './sql/parse.js';
export type * from './sql/model.js';
