import { Kafka } from 'kafkajs';
import { v4 as uuidv4 } from 'uuid';

const kafka = new Kafka({ clientId: 'order-events', brokers: ['kafka-1:9092', 'kafka-2:9092'] });
const producer = kafka.producer({ idempotent: true });

/** Publishes an order's status change; consumers keep the latest status per key. */
export async function publishStatus(order: { id: string; status: string }): Promise<void> {
  await producer.send({
    topic: 'order-status',
    messages: [{ key: uuidv4(), value: JSON.stringify({ orderId: order.id, status: order.status }) }],
  });
}
