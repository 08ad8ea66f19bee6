import rule from '@pipelint/engine/internal/py/rules/queue-without-dlq/index.js';
import { testPyRule } from './tester.js';

const HEAD = 'from aws_cdk import Stack, Duration\nfrom aws_cdk import aws_sqs as sqs\nfrom aws_cdk import aws_lambda_event_sources as event_sources\nfrom aws_cdk import aws_sns_subscriptions as subs\n\n';

testPyRule(rule, {
  valid: [
    {
      name: 'a queue with a dead-letter queue',
      code: HEAD + 'dlq = sqs.Queue(self, "OrdersDlq")\nq = sqs.Queue(self, "Orders", dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=5, queue=dlq))\nfn.add_event_source(event_sources.SqsEventSource(q))\n',
    },
    {
      name: 'the dead-letter queue itself is consumed by a redrive Lambda',
      code: HEAD + 'failures = sqs.Queue(self, "Failures")\nq = sqs.Queue(self, "Orders", dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=3, queue=failures))\nfn.add_event_source(event_sources.SqsEventSource(q))\nredrive.add_event_source(event_sources.SqsEventSource(failures))\nfailures.grant_consume_messages(redrive)\nq.grant_send_messages(api)\n',
    },
    { name: 'a queue nothing consumes here', code: HEAD + 'q = sqs.Queue(self, "Outbox")\nq.grant_send_messages(api)\n' },
    { name: 'props passed through **kwargs', code: HEAD + 'q = sqs.Queue(self, "Orders", **props)\nfn.add_event_source(event_sources.SqsEventSource(q))\n' },
    {
      name: 'a stream source with an on_failure destination',
      code: HEAD + 'fn.add_event_source(event_sources.DynamoEventSource(table, starting_position=start, retry_attempts=2, on_failure=event_sources.SqsDlq(dlq)))\n',
    },
    { name: 'a boto3 script that only creates a queue', code: 'import boto3\n\nboto3.client("sqs").create_queue(QueueName="orders")\n' },
    { name: 'a queue class of another library', code: 'from queue import Queue\n\nq = Queue()\nworker(q)\n' },
  ],
  invalid: [
    {
      name: 'a queue consumed by a Lambda event source',
      code: HEAD + 'class S(Stack):\n    def __init__(self, scope, id):\n        self.orders = sqs.Queue(self, "Orders", visibility_timeout=Duration.seconds(300))\n        fn.add_event_source(event_sources.SqsEventSource(queue=self.orders))\n',
      errors: [{ messageId: 'queueNoDlq', line: 8, column: 23, endColumn: 32, message: 'Queue `orders` feeds a consumer but has no `dead_letter_queue`: a message that always fails is received again and again until its retention period ends, then silently deleted.' }],
    },
    {
      name: 'a queue subscribed to a topic and consumed through a grant',
      code: HEAD + 'q = sqs.Queue(self, "Created")\ntopic.add_subscription(subs.SqsSubscription(q, raw_message_delivery=True))\nq.grant_consume_messages(fn)\n',
      errors: [{ messageId: 'queueNoDlq', line: 6, column: 5 }],
    },
    {
      name: 'a Kinesis source with no failure destination',
      code: HEAD + 'fn.add_event_source(event_sources.KinesisEventSource(stream, starting_position=start))\n',
      errors: [{ messageId: 'streamNoOnFailure', line: 6, column: 21, message: '`KinesisEventSource(stream)` has no `on_failure` destination: a record that keeps failing holds up its shard until it expires, then is dropped without a trace.' }],
    },
  ],
});
