import amqp from 'amqplib';
import { reserveStock } from './inventory';

export async function start(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
  const channel = await connection.createChannel();
  await channel.assertQueue('stock-reservations', { durable: true });
  await channel.prefetch(10);
  await channel.consume('stock-reservations', async (msg) => {
    if (!msg) return;
    try {
      await reserveStock(JSON.parse(msg.content.toString()));
      channel.ack(msg);
    } catch (error) {
      channel.nack(msg);
    }
  });
}
