import { Kafka } from 'kafkajs';
import { saveOrder, type Order } from './orders';

const kafka = new Kafka({ clientId: 'orders-loader', brokers: ['kafka-1:9092', 'kafka-2:9092'] });
const consumer = kafka.consumer({ groupId: 'orders-loader' });

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const order = JSON.parse(message.value!.toString()) as Order;
      await saveOrder(order);
    },
  });
}
