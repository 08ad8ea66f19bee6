/*
 * The YAML library, loaded with the first dbt project found: a run over plain SQL or TypeScript never pays for
 * it. Every dbt module reads YAML through these.
 */
import type * as Yaml from 'yaml';

let library: typeof Yaml | undefined;

export function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library ??= require('yaml') as typeof Yaml;
  return library;
}

export const isMap = (node: unknown): node is Yaml.YAMLMap => yaml().isMap(node);
export const isScalar = (node: unknown): node is Yaml.Scalar => yaml().isScalar(node);
export const isSeq = (node: unknown): node is Yaml.YAMLSeq => yaml().isSeq(node);
