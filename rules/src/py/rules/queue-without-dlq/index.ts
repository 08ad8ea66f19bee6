import { callArguments, calleeName, qualifiedCallee, receiver } from '../../ast.js';
import { importsAny, isTestFile, type PyDocument } from '../../model.js';
import type { PyNode } from '../../parser.js';
import { definePyRule } from '../../rule-api.js';
import docs from './docs.js';

type MessageId = 'queueNoDlq' | 'streamNoOnFailure';

/** CDK v1 (`aws_cdk.aws_sqs`) and v2 (`aws_cdk.aws_sqs` inside `aws_cdk`) both name the module this way. */
const SQS = /(^|\.)aws_sqs\.Queue$/;
const STREAM_SOURCES = /(^|\.)aws_lambda_event_sources\.(DynamoEventSource|KinesisEventSource)$/;
const QUEUE_CONSUMERS = /(^|\.)(aws_lambda_event_sources\.SqsEventSource|aws_sns_subscriptions\.SqsSubscription)$/;

/** The name a construct is bound to: `q` for `q = sqs.Queue(...)`, `self.q` for `self.q = ...`; null otherwise. */
function boundName(call: PyNode): string | null {
  const parent = call.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== call.id) return null;
  const left = parent.childForFieldName('left');
  return left && (left.type === 'identifier' || left.type === 'attribute') ? left.text : null;
}

function refersTo(node: PyNode | null | undefined, name: string): boolean {
  return node?.text === name;
}

/** Something reads from the queue: a Lambda SqsEventSource, an SNS SqsSubscription, a consume grant. */
function feedsConsumer(doc: PyDocument, name: string): boolean {
  return doc.calls.some((c) => {
    const q = qualifiedCallee(doc, c) ?? '';
    if (QUEUE_CONSUMERS.test(q)) {
      const args = callArguments(c);
      return refersTo(args.positional[0] ?? args.keywords.get('queue'), name);
    }
    return calleeName(c) === 'grant_consume_messages' && refersTo(receiver(c), name);
  });
}

/** The queue is itself a dead-letter queue: another queue's `dead_letter_queue` names it, or an `SqsDlq(q)` does. */
function isDeadLetterQueue(doc: PyDocument, name: string, call: PyNode): boolean {
  if (/dlq|dead.?letter/i.test(name) || /dlq|dead.?letter/i.test(callArguments(call).positional[1]?.text ?? '')) return true;
  return doc.calls.some((c) => {
    const q = qualifiedCallee(doc, c) ?? '';
    const args = callArguments(c);
    if (/(^|\.)(SqsDlq|DeadLetterQueue)$/.test(q)) return refersTo(args.positional[0] ?? args.keywords.get('queue'), name);
    return refersTo(args.keywords.get('dead_letter_queue'), name);
  });
}

export default definePyRule<Record<string, never>, MessageId>({
  meta: {
    id: 'queue-without-dlq',
    language: 'py',
    concept: 'dead-letter-queues',
    defaultSeverity: 'warn',
    messages: {
      queueNoDlq:
        'Queue `{{queue}}` feeds a consumer but has no `dead_letter_queue`: a message that always fails is received again and again until its retention period ends, then silently deleted.',
      streamNoOnFailure:
        '`{{source}}` has no `on_failure` destination: a record that keeps failing holds up its shard until it expires, then is dropped without a trace.',
    },
    docs,
  },
  relevant: (text) => /aws_sqs|aws_lambda_event_sources/.test(text),
  check(context) {
    const { doc } = context;
    if (isTestFile(context.filename) || !importsAny(doc, ['aws_cdk'])) return;
    for (const call of doc.calls) {
      const qualified = qualifiedCallee(doc, call) ?? '';
      const args = callArguments(call);
      if (SQS.test(qualified)) {
        if (args.spread || args.keywords.has('dead_letter_queue')) continue;
        const name = boundName(call);
        if (!name || !feedsConsumer(doc, name) || isDeadLetterQueue(doc, name, call)) continue;
        context.report({ node: call.childForFieldName('function') ?? call, messageId: 'queueNoDlq', data: { queue: name.replace(/^self\./, '') } });
        continue;
      }
      if (STREAM_SOURCES.test(qualified)) {
        if (args.spread || args.keywords.has('on_failure')) continue;
        const kind = qualified.slice(qualified.lastIndexOf('.') + 1);
        const target = args.positional[0] ?? args.keywords.get('table') ?? args.keywords.get('stream');
        context.report({ node: call.childForFieldName('function') ?? call, messageId: 'streamNoOnFailure', data: { source: target ? `${kind}(${target.text})` : kind } });
      }
    }
  },
});
