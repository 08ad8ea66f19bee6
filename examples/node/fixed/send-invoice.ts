import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import pRetry from 'p-retry';
import { claimInvoiceEmail } from './email-claims';

const ses = new SESClient({ region: 'eu-west-1' });

export async function sendInvoice(invoiceId: string, to: string, body: string): Promise<void> {
  await pRetry(
    async () => {
      // The claim is a row keyed by invoice id: the first attempt takes it, a repeat finds it taken.
      if (!(await claimInvoiceEmail(invoiceId))) return;
      await ses.send(
        new SendEmailCommand({
          Source: 'billing@example.com',
          Destination: { ToAddresses: [to] },
          Message: { Subject: { Data: `Invoice ${invoiceId}` }, Body: { Text: { Data: body } } },
        }),
      );
    },
    { retries: 4 },
  );
}
