import { Kafka } from 'kafkajs';
import { saveOrder, type Order } from './orders';

const kafka = new Kafka({ clientId: 'orders-loader', brokers: ['kafka-1:9092', 'kafka-2:9092'] });
const consumer = kafka.consumer({ groupId: 'orders-loader' });
const producer = kafka.producer();

export async function start(): Promise<void> {
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: 'orders', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      let order: Order;
      try {
        order = JSON.parse(message.value!.toString()) as Order;
      } catch (error) {
        await producer.send({
          topic: 'orders.dlq',
          messages: [
            {
              key: message.key,
              value: message.value,
              headers: { 'x-error': String(error), 'x-source': `${topic}/${partition}/${message.offset}` },
            },
          ],
        });
        return;
      }
      await saveOrder(order);
    },
  });
}
