import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export class PipelineQueuesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const indexerDlq = new sqs.Queue(this, 'IndexerDlq', { retentionPeriod: Duration.days(14) });
    const indexerQueue = new sqs.Queue(this, 'IndexerQueue', {
      visibilityTimeout: Duration.minutes(2),
      deadLetterQueue: { queue: indexerDlq, maxReceiveCount: 5 },
    });
    const indexer = new lambda.Function(this, 'Indexer', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('dist/indexer'),
    });
    indexer.addEventSource(new SqsEventSource(indexerQueue, { batchSize: 10 }));
    indexerDlq.metricApproximateNumberOfMessagesVisible().createAlarm(this, 'IndexerDlqNotEmpty', { threshold: 1, evaluationPeriods: 1 });

    const billingDlq = new sqs.Queue(this, 'BillingDlq', { retentionPeriod: Duration.days(14) });
    const billingQueue = new sqs.Queue(this, 'BillingQueue', { deadLetterQueue: { queue: billingDlq, maxReceiveCount: 5 } });
    const billing = new lambda.Function(this, 'Billing', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('dist/billing'),
    });
    billing.addEventSource(new SqsEventSource(billingQueue));
    new cloudwatch.Alarm(this, 'BillingDlqNotEmpty', {
      metric: billingDlq.metricApproximateNumberOfMessagesVisible(),
      threshold: 1,
      evaluationPeriods: 1,
    });
  }
}
