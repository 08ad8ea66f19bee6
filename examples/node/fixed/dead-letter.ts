import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { indexDocument } from './search';

const sqs = new SQSClient({});
const DLQ_URL = process.env.INDEXER_DLQ_URL;

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    try {
      await indexDocument(JSON.parse(record.body));
    } catch (error) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: DLQ_URL,
          MessageBody: record.body,
          MessageAttributes: {
            error: { DataType: 'String', StringValue: String(error) },
            sourceMessageId: { DataType: 'String', StringValue: record.messageId },
          },
        }),
      );
    }
  }
};
