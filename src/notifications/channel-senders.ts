import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EmailTransport } from './email-transport';
import { Channel } from './notification.enums';
import type { DueDelivery } from './notifications.repository';
import { NotificationsRepository } from './notifications.repository';

/** Sends one outbox row on its channel; throws when the peer refuses (the worker retries). */
export interface ChannelSender {
  readonly channel: Channel;
  configured(): boolean;
  send(d: DueDelivery): Promise<void>;
}

/** DingTalk's 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), sent as `timestamp` and `sign`. */
export function dingTalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

@Injectable()
export class EmailSender implements ChannelSender {
  readonly channel = Channel.EMAIL;
  constructor(private readonly transport: EmailTransport) {}
  configured(): boolean {
    return this.transport.configured;
  }
  send(d: DueDelivery): Promise<void> {
    return this.transport.send({ to: d.address, subject: d.title, text: d.body });
  }
}

/** 企业微信 and 钉钉 group robots: a text message posted as JSON; an HTTP error or errcode ≠ 0 is a failure. */
abstract class RobotSender implements ChannelSender {
  abstract readonly channel: Channel;
  constructor(private readonly repo: NotificationsRepository) {}
  configured(): boolean {
    return true;
  }
  protected abstract urlFor(url: string, secret: string | null, now: number): string;

  async send(d: DueDelivery): Promise<void> {
    const hook = await this.repo.webhookForSending(Number(d.address));
    if (!hook || !hook.active) throw new Error('机器人已删除或停用 / The robot is gone');
    const res = await fetch(this.urlFor(hook.url, hook.secret, Date.now()), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ msgtype: 'text', text: { content: `${d.title}\n${d.body}` } }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text || '{}') as { errcode?: number; errmsg?: string };
    if (body.errcode) throw new Error(`errcode ${body.errcode}: ${body.errmsg ?? ''}`);
  }
}

@Injectable()
export class WeComSender extends RobotSender {
  readonly channel = Channel.WECOM;
  constructor(repo: NotificationsRepository) {
    super(repo);
  }
  protected urlFor(url: string): string {
    return url;
  }
}

@Injectable()
export class DingTalkSender extends RobotSender {
  readonly channel = Channel.DINGTALK;
  constructor(repo: NotificationsRepository) {
    super(repo);
  }
  protected urlFor(url: string, secret: string | null, now: number): string {
    if (!secret) return url;
    const u = new URL(url);
    u.searchParams.set('timestamp', String(now));
    u.searchParams.set('sign', dingTalkSign(secret, now));
    return u.toString();
  }
}
