import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Span } from '../../core/types.js';
import type { Dialect } from '../../sql/model.js';
import { unwrap } from '../util/ast.js';
import { resolveInitializer } from '../util/values.js';
import { MappedText, type QuoteKind } from './mapped-text.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** How far `const a = b; const b = '...'` chains are followed. */
const MAX_DEPTH = 4;

/** The parameter marker a dialect's lexer reads as a bind parameter, standing in for `${...}` and dynamic operands. */
function parameterToken(dialect: Dialect, n: number): string {
  return dialect === 'postgres' || dialect === 'redshift' || dialect === 'ansi' ? `$${n}` : '?';
}

class Reader {
  readonly text = new MappedText();
  private parameters = 0;

  constructor(
    private readonly context: Context,
    private readonly dialect: Dialect,
  ) {}

  /** Appends the SQL an expression evaluates to; false when it is not static text. */
  read(node: TSESTree.Node, depth: number): boolean {
    const n = unwrap(node);
    switch (n.type) {
      case AST_NODE_TYPES.Literal:
        if (typeof n.value !== 'string') return false;
        this.text.appendQuoted(this.source(n.range[0] + 1, n.range[1] - 1), n.range[0] + 1, this.source(n.range[0], n.range[0] + 1) as QuoteKind);
        return true;
      case AST_NODE_TYPES.TemplateLiteral:
        this.readTemplate(n);
        return true;
      case AST_NODE_TYPES.TaggedTemplateExpression:
        this.readTemplate(n.quasi);
        return true;
      case AST_NODE_TYPES.BinaryExpression:
        return n.operator === '+' && this.readConcatenation(n, depth);
      case AST_NODE_TYPES.Identifier: {
        const init = depth < MAX_DEPTH ? resolveInitializer(this.context, n) : null;
        return init !== null && this.read(init, depth + 1);
      }
      default:
        return false;
    }
  }

  private readTemplate(template: TSESTree.TemplateLiteral): void {
    template.quasis.forEach((quasi, i) => {
      // The source text, not `quasi.value.raw`: the raw value turns CRLF into LF, which would shift every offset.
      const end = quasi.range[1] - (quasi.tail ? 1 : 2);
      this.text.appendQuoted(this.source(quasi.range[0] + 1, end), quasi.range[0] + 1, '`');
      if (i < template.expressions.length) {
        const next = template.quasis[i + 1];
        // From the `${` that ends this quasi to the `}` that starts the next one.
        this.parameter({ start: quasi.range[1] - 2, end: next.range[0] + 1 });
      }
    });
  }

  /** A dynamic operand of `'...' + x + '...'` is a value the SQL receives, like a bind parameter. */
  private readConcatenation(node: TSESTree.BinaryExpression, depth: number): boolean {
    const mark = this.text.length;
    let anyText = false;
    for (const operand of [node.left, node.right]) {
      if (operand.type === AST_NODE_TYPES.PrivateIdentifier) return false;
      if (this.read(operand, depth)) anyText = true;
      else this.parameter({ start: operand.range[0], end: operand.range[1] });
    }
    if (!anyText) this.text.truncate(mark);
    return anyText;
  }

  private parameter(span: Span): void {
    this.parameters += 1;
    this.text.appendStandIn(parameterToken(this.dialect, this.parameters), span);
  }

  private source(start: number, end: number): string {
    return this.context.sourceCode.text.slice(start, end);
  }
}

/** The SQL text of an expression (literal, template, concatenation, or a `const` holding one), mapped to the file; null when not static. */
export function readSqlText(context: Context, node: TSESTree.Node, dialect: Dialect): MappedText | null {
  const reader = new Reader(context, dialect);
  return reader.read(node, 0) ? reader.text : null;
}

/** A stand-in for SQL that a driver method runs (`conn.beginTransaction()` is `BEGIN`), mapped to that call. */
export function controlText(verb: string, node: TSESTree.Node): MappedText {
  const text = new MappedText();
  text.appendStandIn(verb, { start: node.range[0], end: node.range[1] });
  return text;
}
