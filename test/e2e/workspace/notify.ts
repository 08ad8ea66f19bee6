import pRetry from 'p-retry';
import nodemailer from 'nodemailer';

const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });

export async function sendReceipt(email: string): Promise<void> {
  await pRetry(async () => {
    await transporter.sendMail({ to: email, subject: 'Your receipt' });
  }, { retries: 3 });
}
