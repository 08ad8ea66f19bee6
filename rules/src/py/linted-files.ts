/**
 * Which files a run lints by itself, so an Airflow operator's `sql="load.sql"` is reported once: in load.sql when
 * the run lints it, else on the operator. The CLI sets it; the editor leaves it empty (it lints one file at a time,
 * and an open .sql file reports its own findings).
 */
let linted: (absolutePath: string) => boolean = () => false;

export function setLintedFiles(test: (absolutePath: string) => boolean): void {
  linted = test;
}

export function isLintedFile(absolutePath: string): boolean {
  return linted(absolutePath);
}
