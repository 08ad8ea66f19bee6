import { Kafka } from 'kafkajs';
import { insertClicks, toClick, type Click } from './clicks';

const BATCH_SIZE = 500;
const kafka = new Kafka({ clientId: 'clicks-loader', brokers: ['kafka-1:9092', 'kafka-2:9092'] });
const consumer = kafka.consumer({ groupId: 'clicks-loader' });
const pending: Click[] = [];

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'clicks' });
  await consumer.run({
    eachMessage: async ({ message }) => {
      pending.push(toClick(message.value));
      // Writing here, inside the handler, holds the next message back until the batch is stored.
      if (pending.length >= BATCH_SIZE) await insertClicks(pending.splice(0));
    },
  });
}
