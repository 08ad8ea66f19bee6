import type { Dialect, ParseProblem, Token, TokenKind } from './model.js';

export interface LexResult {
  tokens: Token[];
  /** The comment and Jinja comment tokens among `tokens`, in order. */
  comments: Token[];
  /** The `{{ }}` and `{% %}` tokens among `tokens`, in order. */
  templates: Token[];
  problems: ParseProblem[];
}

interface DialectLexing {
  /** `#` starts a line comment (MySQL, BigQuery). */
  hashComments: boolean;
  /** `//` starts a line comment (Snowflake). */
  slashComments: boolean;
  nestedComments: boolean;
  /** Backslash escapes inside plain '' strings. */
  backslashStrings: boolean;
  /** "x" is a string literal, not an identifier. */
  doubleQuotedStrings: boolean;
  bracketIdents: boolean;
  dollarQuotes: boolean;
  tripleQuotes: boolean;
  delimiterDirective: boolean;
  /** `@stage/path/` is one token (Snowflake stages). */
  stagePaths: boolean;
  escapeStringPrefix: boolean;
}

const BASE: DialectLexing = {
  hashComments: false,
  slashComments: false,
  nestedComments: false,
  backslashStrings: false,
  doubleQuotedStrings: false,
  bracketIdents: false,
  dollarQuotes: false,
  tripleQuotes: false,
  delimiterDirective: false,
  stagePaths: false,
  escapeStringPrefix: false,
};

// `ansi` is what pipelint assumes when it does not know the dialect, so it accepts the union that is unambiguous.
const LEXING: Record<Dialect, DialectLexing> = {
  ansi: { ...BASE, nestedComments: true, bracketIdents: true, dollarQuotes: true, delimiterDirective: true, stagePaths: true, escapeStringPrefix: true },
  postgres: { ...BASE, nestedComments: true, dollarQuotes: true, escapeStringPrefix: true },
  redshift: { ...BASE, dollarQuotes: true, escapeStringPrefix: true },
  snowflake: { ...BASE, backslashStrings: true, dollarQuotes: true, stagePaths: true, slashComments: true },
  bigquery: { ...BASE, hashComments: true, backslashStrings: true, doubleQuotedStrings: true, tripleQuotes: true },
  spark: { ...BASE, backslashStrings: true, doubleQuotedStrings: true },
  mysql: { ...BASE, hashComments: true, backslashStrings: true, doubleQuotedStrings: true, delimiterDirective: true },
  sqlite: { ...BASE, bracketIdents: true },
};

const TAB = 9;
const LF = 10;
const VT = 11;
const FF = 12;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const AMP = 38;
const QUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const SEMI = 59;
const LT = 60;
const EQ = 61;
const GT = 62;
const QUESTION = 63;
const AT = 64;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const BACKTICK = 96;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;
const TILDE = 126;

export function isSpaceCode(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR) || c === 160 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 128 && !isSpaceCode(c));
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === DOLLAR;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

const OPERATORS_3 = ['->>', '#>>', '<=>', '!~*', '!~~'];
const OPERATORS_2 = ['::', '||', '<>', '!=', '>=', '<=', '=>', '->', '#>', '@>', '<@', '&&', '**', ':=', '~*', '!~', '<<', '>>', '?|', '?&', '~~', '^='];
/** Multi-character operators by their first character, longest first. */
const OPERATORS_BY_START = new Map<number, string[]>();
for (const op of [...OPERATORS_3, ...OPERATORS_2]) {
  const list = OPERATORS_BY_START.get(op.charCodeAt(0)) ?? [];
  list.push(op);
  OPERATORS_BY_START.set(op.charCodeAt(0), list);
}

/** Words that may stand right before a `[bracket identifier]` (anything else makes `[` a subscript). */
const BRACKET_IDENT_AFTER = new Set([
  'SELECT', 'FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'ON', 'WHERE', 'AND', 'OR', 'BY', 'AS', 'SET', 'DISTINCT',
  'VIEW', 'INDEX', 'EXISTS', 'NOT', 'WHEN', 'THEN', 'ELSE', 'RETURNING', 'TRIGGER', 'REFERENCES', 'USING',
  'DELETE', 'INSERT', 'ALL', 'HAVING', 'TRUNCATE', 'DROP', 'ALTER', 'COLUMN', 'ADD', 'RENAME', 'TO', 'WITH',
  'CASE', 'IS', 'IN', 'LIKE', 'BETWEEN', 'ORDER', 'GROUP', 'VALUES',
]);

const DELIMITER_WORD = 'delimiter';

const STRING_PREFIXES = new Set(['N', 'X', 'B', 'R', 'RB', 'BR', 'E']);

/**
 * Tokens live as long as the file's model, so they survive every young-generation collection. Made by one object
 * literal, their allocation site is one V8 can pretenure (allocate straight into old space), which a `new` of a class
 * does not get: copying millions of surviving tokens between semi-spaces was most of the GC time.
 */
function makeToken(kind: TokenKind, start: number, end: number, text: string, value: string): Token {
  // Five fields (64 bytes: Node builds V8 without pointer compression). The rare `delimiter` and `unterminated` are added when set: reading them on other tokens
  // finds nothing, which is what `?: boolean` promises.
  return { kind, start, end, text, value };
}

/** FNV-1a over `text[start, end)`. */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash;
}

/**
 * Words seen in one file, found by hashing the source characters in place: a repeated keyword or column name
 * reuses its text and upper-cased value instead of slicing and upper-casing again.
 */
class WordTable {
  private keys: string[] = new Array<string>(1024).fill('');
  private values: string[] = new Array<string>(1024).fill('');
  private size = 0;

  constructor(private readonly source: string) {}

  /** The slot of `source[start, end)`, added when new; read it back with `text` and `value`. */
  find(start: number, end: number): number {
    const source = this.source;
    const hash = hashOf(source, start, end);
    const mask = this.keys.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === '') {
        if ((this.size + 1) * 2 > this.keys.length) {
          this.grow();
          return this.find(start, end);
        }
        const text = source.slice(start, end);
        this.keys[slot] = text;
        this.values[slot] = text.toUpperCase();
        this.size++;
        return slot;
      }
      if (key.length === length && this.matches(key, start)) return slot;
    }
  }

  text(slot: number): string {
    return this.keys[slot];
  }

  value(slot: number): string {
    return this.values[slot];
  }

  private matches(key: string, start: number): boolean {
    for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== this.source.charCodeAt(start + k)) return false;
    return true;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Array<string>(keys.length * 2).fill('');
    this.values = new Array<string>(keys.length * 2).fill('');
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === '') continue;
      let slot = hashOf(key, 0, key.length) & mask;
      while (this.keys[slot] !== '') slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.values[slot] = values[i];
    }
  }
}

class Lexer {
  readonly tokens: Token[] = [];
  readonly problems: ParseProblem[] = [];
  readonly comments: Token[] = [];
  readonly templates: Token[] = [];
  private pos: number;
  private readonly features: DialectLexing;
  private customDelimiter: string | null = null;
  private lineStart = true;
  private lastSignificant: Token | null = null;
  private readonly words: WordTable;
  /** Scanning for a Jinja closer failed from here on: later scans give up at once, keeping lexing linear. */
  private jinjaFailedFrom: Record<string, number> = {};

  constructor(
    private readonly text: string,
    dialect: Dialect,
    from: number,
    private readonly end: number,
  ) {
    this.pos = from;
    this.features = LEXING[dialect] ?? LEXING.ansi;
    this.words = new WordTable(text);
  }

  run(): void {
    const text = this.text;
    const end = this.end;
    while (this.pos < end) {
      const c = text.charCodeAt(this.pos);
      if (isSpaceCode(c)) {
        if (c === LF || c === CR) this.lineStart = true;
        this.pos++;
        continue;
      }
      const before = this.pos;
      this.lexToken(c);
      this.lineStart = false;
      if (this.pos <= before) this.pos = before + 1;
    }
  }

  private lexToken(c: number): void {
    const start = this.pos;
    const text = this.text;
    if (this.customDelimiter !== null && text.startsWith(this.customDelimiter, start)) {
      this.push('punct', start, start + this.customDelimiter.length).delimiter = true;
      return;
    }
    if (this.lineStart && (c === 68 || c === 100) && this.features.delimiterDirective && this.atStatementStart() && this.lexDelimiterDirective()) {
      return;
    }
    const next = start + 1 < this.end ? text.charCodeAt(start + 1) : -1;
    if (c === BACKSLASH && this.lineStart && isIdentStart(next)) return this.lexMetaCommand();
    if (isIdentStart(c)) return this.lexWord();
    if (c === DOLLAR && next === LBRACE && this.variableEnd(start) > 0) return void this.pushWord(start, this.scanIdent(start));
    if (isDigit(c) || (c === DOT && isDigit(next) && !this.followsName())) return this.lexNumber();
    switch (c) {
      case QUOTE:
        return this.lexString(start, start, this.features.backslashStrings);
      case DQUOTE:
        if (this.features.doubleQuotedStrings) return this.lexString(start, start, true);
        return this.lexQuotedIdent(start, DQUOTE);
      case BACKTICK:
        return this.lexQuotedIdent(start, BACKTICK);
      case LBRACKET:
        if (this.features.bracketIdents && this.lexBracketIdent()) return;
        break;
      case LBRACE:
        if (next === LBRACE) return this.lexJinja('jinja-expr', '}}');
        if (next === PERCENT) return this.lexJinja('jinja-stmt', '%}');
        if (next === HASH) return this.lexJinja('jinja-comment', '#}');
        break;
      case MINUS:
        if (next === MINUS) return this.lexLineComment(start);
        break;
      case HASH:
        if (this.features.hashComments) return this.lexLineComment(start);
        break;
      case SLASH:
        if (next === STAR) return this.lexBlockComment();
        if (next === SLASH && this.features.slashComments) return this.lexLineComment(start);
        break;
      case DOLLAR:
        return this.lexDollar(next);
      case COLON:
        if (next !== COLON && (isIdentStart(next) || isDigit(next)) && this.lastCode() !== COLON) return this.lexParam(start + 1);
        break;
      case QUESTION:
        if (next !== PIPE && next !== AMP) {
          this.push('param', start, start + 1);
          return;
        }
        break;
      case AT:
        if (this.lexAt(next)) return;
        break;
      case PERCENT:
        if (this.lexPercentParam(next)) return;
        break;
    }
    if (c === LPAREN || c === RPAREN || c === COMMA || c === SEMI || c === DOT || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE) {
      const token = this.push('punct', start, start + 1);
      if (c === SEMI) token.delimiter = true;
      return;
    }
    this.lexOperator(c);
  }

  private push(kind: TokenKind, start: number, end: number, value?: string): Token {
    const text = this.text.slice(start, end);
    return this.add(makeToken(kind, start, end, text, value ?? text));
  }

  private pushWord(start: number, end: number): void {
    const slot = this.words.find(start, end);
    this.add(makeToken('word', start, end, this.words.text(slot), this.words.value(slot)));
  }

  private add(token: Token): Token {
    this.tokens.push(token);
    this.pos = token.end;
    if (token.kind === 'comment' || token.kind === 'jinja-comment') this.comments.push(token);
    else {
      this.lastSignificant = token;
      if (token.kind === 'jinja-expr' || token.kind === 'jinja-stmt') this.templates.push(token);
    }
    return token;
  }

  private problem(message: string, start: number, end: number): void {
    this.problems.push({ message, span: { start, end: Math.min(end, this.end) } });
  }

  private atStatementStart(): boolean {
    return this.lastSignificant === null || this.lastSignificant.delimiter === true;
  }

  private lastCode(): number {
    return this.pos > 0 ? this.text.charCodeAt(this.pos - 1) : -1;
  }

  private followsName(): boolean {
    const last = this.lastSignificant;
    return last !== null && last.end === this.pos && (last.kind === 'word' || last.kind === 'quoted-ident' || last.text === ')');
  }

  private scanIdent(from: number): number {
    let i = from;
    const delimiter = this.customDelimiter;
    while (i < this.end) {
      const c = this.text.charCodeAt(i);
      const variable = this.variableEnd(i);
      if (variable > 0) {
        i = variable;
        continue;
      }
      if (!isIdentPart(c)) break;
      // The mysql client ends a statement at its delimiter even inside a word: `END$$`.
      if (delimiter !== null && c === delimiter.charCodeAt(0) && this.text.startsWith(delimiter, i)) break;
      i++;
    }
    return i;
  }

  /**
   * The end of a script variable at `i` that a runner substitutes before the SQL runs: shell / envsubst `${NAME}`
   * (any dialect: `$` then `{` means nothing in SQL). -1 when there is none. Inside a name it is part of the name:
   * `staging.facts_${YEAR}`.
   */
  private variableEnd(i: number): number {
    if (this.text.charCodeAt(i) !== DOLLAR || this.text.charCodeAt(i + 1) !== LBRACE) return -1;
    const limit = Math.min(this.end, i + 66);
    for (let k = i + 2; k < limit; k++) {
      const d = this.text.charCodeAt(k);
      if (d === RBRACE) return k > i + 2 ? k + 1 : -1;
      if (!isIdentPart(d) || d === DOLLAR) return -1;
    }
    return -1;
  }

  private lexWord(): void {
    const start = this.pos;
    const end = this.scanIdent(start + 1);
    const next = end < this.end ? this.text.charCodeAt(end) : -1;
    if (end - start <= 2 && (next === QUOTE || (next === DQUOTE && this.features.doubleQuotedStrings))) {
      const prefix = this.text.slice(start, end).toUpperCase();
      if (STRING_PREFIXES.has(prefix) && (prefix !== 'E' || this.features.escapeStringPrefix)) {
        return this.lexString(start, end, prefix === 'E' || this.features.backslashStrings);
      }
    }
    if (next === COLON && this.features.stagePaths && end - start === 4 && this.text.startsWith('://', end) && this.text.slice(start, end).toLowerCase() === 'file') {
      // SnowSQL `PUT file:///data/batch1/* @stage`: an unquoted local path, whose `/*` is a glob, not a comment.
      return void this.push('string', start, this.scanStagePath(end));
    }
    if (end - start === 1 && next === AMP && (this.text.charCodeAt(start) | 32) === 117) {
      const quote = end + 1 < this.end ? this.text.charCodeAt(end + 1) : -1;
      if (quote === QUOTE) return this.lexString(start, end + 1, false);
      if (quote === DQUOTE) return this.lexQuotedIdent(end + 1, DQUOTE, start);
    }
    this.pushWord(start, end);
  }

  /** A psql or mysql client command (`\\set ON_ERROR_STOP on`) is one line, read as one word named by its command. */
  private lexMetaCommand(): void {
    const start = this.pos;
    const nameEnd = this.scanIdent(start + 1);
    let end = nameEnd;
    while (end < this.end && this.text.charCodeAt(end) !== LF && this.text.charCodeAt(end) !== CR) end++;
    this.push('word', start, end, this.text.slice(start, nameEnd).toUpperCase());
  }

  private lexNumber(): void {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === 48 && (text.charCodeAt(i + 1) | 32) === 120 && isHexDigit(text.charCodeAt(i + 2))) {
      i += 2;
      while (i < this.end && isHexDigit(text.charCodeAt(i))) i++;
    } else {
      while (i < this.end && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === DOT && i < this.end && text.charCodeAt(i + 1) !== DOT) {
        i++;
        while (i < this.end && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i) | 32;
      if (e === 101 && i < this.end) {
        let j = i + 1;
        const sign = text.charCodeAt(j);
        if (sign === 43 || sign === MINUS) j++;
        if (j < this.end && isDigit(text.charCodeAt(j))) {
          i = j;
          while (i < this.end && isDigit(text.charCodeAt(i))) i++;
        }
      }
    }
    if (i < this.end && isIdentStart(text.charCodeAt(i))) {
      // MySQL and BigQuery allow names like `1st_load`; elsewhere it is a typo either way.
      const end = this.scanIdent(i);
      this.pushWord(start, end);
      return;
    }
    this.push('number', start, i);
  }

  /** A quoted literal whose opening quote is at `quoteAt`; `start` includes any prefix (E, N, r, b). */
  private lexString(start: number, quoteAt: number, backslash: boolean): void {
    const text = this.text;
    const quote = text.charCodeAt(quoteAt);
    if (this.features.tripleQuotes && text.charCodeAt(quoteAt + 1) === quote && text.charCodeAt(quoteAt + 2) === quote) {
      return this.lexTripleString(start, quoteAt, quote);
    }
    let i = quoteAt + 1;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH && backslash) {
        i += 2;
      } else if (c === LBRACE && (text.charCodeAt(i + 1) === LBRACE || text.charCodeAt(i + 1) === PERCENT)) {
        // dbt renders Jinja before the SQL is read: a quote inside `{{ x | replace("'", "") }}` does not end the string.
        const after = this.jinjaEnd(i, text.charCodeAt(i + 1) === LBRACE ? '}}' : '%}', 'jinja');
        i = after >= 0 ? after : i + 1;
      } else if (c === quote) {
        if (text.charCodeAt(i + 1) === quote && i + 1 < this.end) {
          i += 2;
        } else {
          this.push('string', start, i + 1);
          return;
        }
      } else {
        i++;
      }
    }
    this.unterminated('string', start, 'Unterminated string literal', quoteAt + 1);
  }

  private lexTripleString(start: number, quoteAt: number, quote: number): void {
    const text = this.text;
    let i = quoteAt + 3;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i += 2;
      else if (c === quote && text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote && i + 2 < this.end) {
        this.push('string', start, i + 3);
        return;
      } else i++;
    }
    this.unterminated('string', start, 'Unterminated string literal', quoteAt + 3);
  }

  private unterminated(kind: TokenKind, start: number, message: string, openerEnd: number): void {
    const token = this.push(kind, start, this.end);
    token.unterminated = true;
    if (kind === 'quoted-ident') token.value = this.text.slice(openerEnd, this.end);
    this.problem(message, start, openerEnd);
  }

  private lexQuotedIdent(quoteAt: number, quote: number, start = quoteAt): void {
    const text = this.text;
    let i = quoteAt + 1;
    let doubled = false;
    while (i < this.end) {
      if (text.charCodeAt(i) === quote) {
        if (text.charCodeAt(i + 1) === quote && i + 1 < this.end) {
          doubled = true;
          i += 2;
          continue;
        }
        let value = text.slice(quoteAt + 1, i);
        if (doubled) value = value.split(quote === DQUOTE ? '""' : '``').join(quote === DQUOTE ? '"' : '`');
        this.push('quoted-ident', start, i + 1, value);
        return;
      }
      i++;
    }
    this.unterminated('quoted-ident', start, 'Unterminated quoted identifier', quoteAt + 1);
  }

  private lexBracketIdent(): boolean {
    const last = this.lastSignificant;
    const allowed =
      last === null ||
      last.delimiter === true ||
      (last.kind === 'punct' && (last.text === '(' || last.text === ',' || last.text === '.')) ||
      (last.kind === 'word' && BRACKET_IDENT_AFTER.has(last.value));
    if (!allowed) return false;
    const text = this.text;
    const first = text.charCodeAt(this.pos + 1);
    if (!isIdentStart(first) && first !== SPACE) return false;
    for (let i = this.pos + 1; i < this.end; i++) {
      const c = text.charCodeAt(i);
      if (c === RBRACKET) {
        this.push('quoted-ident', this.pos, i + 1, text.slice(this.pos + 1, i));
        return true;
      }
      if (c === LF || c === CR || c === LBRACKET || c === QUOTE || c === COMMA) return false;
    }
    return false;
  }

  private lexJinja(kind: TokenKind, closer: string): void {
    const start = this.pos;
    // Jinja's own reading first: strings may span lines and brackets nest (`meta={'a': {'b': 1}}` does not end at
    // its `}}`). When that finds no closer, a line-bounded reading keeps a tag that is being typed from swallowing
    // the file.
    const end = kind === 'jinja-comment' ? this.jinjaEnd(start, closer, 'comment') : this.jinjaEnd(start, closer, 'jinja');
    if (end >= 0) {
      this.push(kind, start, end);
      return;
    }
    const lenient = kind === 'jinja-comment' ? -1 : this.jinjaEnd(start, closer, 'lenient');
    if (lenient >= 0) {
      this.push(kind, start, lenient);
      return;
    }
    // An unclosed tag most likely lost its closer while being typed: end it with its line.
    const text = this.text;
    let lineEnd = start + 2;
    while (lineEnd < this.end && text.charCodeAt(lineEnd) !== LF && text.charCodeAt(lineEnd) !== CR) lineEnd++;
    const token = this.push(kind, start, lineEnd);
    token.unterminated = true;
    this.problem(`Unterminated Jinja ${kind === 'jinja-expr' ? '{{ expression' : kind === 'jinja-stmt' ? '{% tag' : '{# comment'}`, start, start + 2);
  }

  /**
   * The offset after the closer of the Jinja tag opened at `start`, or -1. `jinja` reads as Jinja does: Python
   * strings may span lines and the closer counts only outside brackets; `lenient` ends strings at the end of their
   * line and ignores brackets; `comment` skips nothing. A failed scan is remembered, so later scans give up at once.
   */
  private jinjaEnd(start: number, closer: string, mode: 'jinja' | 'lenient' | 'comment'): number {
    const key = closer + mode;
    const failedFrom = this.jinjaFailedFrom[key];
    if (failedFrom !== undefined && start >= failedFrom) return -1;
    const text = this.text;
    const closeA = closer.charCodeAt(0);
    let depth = 0;
    let i = start + 2;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === closeA && depth === 0 && text.charCodeAt(i + 1) === RBRACE && i + 1 < this.end) return i + 2;
      if (mode === 'comment') i++;
      else if (c === QUOTE || c === DQUOTE) i = mode === 'jinja' ? this.skipPythonString(i, c) : this.skipJinjaString(i, c);
      else {
        if (mode === 'jinja') {
          if (c === LPAREN || c === LBRACKET || c === LBRACE) depth++;
          else if ((c === RPAREN || c === RBRACKET || c === RBRACE) && depth > 0) depth--;
        }
        i++;
      }
    }
    this.jinjaFailedFrom[key] = start;
    return -1;
  }

  /** A Python string as Jinja reads it: backslash escapes, and it may span lines. */
  private skipPythonString(at: number, quote: number): number {
    const text = this.text;
    let i = at + 1;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i += 2;
      else if (c === quote) return i + 1;
      else i++;
    }
    return i;
  }

  /** Python strings inside Jinja end at their quote or at the end of the line. */
  private skipJinjaString(at: number, quote: number): number {
    const text = this.text;
    let i = at + 1;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i += 2;
      else if (c === quote) return i + 1;
      else if (c === LF || c === CR) return i;
      else i++;
    }
    return i;
  }

  private lexLineComment(start: number): void {
    const text = this.text;
    let i = start + 1;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) break;
      i++;
    }
    this.push('comment', start, i);
  }

  private lexBlockComment(): void {
    const text = this.text;
    const start = this.pos;
    const nested = this.features.nestedComments;
    let depth = 1;
    let i = start + 2;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c === STAR && text.charCodeAt(i + 1) === SLASH && i + 1 < this.end) {
        depth--;
        i += 2;
        if (depth === 0) {
          this.push('comment', start, i);
          return;
        }
      } else if (nested && c === SLASH && text.charCodeAt(i + 1) === STAR && i + 1 < this.end) {
        depth++;
        i += 2;
      } else {
        i++;
      }
    }
    this.unterminated('comment', start, 'Unterminated block comment', start + 2);
  }

  private lexDollar(next: number): void {
    const start = this.pos;
    if (isDigit(next)) {
      let i = start + 1;
      while (i < this.end && isDigit(this.text.charCodeAt(i))) i++;
      this.push('param', start, i);
      return;
    }
    if (next === DOLLAR || isIdentStart(next)) {
      let tagEnd = start + 1;
      while (tagEnd < this.end && isIdentPart(this.text.charCodeAt(tagEnd)) && this.text.charCodeAt(tagEnd) !== DOLLAR) tagEnd++;
      if (this.features.dollarQuotes && this.text.charCodeAt(tagEnd) === DOLLAR && tagEnd < this.end) {
        const tag = this.text.slice(start, tagEnd + 1);
        const close = this.text.indexOf(tag, tagEnd + 1);
        if (close >= 0 && close + tag.length <= this.end) {
          this.push('string', start, close + tag.length);
        } else {
          this.unterminated('string', start, 'Unterminated dollar-quoted string', tagEnd + 1);
        }
        return;
      }
      if (tagEnd > start + 1) {
        this.push('param', start, tagEnd);
        return;
      }
    }
    this.push('unknown', start, start + 1);
  }

  private lexParam(nameStart: number): void {
    this.push('param', this.pos, this.scanIdent(nameStart));
  }

  private lexAt(next: number): boolean {
    const start = this.pos;
    if (next === AT) {
      const end = this.scanIdent(start + 2);
      if (end > start + 2) {
        this.push('param', start, end);
        return true;
      }
      return false;
    }
    const stage = this.features.stagePaths;
    if (!isIdentStart(next) && !(stage && (next === TILDE || next === PERCENT))) return false;
    let i = start + 1;
    while (i < this.end) {
      const c = this.text.charCodeAt(i);
      if (isIdentPart(c) || (stage && (c === DOT || c === TILDE || c === PERCENT))) i++;
      else break;
    }
    if (stage && this.text.charCodeAt(i) === SLASH) i = this.scanStagePath(i);
    this.push('param', start, i);
    return true;
  }

  private scanStagePath(from: number): number {
    let i = from;
    while (i < this.end) {
      const c = this.text.charCodeAt(i);
      if (isSpaceCode(c) || c === SEMI || c === COMMA || c === LPAREN || c === RPAREN || c === QUOTE || c === DQUOTE || c === LBRACE) break;
      i++;
    }
    return i;
  }

  private lexPercentParam(next: number): boolean {
    const text = this.text;
    const start = this.pos;
    if (next === LPAREN) {
      const close = this.scanIdent(start + 2);
      if (text.charCodeAt(close) === RPAREN && text.charCodeAt(close + 1) === 115 && close + 1 < this.end) {
        this.push('param', start, close + 2);
        return true;
      }
      return false;
    }
    if (next === 115 && !isIdentPart(text.charCodeAt(start + 2))) {
      this.push('param', start, start + 2);
      return true;
    }
    return false;
  }

  private lexOperator(c: number): void {
    const start = this.pos;
    const candidates = OPERATORS_BY_START.get(c);
    if (candidates !== undefined) {
      for (const op of candidates) {
        if (this.text.startsWith(op, start) && start + op.length <= this.end) return void this.push('operator', start, start + op.length);
      }
    }
    const single = c === EQ || c === LT || c === GT || c === BANG || c === TILDE || c === PIPE || c === AMP || c === STAR || c === SLASH;
    const known = single || c === 43 || c === MINUS || c === PERCENT || c === 94 || c === AT || c === HASH || c === COLON || c === QUESTION;
    this.push(known ? 'operator' : 'unknown', start, start + 1);
  }

  private lexDelimiterDirective(): boolean {
    const text = this.text;
    const start = this.pos;
    for (let k = 0; k < 9; k++) if ((text.charCodeAt(start + k) | 32) !== DELIMITER_WORD.charCodeAt(k)) return false;
    let i = start + 9;
    const after = text.charCodeAt(i);
    if (after !== SPACE && after !== TAB) return false;
    while (i < this.end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
    let argEnd = i;
    while (argEnd < this.end && !isSpaceCode(text.charCodeAt(argEnd))) argEnd++;
    if (argEnd === i) return false;
    this.push('word', start, start + 9, 'DELIMITER');
    const arg = this.push('punct', i, argEnd);
    arg.delimiter = true;
    this.customDelimiter = arg.text === ';' ? null : arg.text;
    return true;
  }
}

/** Tokenizes `text[from, to)` for a dialect. Never throws; linear in the length of the range. */
export function lex(text: string, dialect: Dialect, from = 0, to = text.length): LexResult {
  const lexer = new Lexer(text, dialect, from, Math.min(to, text.length));
  lexer.run();
  return { tokens: lexer.tokens, comments: lexer.comments, templates: lexer.templates, problems: lexer.problems };
}
