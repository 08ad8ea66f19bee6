import type { Token } from '../../model.js';
import { isOperator, isPunct, isWord, splitAt, walkOutward } from './tokens.js';

export interface SelectItem {
  tokens: Token[];
  /** 0-based position in its select list. */
  position: number;
  /** True when the list belongs to the region's outer query, not to a subquery or CTE. */
  outermost: boolean;
}

const ITEM_ENDS = new Set(['FROM', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'INTO', 'WINDOW']);

/** The select-list item holding `tokens[index]`, found by walking out of any function calls around it. */
export function selectItemAt(tokens: readonly Token[], index: number): SelectItem | null {
  let item: SelectItem | null = null;
  let comma = { level: -1, at: -1 };
  walkOutward(tokens, index, (token, at, level) => {
    if (isPunct(token, ',') && comma.level !== level) comma = { level, at: at + 1 };
    else if (token.kind === 'word' && ITEM_ENDS.has(token.value)) return true;
    else if (isWord(token, 'SELECT')) {
      item = itemFrom(tokens, at, comma.level === level ? comma.at : skipModifiers(tokens, at + 1));
      return true;
    }
    return false;
  });
  return item;
}

function skipModifiers(tokens: readonly Token[], i: number): number {
  let k = i;
  while (isWord(tokens[k], 'DISTINCT', 'ALL')) k++;
  return k;
}

function itemFrom(tokens: readonly Token[], select: number, start: number): SelectItem {
  let position = 0;
  let depth = 0;
  for (let k = select + 1; k < start; k++) {
    if (isPunct(tokens[k], '(')) depth++;
    else if (isPunct(tokens[k], ')')) depth--;
    else if (depth === 0 && isPunct(tokens[k], ',')) position++;
  }
  const item: Token[] = [];
  depth = 0;
  for (let k = start; k < tokens.length; k++) {
    const token = tokens[k];
    if (isPunct(token, '(')) depth++;
    if (isPunct(token, ')') && --depth < 0) break;
    if (depth === 0 && (isPunct(token, ',') || (token.kind === 'word' && ITEM_ENDS.has(token.value)))) break;
    item.push(token);
  }
  return { tokens: item, position, outermost: enclosingParens(tokens, select) === 0 };
}

function enclosingParens(tokens: readonly Token[], index: number): number {
  let depth = 0;
  for (let j = 0; j < index; j++) {
    if (isPunct(tokens[j], '(')) depth++;
    else if (isPunct(tokens[j], ')')) depth--;
  }
  return depth;
}

const NOT_ALIASES = new Set(['END', 'DAY', 'DAYS', 'HOUR', 'HOURS', 'MINUTE', 'SECOND', 'MONTH', 'YEAR', 'WEEK', 'NULL', 'TRUE', 'FALSE']);

/** `expr AS name` or `expr name`; lower-cased, or null when the item has no alias. */
export function aliasOf(item: readonly Token[]): string | null {
  const last = item[item.length - 1];
  const before = item[item.length - 2];
  if (last === undefined || before === undefined || (last.kind !== 'word' && last.kind !== 'quoted-ident')) return null;
  if (isWord(before, 'AS')) return last.value.toLowerCase();
  if (last.kind === 'word' && NOT_ALIASES.has(last.value)) return null;
  if (isPunct(before, '.') || isOperator(before) || isPunct(before, '(') || isPunct(before, ',')) return null;
  return last.value.toLowerCase();
}

/** The items of the outer query's select list (the first SELECT outside parentheses). */
export function outerSelectItems(tokens: readonly Token[]): Token[][] {
  let depth = 0;
  let start = -1;
  let end = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth--;
    else if (depth === 0 && start < 0 && isWord(tokens[i], 'SELECT')) start = skipModifiers(tokens, i + 1);
    else if (depth === 0 && start >= 0 && tokens[i].kind === 'word' && ITEM_ENDS.has(tokens[i].value)) {
      end = i;
      break;
    }
  }
  return start < 0 ? [] : splitAt(tokens.slice(start, end), (t) => isPunct(t, ','));
}
