import { lex } from '../../lexer.js';
import type { BlockStatement, SqlDocument, Statement, Token } from '../../model.js';

/** Catalog relations and lookup functions whose reading means "does this object exist". */
const CATALOG_WORDS = new Set([
  'INFORMATION_SCHEMA', 'PG_CATALOG', 'PG_CLASS', 'PG_TABLES', 'PG_INDEXES', 'PG_ATTRIBUTE', 'PG_NAMESPACE', 'PG_TYPE',
  'PG_PROC', 'PG_CONSTRAINT', 'PG_VIEWS', 'PG_MATVIEWS', 'PG_ROLES', 'PG_EXTENSION', 'PG_TRIGGER', 'PG_SEQUENCES',
  'PG_ENUM', 'PG_POLICIES', 'TO_REGCLASS', 'TO_REGTYPE', 'TO_REGPROC', 'TO_REGPROCEDURE', 'TO_REGNAMESPACE', 'OBJECT_ID',
]);

/** Exception conditions that a handler catches when the object is already there, or already gone. */
const EXISTENCE_ERRORS = /^(?:DUPLICATE_\w+|UNDEFINED_\w+|INVALID_SCHEMA_NAME|OTHERS)$/;

interface Frame {
  /** Some condition of this IF / CASE chain, up to the current branch, tests whether an object exists. */
  checks: boolean;
}

/**
 * For each child of a procedural block: whether it runs under an existence test. That is an enclosing `IF` /
 * `ELSIF` / `CASE WHEN` (any branch of the chain) whose condition is `[NOT] EXISTS (...)` or reads a catalog
 * (information_schema, pg_catalog tables, `to_regclass`), or a handler of the block that catches `duplicate_*` /
 * `undefined_*` / `others`. The control flow lives between the children, in the text the front end left out of them.
 */
function guardedChildren(doc: SqlDocument, block: BlockStatement): ReadonlySet<Statement> {
  let guarded = cache.get(block);
  if (guarded === undefined) {
    guarded = findGuarded(doc, block);
    cache.set(block, guarded);
  }
  return guarded;
}

const cache = new WeakMap<BlockStatement, ReadonlySet<Statement>>();

function findGuarded(doc: SqlDocument, block: BlockStatement): ReadonlySet<Statement> {
  const guarded = new Set<Statement>();
  const stack: Frame[] = [];
  const beforeHandler: Statement[] = [];
  let handled = false;
  let inHandler = false;
  const children = block.children;
  for (let k = 0; k <= children.length; k++) {
    const from = k === 0 ? block.body.start : children[k - 1].span.end;
    const to = k === children.length ? block.body.end : children[k].span.start;
    if (to > from) {
      const tokens = lex(doc.text, doc.dialect, from, to).tokens.filter((t) => t.kind !== 'comment');
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i];
        if (t.kind !== 'word') continue;
        const previous = tokens[i - 1];
        if (previous?.kind === 'word' && previous.value === 'END') {
          if (t.value === 'IF' || t.value === 'CASE') stack.pop();
          continue;
        }
        if (t.value === 'EXCEPTION' && stack.length === 0) {
          inHandler = true;
        } else if (t.value === 'IF' || t.value === 'CASE') {
          stack.push({ checks: false });
          if (t.value === 'IF') i = condition(tokens, i + 1, stack);
        } else if (t.value === 'ELSIF' || t.value === 'ELSEIF') {
          i = condition(tokens, i + 1, stack);
        } else if (t.value === 'WHEN') {
          if (inHandler && stack.length === 0) {
            for (let j = i + 1; j < tokens.length && !(tokens[j].kind === 'word' && tokens[j].value === 'THEN'); j++) {
              if (tokens[j].kind === 'word' && EXISTENCE_ERRORS.test(tokens[j].value)) handled = true;
            }
          } else i = condition(tokens, i + 1, stack);
        }
      }
    }
    if (k === children.length) break;
    const child = children[k];
    if (stack.some((f) => f.checks)) guarded.add(child);
    if (!inHandler) beforeHandler.push(child);
  }
  if (handled) for (const child of beforeHandler) guarded.add(child);
  return guarded;
}

/** Reads a condition up to its THEN, marking the innermost frame when it tests existence; returns the THEN's index. */
function condition(tokens: readonly Token[], from: number, stack: Frame[]): number {
  let i = from;
  let checks = false;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word') continue;
    if (t.value === 'THEN') break;
    if (t.value === 'EXISTS' || CATALOG_WORDS.has(t.value)) checks = true;
  }
  if (checks && stack.length > 0) stack[stack.length - 1].checks = true;
  return i;
}

/** True when `s`, or a block around it, runs only under an existence test of its procedural code. */
export function behindExistenceCheck(doc: SqlDocument, s: Statement): boolean {
  for (let child = s, parent = s.parent; parent !== null; child = parent, parent = parent.parent) {
    if (guardedChildren(doc, parent).has(child)) return true;
  }
  return false;
}
