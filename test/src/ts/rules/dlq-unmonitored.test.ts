import { dlqUnmonitored } from '@pipelint/engine/internal/ts/rules/dlq-unmonitored/index.js';
import { runRuleTests } from './tester.js';

const imports = `import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';`;

runRuleTests(dlqUnmonitored, {
  valid: [
    {
      name: 'a DLQ whose depth metric creates an alarm',
      code: `
${imports}
const dlq = new sqs.Queue(stack, 'Dlq');
new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
dlq.metricApproximateNumberOfMessagesVisible().createAlarm(stack, 'DlqAlarm', { threshold: 1, evaluationPeriods: 1 });
`,
    },
    {
      name: 'a DLQ metric stored in a variable and passed to new cloudwatch.Alarm',
      code: `
${imports}
const dlq = new sqs.Queue(stack, 'Dlq');
new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
const depth = dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) });
new cloudwatch.Alarm(stack, 'DlqAlarm', { metric: depth, threshold: 1, evaluationPeriods: 1 });
`,
    },
    {
      name: 'a DLQ handed to a monitoring helper',
      code: `
${imports}
const dlq = new sqs.Queue(stack, 'Dlq');
new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
monitoring.monitorSqsQueue({ queue: dlq });
`,
    },
    {
      name: 'a queue that is not a dead-letter queue',
      code: `
${imports}
const jobs = new sqs.Queue(stack, 'Jobs');
`,
    },
    {
      name: 'a DLQ imported from another stack by ARN',
      code: `
${imports}
const dlq = sqs.Queue.fromQueueArn(stack, 'Dlq', DLQ_ARN);
new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
`,
    },
    {
      name: 'DLQs alarmed in a for-of loop and a forEach over the queues',
      code: `
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
const ordersDlq = new sqs.Queue(this, 'OrdersDlq');
const refundsDlq = new sqs.Queue(this, 'RefundsDlq');
new sqs.Queue(this, 'Orders', { deadLetterQueue: { queue: ordersDlq, maxReceiveCount: 5 } });
new sqs.Queue(this, 'Refunds', { deadLetterQueue: { queue: refundsDlq, maxReceiveCount: 5 } });
for (const [name, dlq] of [['Orders', ordersDlq]] as const) {
  dlq.metricApproximateNumberOfMessagesVisible().createAlarm(this, name, { threshold: 1, evaluationPeriods: 1 });
}
[refundsDlq].forEach((queue) => {
  new cloudwatch.Alarm(this, 'Refunds', { metric: queue.metricApproximateNumberOfMessagesVisible(), threshold: 1, evaluationPeriods: 1 });
});
`,
    },
  ],
  invalid: [
    {
      name: 'a queue DLQ with no alarm',
      code: `
${imports}
const dlq = new sqs.Queue(stack, 'Dlq', { retentionPeriod: Duration.days(14) });
new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
`,
      errors: [{ messageId: 'unmonitored', line: 4, column: 17, endColumn: 26, data: { queue: 'dlq' } }],
    },
    {
      name: 'a Lambda function DLQ with an alarm on a different queue',
      code: `
${imports}
const failures = new sqs.Queue(stack, 'Failures');
const main = new sqs.Queue(stack, 'Main');
new lambda.Function(stack, 'Fn', { deadLetterQueue: failures });
main.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'Age', { threshold: 300, evaluationPeriods: 1 });
`,
      errors: [{ messageId: 'unmonitored', line: 4, column: 22, data: { queue: 'failures' } }],
    },
    {
      name: 'an on-failure destination of a stream event source',
      code: `
${imports}
import { SqsDlq, KinesisEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
const streamDlq = new sqs.Queue(stack, 'StreamDlq');
fn.addEventSource(new KinesisEventSource(stream, { startingPosition: START, onFailure: new SqsDlq(streamDlq) }));
`,
      errors: [{ messageId: 'unmonitored', line: 5, column: 23, data: { queue: 'streamDlq' } }],
    },
    {
      name: 'a DLQ stored on the construct and used by an SNS subscription',
      code: `
${imports}
class Notifications extends Construct {
  constructor(scope, id, topic, queue) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters');
    topic.addSubscription(new SqsSubscription(queue, { deadLetterQueue: this.deadLetters }));
  }
}
`,
      errors: [{ messageId: 'unmonitored', line: 7, column: 28, data: { queue: 'this.deadLetters' } }],
    },
    {
      name: 'a DLQ left out of the list a loop alarms on',
      code: `
import * as sqs from 'aws-cdk-lib/aws-sqs';
const ordersDlq = new sqs.Queue(this, 'OrdersDlq');
const refundsDlq = new sqs.Queue(this, 'RefundsDlq');
new sqs.Queue(this, 'Orders', { deadLetterQueue: { queue: ordersDlq, maxReceiveCount: 5 } });
new sqs.Queue(this, 'Refunds', { deadLetterQueue: { queue: refundsDlq, maxReceiveCount: 5 } });
for (const dlq of [ordersDlq]) {
  dlq.metricApproximateNumberOfMessagesVisible().createAlarm(this, 'DlqNotEmpty', { threshold: 1, evaluationPeriods: 1 });
}
`,
      errors: [{ messageId: 'unmonitored', line: 4, column: 24, data: { queue: 'refundsDlq' } }],
    },
  ],
});
