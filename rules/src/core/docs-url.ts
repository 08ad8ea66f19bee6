/** Where generated docs are published. Every link is derived from an id through these two functions. */
export const DOCS_BASE_URL = 'https://github.com/pipelint/pipelint/blob/main/docs';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/rules/${ruleId}.md`;
}

export function lessonDocsUrl(lessonId: string): string {
  return `${DOCS_BASE_URL}/lessons/${lessonId}.md`;
}
