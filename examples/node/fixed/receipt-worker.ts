import { Worker, type Job } from 'bullmq';
import nodemailer from 'nodemailer';
import { receiptAlreadySent, recordReceiptSent } from './receipt-log';
import { renderReceipt } from './templates';

interface ReceiptJob {
  orderId: string;
  email: string;
  total: number;
}

const transporter = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: 587 });

export const receiptWorker = new Worker<ReceiptJob>(
  'receipts',
  async (job: Job<ReceiptJob>) => {
    // A retry after a crash between sendMail and the log write re-sends at most once; the log makes every other retry a no-op.
    if (await receiptAlreadySent(job.data.orderId)) return;
    const html = renderReceipt(job.data.orderId, job.data.total);
    await transporter.sendMail({ to: job.data.email, subject: `Receipt for order ${job.data.orderId}`, html });
    await recordReceiptSent(job.data.orderId);
    await job.updateProgress(100);
  },
  { connection: { host: 'redis' }, concurrency: 5 },
);
