import WebSocket from 'ws';
import { Counter } from 'prom-client';
import { publishTicks, type Tick } from './ticks';

const MAX_PENDING = 50_000;
const pending: Tick[] = [];
const droppedTicks = new Counter({ name: 'ticks_dropped_total', help: 'Ticks shed because the publish buffer was full' });

export function start(url: string): void {
  const feed = new WebSocket(url);
  feed.on('message', (data) => {
    // Only the latest prices matter, so the oldest tick makes room; the counter feeds an alert on sustained shedding.
    if (pending.length >= MAX_PENDING) {
      pending.shift();
      droppedTicks.inc();
    }
    pending.push(JSON.parse(String(data)) as Tick);
  });
  setInterval(() => {
    void publishTicks(pending.splice(0));
  }, 1_000);
}
