import { INestApplication } from '@nestjs/common';
import { Clock } from '../../src/common/time/clock';
import { bootTestApp } from './app-boot';
import { startSmtpInbox } from './smtp-inbox';
import { startTestApp, TestApp } from './test-app';

/**
 * Two instances of the service on one scratch database (as deployed behind a load balancer), both sending their
 * e-mail to a real SMTP server whose inbox the test reads; `at` pins both clocks to the same instant.
 */
export async function startInstancesWithMail(site = 'https://rectify.plant.example'): Promise<{
  t: TestApp;
  second: INestApplication;
  smtp: Awaited<ReturnType<typeof startSmtpInbox>>;
  at: (iso: string) => void;
  close: () => Promise<void>;
}> {
  const smtp = await startSmtpInbox();
  const env = {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: '督察整改 <rectify@plant.example>',
    PUBLIC_BASE_URL: site,
  };
  const t = await startTestApp({ env });
  const second = await bootTestApp(t.databaseUrl, { env });
  return {
    t,
    second,
    smtp,
    at: (iso) => {
      t.app.get(Clock).pinForTesting(new Date(iso));
      second.get(Clock).pinForTesting(new Date(iso));
    },
    close: async () => {
      await second.close();
      await t.close();
      await smtp.close();
    },
  };
}
