import { Kafka } from 'kafkajs';
import { applyPayment } from './ledger';
import { logger } from './logger';

const kafka = new Kafka({ clientId: 'ledger', brokers: ['kafka-1:9092'] });
const consumer = kafka.consumer({ groupId: 'ledger' });
const producer = kafka.producer();

export async function start(): Promise<void> {
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: 'payments' });
  await consumer.run({
    eachMessage: async ({ message }) => {
      try {
        await applyPayment(message.key!.toString(), message.value!);
      } catch (error) {
        logger.error({ error, offset: message.offset }, 'could not apply payment');
        await producer.send({
          topic: 'payments.dlq',
          messages: [{ key: message.key, value: message.value, headers: { 'x-error': String(error) } }],
        });
      }
    },
  });
}
