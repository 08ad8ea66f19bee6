export interface Painter {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

function wrap(open: number, close: number): (s: string) => string {
  return (s) => `\u001b[${open}m${s}\u001b[${close}m`;
}

const identity = (s: string): string => s;

/** ANSI styling when `enabled`, plain text otherwise, so formatters never branch on colour themselves. */
export function painter(enabled: boolean): Painter {
  if (!enabled) return { red: identity, yellow: identity, cyan: identity, dim: identity, bold: identity, underline: identity };
  return { red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
}
