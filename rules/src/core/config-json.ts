export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Where a value sits in the text: its key (for object members) and the value itself, as 0-based offsets. */
export interface JsonLocation {
  keyOffset: number | null;
  valueOffset: number;
}

export interface ParsedJson {
  value: JsonValue;
  /** Keyed by JSON pointer (`/rules/blind-insert/1/allowAuditColumns`); the root is `''`. */
  locations: Map<string, JsonLocation>;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * A strict JSON parser that remembers where every value is, so configuration errors can point at the
 * offending key. JSON.parse reports neither a stable message nor the location of a semantic problem.
 */
export function parseJsonWithLocations(text: string): ParsedJson {
  const parser = new JsonParser(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  const value = parser.parseDocument();
  return { value, locations: parser.locations };
}

export function jsonPointer(parts: readonly (string | number)[]): string {
  return parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Deeper nesting is an error, not a stack overflow; a real configuration nests four or five levels. */
export const MAX_JSON_DEPTH = 200;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonParser {
  readonly locations = new Map<string, JsonLocation>();
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.skipSpace();
    if (this.pos >= this.text.length) throw new JsonSyntaxError('The file is empty; expected a JSON object', this.pos);
    const value = this.parseValue('', null);
    this.skipSpace();
    if (this.pos < this.text.length) throw this.unexpected('end of file after the top-level value');
    return value;
  }

  private parseValue(pointer: string, keyOffset: number | null): JsonValue {
    this.locations.set(pointer, { keyOffset, valueOffset: this.pos });
    const c = this.text[this.pos];
    if (c === '{' || c === '[') {
      if (this.depth >= MAX_JSON_DEPTH) throw new JsonSyntaxError(`Nested too deeply: more than ${MAX_JSON_DEPTH} levels of objects and arrays`, this.pos);
      this.depth++;
      const value = c === '{' ? this.parseObject(pointer) : this.parseArray(pointer);
      this.depth--;
      return value;
    }
    if (c === '"') return this.parseString();
    if (c === '-' || (c >= '0' && c <= '9')) return this.parseNumber();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    throw this.unexpected('a value (object, array, string, number, true, false or null)');
  }

  private parseObject(pointer: string): JsonValue {
    const result: { [key: string]: JsonValue } = {};
    this.parseSequence('}', 'property', () => {
      if (this.text[this.pos] !== '"') throw this.unexpected('a property name in double quotes');
      const keyOffset = this.pos;
      const key = this.parseString();
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw this.unexpected(`':' after property name "${key}"`);
      this.pos++;
      this.skipSpace();
      // An own property even for "__proto__" (assignment would set the prototype and hide the key
      // from validation), so every key is checked like any other and rejected when unknown.
      Object.defineProperty(result, key, { value: this.parseValue(pointer + jsonPointer([key]), keyOffset), enumerable: true, writable: true, configurable: true });
    });
    return result;
  }

  private parseArray(pointer: string): JsonValue {
    const result: JsonValue[] = [];
    this.parseSequence(']', 'element', () => {
      result.push(this.parseValue(pointer + jsonPointer([result.length]), null));
    });
    return result;
  }

  /** Comma-separated items up to `close`; the current character is the opening bracket. */
  private parseSequence(close: '}' | ']', item: 'property' | 'element', parseItem: () => void): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === close) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      parseItem();
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === close) return;
      const after = item === 'property' ? 'a property value' : 'an array element';
      if (c !== ',') throw this.unexpected(`',' or '${close}' after ${after}`, this.pos - 1);
      this.skipSpace();
      if (this.text[this.pos] === close) throw this.unexpected(`another ${item} after the comma (JSON allows no trailing comma)`);
    }
  }

  private parseString(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw new JsonSyntaxError('Unterminated string', start);
      if (c === '"') break;
      if (c === '\n' || c === '\r') throw new JsonSyntaxError('Unterminated string (a line break inside a string must be written \\n)', start);
      if (c === '\\') {
        out += this.parseEscape();
        continue;
      }
      out += c;
      this.pos++;
    }
    this.pos++;
    return out;
  }

  private parseEscape(): string {
    const c = this.text[this.pos + 1];
    if (c === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('Invalid \\u escape in string', this.pos);
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (c === undefined || !(c in ESCAPES)) throw new JsonSyntaxError(`Invalid escape '\\${c ?? ''}' in string`, this.pos);
    this.pos += 2;
    return ESCAPES[c];
  }

  private parseNumber(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!match) throw this.unexpected('a number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos])) this.pos++;
  }

  private unexpected(expected: string, at = this.pos): JsonSyntaxError {
    const c = this.text[at];
    const found = c === undefined ? 'end of file' : `'${c}'`;
    return new JsonSyntaxError(`Expected ${expected}, found ${found}`, at);
  }
}
