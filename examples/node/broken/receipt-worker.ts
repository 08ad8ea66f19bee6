import { Worker, type Job } from 'bullmq';
import nodemailer from 'nodemailer';
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
    const html = renderReceipt(job.data.orderId, job.data.total);
    await transporter.sendMail({ to: job.data.email, subject: `Receipt for order ${job.data.orderId}`, html });
    await job.updateProgress(100);
  },
  { connection: { host: 'redis' }, concurrency: 5 },
);
