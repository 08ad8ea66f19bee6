import { queueWithoutDlq } from '@pipelint/engine/internal/ts/rules/queue-without-dlq/index.js';
import { runRuleTests } from './tester.js';

const imports = `import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';`;

runRuleTests(queueWithoutDlq, {
  valid: [
    {
      name: 'a consumed queue with a dead-letter queue',
      code: `
${imports}
const dlq = new sqs.Queue(stack, 'Dlq');
const queue = new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
fn.addEventSource(new sources.SqsEventSource(queue));
`,
    },
    {
      name: 'the dead-letter queue itself, which is consumed by a replay function',
      code: `
${imports}
const dlq = new sqs.Queue(stack, 'Dlq');
const queue = new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
replay.addEventSource(new sources.SqsEventSource(dlq));
`,
    },
    {
      name: 'a queue nobody consumes in this file',
      code: `
${imports}
const audit = new sqs.Queue(stack, 'Audit');
`,
    },
    {
      name: 'a queue whose props come from a variable pipelint cannot see',
      code: `
${imports}
const queue = new sqs.Queue(stack, 'Jobs', sharedQueueProps);
fn.addEventSource(new sources.SqsEventSource(queue));
`,
    },
    {
      name: 'a Kinesis event source with an on-failure destination',
      code: `
${imports}
fn.addEventSource(new sources.KinesisEventSource(stream, { startingPosition: START, retryAttempts: 3, onFailure: new sources.SqsDlq(dlq) }));
`,
    },
    {
      name: 'a queue without a DLQ built as a fixture in a CDK unit test',
      filename: 'test/worker-construct.test.ts',
      code: `
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
const stack = new Stack(new App(), 'Test');
const queue = new sqs.Queue(stack, 'Input');
worker.addEventSource(new SqsEventSource(queue));
`,
    },
  ],
  invalid: [
    {
      name: 'a queue consumed by a Lambda event source without a DLQ',
      code: `
${imports}
const queue = new sqs.Queue(stack, 'Jobs', { visibilityTimeout: Duration.minutes(5) });
fn.addEventSource(new sources.SqsEventSource(queue, { batchSize: 10 }));
`,
      errors: [{ messageId: 'queueNoDlq', line: 5, column: 19, endColumn: 28, data: { queue: 'queue' } }],
    },
    {
      name: 'a queue subscribed to an SNS topic, stored on the construct',
      code: `
${imports}
class Orders extends Construct {
  readonly inbox = new sqs.Queue(this, 'Inbox');
  constructor(scope, id, topic) {
    super(scope, id);
    topic.addSubscription(new SqsSubscription(this.inbox));
  }
}
`,
      errors: [{ messageId: 'queueNoDlq', line: 6, column: 24, data: { queue: 'this.inbox' } }],
    },
    {
      name: 'a queue granted to a consumer, imported from the aws-cdk-lib root',
      code: `
import { aws_sqs as sqs } from 'aws-cdk-lib';
const work = new sqs.Queue(stack, 'Work', {});
work.grantConsumeMessages(workerRole);
`,
      errors: [{ messageId: 'queueNoDlq', line: 3, column: 18, data: { queue: 'work' } }],
    },
    {
      name: 'a DynamoDB stream source without onFailure',
      code: `
${imports}
fn.addEventSource(new sources.DynamoEventSource(table, { startingPosition: START, retryAttempts: 2 }));
`,
      errors: [{ messageId: 'streamNoOnFailure', line: 5, column: 23, data: { source: 'new sources.DynamoEventSource(table)' } }],
    },
    {
      name: 'a Kinesis source imported by name',
      code: `
import { KinesisEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
fn.addEventSource(new KinesisEventSource(stream, { startingPosition: START }));
`,
      errors: [{ messageId: 'streamNoOnFailure', line: 3, column: 23, data: { source: 'new KinesisEventSource(stream)' } }],
    },
  ],
});
