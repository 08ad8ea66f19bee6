import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { defineTsRule } from '../../create-rule.js';
import { ancestors, unwrap } from '../../util/ast.js';
import { deadLetterSend } from '../../util/dead-letter.js';
import { EFFECT_MODULES, sideEffectOf, type SideEffect } from '../../util/effects.js';
import { isDeduplicated } from '../../util/guards.js';
import { enclosingHandlers, handlersOf, type Handler } from '../../util/handlers.js';
import { importsOf } from '../../util/imports.js';
import { allOf, anyOf, contains, importsOneOf, RETRIED } from '../../util/relevance.js';
import docs from './docs.js';

type MessageId = SideEffect['kind'] | 'addIdempotencyKey';

export const retrySideEffect = defineTsRule<MessageId, Record<string, never>>({
  type: 'problem',
  relevant: allOf(anyOf(importsOneOf(EFFECT_MODULES), contains(/fetch/)), RETRIED),
  meta: {
    id: 'retry-side-effect',
    concept: 'idempotency',
    defaultSeverity: 'warn',
    hasSuggestions: true,
    messages: {
      email: '`{{call}}` runs again whenever {{step}} is retried: the recipient gets the email twice.',
      payment: '`{{call}}` runs again whenever {{step}} is retried: without an idempotency key Stripe does it twice (a second charge, a duplicate object).',
      http: '`{{call}}` runs again whenever {{step}} is retried: the remote API receives the write twice.',
      publish: '`{{call}}` runs again whenever {{step}} is retried: downstream consumers get the message twice.',
      addIdempotencyKey: 'Pass `idempotencyKey: {{key}}` so Stripe returns the first result on a retry',
    },
    docs,
  },
  create(context) {
    if ((!importsOf(context).importsAny(EFFECT_MODULES) && !context.sourceCode.text.includes('fetch'))) return {};
    return {
      CallExpression(node): void {
        if (handlersOf(context).length === 0) return;
        const step = enclosingHandlers(context, node).find((h) => !insideCatch(node, h));
        if (!step) return;
        const effect = sideEffectOf(context, node);
        if (!effect || effect.keyed || isDeduplicated(context, node, step.body)) return;
        // A dead-letter send outside a catch (a validation branch) is still the failure path, not the work.
        if (deadLetterSend(context, node)) return;
        context.report({
          node: node.callee,
          messageId: effect.kind,
          data: { call: effect.name, step: step.label },
          suggest: effect.acceptsIdempotencyKey ? keySuggestion(effect, step) : null,
        });
      },
    };
  },
});

/** A call in a `catch` is the failure path (logging, dead-lettering), not the work being retried. */
function insideCatch(node: TSESTree.Node, handler: Handler): boolean {
  for (const a of ancestors(node, handler.body)) if (a.type === AST_NODE_TYPES.CatchClause) return true;
  return false;
}

function keySuggestion(effect: SideEffect, step: Handler): TSESLint.SuggestionReportDescriptor<MessageId>[] | null {
  if (!step.idTemplate) return null;
  const operation = stripeOperation(effect.call);
  const key = `\`${operation}-${step.idTemplate}\``;
  const args = effect.call.arguments;
  const options = args[1] ? unwrap(args[1]) : null;
  if (args.length === 1) {
    return [{ messageId: 'addIdempotencyKey', data: { key }, fix: (fixer) => fixer.insertTextAfter(args[0], `, { idempotencyKey: ${key} }`) }];
  }
  if (options?.type === AST_NODE_TYPES.ObjectExpression) {
    const open = options.range[0] + 1;
    const text = options.properties.length === 0 ? ` idempotencyKey: ${key} ` : ` idempotencyKey: ${key},`;
    return [{ messageId: 'addIdempotencyKey', data: { key }, fix: (fixer) => fixer.insertTextAfterRange([open, open], text) }];
  }
  return null;
}

/** `paymentIntents.create` from `stripe.paymentIntents.create`: keys stay distinct per operation on one message. */
function stripeOperation(call: TSESTree.CallExpression): string {
  const parts: string[] = [];
  let node: TSESTree.Node = unwrap(call.callee);
  while (node.type === AST_NODE_TYPES.MemberExpression && node.property.type === AST_NODE_TYPES.Identifier) {
    parts.unshift(node.property.name);
    node = unwrap(node.object);
  }
  return parts.join('.');
}
