/**
 * The engine's public API (`@pipelint/engine`, and the `pipelint` package's `.` export): what the
 * language server, the VS Code client and library users may rely on. Everything else under rules/src
 * is internal and may move; unit tests reach it through `@pipelint/engine/internal/*` (see
 * rules/package.json). Other entries: `./constants` (the shared lists, dependency-free), `./cli` (the
 * command line) and `./eslint-plugin`.
 */

// Linting one file's text.
export { lintText, languageOf, ensureLanguages, languageReady, engineFinding, type LintResult, type LintOptions, type Language } from './engine.js';
export { LineIndex } from './core/line-index.js';
export * from './core/types.js';
export type * from './sql/model.js';
export { parseSql } from './sql/parse.js';
export { mergedHints, understand, type Lens, type ProvenanceHint, type Understood } from './sql/understood.js';
export { beginProjectRun, dbtModelProject, findDbtProjectRoot, forgetDbtFile, type DbtModelProject } from './project/dbt-project.js';
export { isDbtYamlFile } from './project/dbt-hooks.js';
export { MANIFEST_FILE } from './project/dbt-manifest.js';

// Rules the engine itself reports (parse errors, crashed rules, unused suppressions) and the rule ids.
export { ENGINE_RULES, PARSE_ERROR, RULE_ERROR, UNUSED_SUPPRESSION, type EngineRuleMeta } from './core/engine-rules.js';
export { isKnownRule, knownRuleIds } from './registry.js';

// Configuration: defaults, finding and loading pipelint.config.json.
export { DEFAULT_CONFIG, type ResolvedConfig, type RuleSetting } from './core/config.js';
export {
  clearConfigCache,
  ConfigError,
  formatConfigError,
  isIgnoredByConfig,
  loadConfigForFile,
  type ConfigOverrides,
  type LoadedConfig,
} from './core/config-load.js';

// Lessons and what renders them: docs links, the lesson page and the hover card.
export { ruleDocsUrl, lessonDocsUrl, docsLinks, docsLink, ruleDocsHint, docsBaseUrlProblem, REPOSITORY_URL, SHOW_LESSON_COMMAND, SHOW_RULE_DOCS_COMMAND, type DocsLinkOptions } from './core/docs-url.js';
export { renderRuleMarkdown, engineRuleMarkdown } from './lessons/rule-markdown.js';
export { findRuleMeta } from './registry.js';
export { decodeSource } from './cli/encoding.js';
export { lessons, isLessonId, getLesson, type Lesson } from './lessons/index.js';
export { renderLessonMarkdown, ABSOLUTE_LINKS } from './lessons/lesson-markdown.js';
export { renderHoverCard, type HoverCardOptions } from './lessons/hover.js';

// The shared lists (dialects, severities, extensions, editor languages and settings).
export * from './constants.js';
