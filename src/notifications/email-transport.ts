import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { nodemailer } from '../common/libraries/on-first-use';
import { AppConfig } from '../config/app-config';

/** The SMTP check made at start: null when no SMTP_HOST is set. */
export interface SmtpStatus {
  host: string;
  port: number;
  ok: boolean | null;
  error: string | null;
  checkedAt: Date | null;
}

/**
 * The SMTP connection of the e-mail channel (nodemailer), from the SMTP_* settings; none without SMTP_HOST. At
 * start the server is checked once (`verify()`, in the background — the service starts either way): an unreachable
 * host or a refused login is logged and shown on the ADMIN failures page; mails still wait in the outbox and are
 * retried.
 */
@Injectable()
export class EmailTransport implements OnApplicationBootstrap {
  private readonly logger = new Logger('EmailTransport');
  private transporter?: Transporter;
  private check: SmtpStatus | null = null;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return !!this.config.SMTP_HOST;
  }

  get status(): SmtpStatus | null {
    return this.check;
  }

  onApplicationBootstrap(): void {
    if (!this.configured) return;
    this.check = {
      host: this.config.SMTP_HOST!,
      port: this.config.SMTP_PORT,
      ok: null,
      error: null,
      checkedAt: null,
    };
    void this.verify();
  }

  /** Connects (and logs in) once to see whether the SMTP server is reachable; never throws. */
  async verify(): Promise<SmtpStatus | null> {
    if (!this.check) return null;
    try {
      await this.connection().verify();
      this.check = { ...this.check, ok: true, error: null, checkedAt: new Date() };
      this.logger.log(`SMTP server ${this.check.host}:${this.check.port} reachable`);
    } catch (err) {
      const error = String((err as Error).message ?? err).slice(0, 300);
      this.check = { ...this.check, ok: false, error, checkedAt: new Date() };
      this.logger.warn(
        `SMTP server ${this.check.host}:${this.check.port} not usable (SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_USER): ${error}. E-mails wait in the outbox and are retried.`,
      );
    }
    return this.check;
  }

  async send(mail: { to: string; subject: string; text: string }): Promise<void> {
    await this.connection().sendMail({ from: this.config.SMTP_FROM, ...mail });
  }

  private connection(): Transporter {
    this.transporter ??= nodemailer().createTransport({
      host: this.config.SMTP_HOST,
      port: this.config.SMTP_PORT,
      secure: this.config.SMTP_SECURE,
      auth: this.config.SMTP_USER
        ? { user: this.config.SMTP_USER, pass: this.config.SMTP_PASSWORD ?? '' }
        : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      // A self-signed server certificate inside a plant network is common; STARTTLS is still used when offered.
      tls: { rejectUnauthorized: false },
    });
    return this.transporter;
  }
}
