import { Kafka } from 'kafkajs';
import { applyPayment } from './ledger';
import { logger } from './logger';

const consumer = new Kafka({ clientId: 'ledger', brokers: ['kafka-1:9092'] }).consumer({ groupId: 'ledger' });

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'payments' });
  await consumer.run({
    eachMessage: async ({ message }) => {
      try {
        await applyPayment(message.key!.toString(), message.value!);
      } catch (error) {
        logger.error({ error, offset: message.offset }, 'could not apply payment');
      }
    },
  });
}
