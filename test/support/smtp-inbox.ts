import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server on a local port that keeps every mail it receives, decoded (subject and text body). */
export function startSmtpInbox(): Promise<{ port: number; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          ...decode(Buffer.concat(chunks).toString('utf8')),
        });
        cb();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.server.address() as AddressInfo).port,
        mails,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

/** The subject (RFC 2047 words decoded) and the body (quoted-printable or base64 decoded) of a raw mail. */
function decode(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectRaw = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const qp = (s: string) =>
    Buffer.from(
      s.replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  const subject = subjectRaw.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, s: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(s, 'base64').toString('utf8') : qp(s.replace(/_/g, ' ')),
  );
  const body = rest.join('\n\n');
  const text = /Content-Transfer-Encoding: base64/i.test(head)
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : qp(body.replace(/=\r?\n/g, ''));
  return { subject, text };
}
