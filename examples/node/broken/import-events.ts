import { readFile } from 'fs/promises';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

/** Loads a day of page-view events exported as JSON lines. */
export async function importEvents(path: string): Promise<void> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  for (const line of lines) {
    const event = JSON.parse(line) as { id: string; userId: string; url: string; at: string };
    await prisma.pageView.create({ data: { id: event.id, userId: event.userId, url: event.url, at: new Date(event.at) } });
  }
}
