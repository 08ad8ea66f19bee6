import WebSocket from 'ws';
import { publishTicks, type Tick } from './ticks';

const MAX_PENDING = 50_000;
const pending: Tick[] = [];

export function start(url: string): void {
  const feed = new WebSocket(url);
  feed.on('message', (data) => {
    // Only the latest prices matter, so the oldest tick makes room for the newest.
    if (pending.length >= MAX_PENDING) pending.shift();
    pending.push(JSON.parse(String(data)) as Tick);
  });
  setInterval(() => {
    void publishTicks(pending.splice(0));
  }, 1_000);
}
