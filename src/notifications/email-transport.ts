import { Injectable } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

/** The SMTP connection of the e-mail channel (nodemailer), from the SMTP_* settings; none without SMTP_HOST. */
@Injectable()
export class EmailTransport {
  private transporter?: Transporter;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return !!this.config.SMTP_HOST;
  }

  async send(mail: { to: string; subject: string; text: string }): Promise<void> {
    this.transporter ??= nodemailer.createTransport({
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
    await this.transporter.sendMail({ from: this.config.SMTP_FROM, ...mail });
  }
}
