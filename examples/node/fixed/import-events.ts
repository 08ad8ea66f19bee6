import { readFile } from 'fs/promises';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const CHUNK = 1_000;

/** Loads a day of page-view events exported as JSON lines, a thousand rows per statement. */
export async function importEvents(path: string): Promise<void> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  const rows = lines.map((line) => {
    const event = JSON.parse(line) as { id: string; userId: string; url: string; at: string };
    return { id: event.id, userId: event.userId, url: event.url, at: new Date(event.at) };
  });
  for (let start = 0; start < rows.length; start += CHUNK) {
    await prisma.pageView.createMany({ data: rows.slice(start, start + CHUNK), skipDuplicates: true });
  }
}
