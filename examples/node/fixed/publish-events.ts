import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'order-events', brokers: ['kafka-1:9092', 'kafka-2:9092'] });
const producer = kafka.producer({ idempotent: true });

/** Publishes an order's status change, keyed by order: one partition per order keeps its events in order. */
export async function publishStatus(order: { id: string; status: string }): Promise<void> {
  await producer.send({
    topic: 'order-status',
    messages: [{ key: order.id, value: JSON.stringify({ orderId: order.id, status: order.status }) }],
  });
}
