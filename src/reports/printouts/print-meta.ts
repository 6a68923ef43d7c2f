import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { Actor } from '../../common/access/actor';
import { AuditLogService } from '../../audit-log/audit-log.service';
import { dateInZone } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { UnitsService } from '../../org/units.service';
import { AppConfig, linkBaseFor } from '../../config/app-config';
import { checkpointFooter, PdfMeta } from '../pdf/pdf-writer';
import { chineseDate } from '../rules/chinese-formats';

/** A printout ready to send: its file name and the PDF bytes. */
export interface RenderedPdf {
  fileName: string;
  /** The same name in ASCII (codes, dates and English words) for clients that ignore the UTF-8 name. */
  asciiName: string;
  stream: Readable;
}

/** A readable ASCII file name from its parts (e.g. the finding's code, the report in English, the date). */
export const asciiFileName = (...parts: (string | number | null | undefined)[]) =>
  `${parts
    .filter((p) => p !== null && p !== undefined && p !== '')
    .map((p) => String(p).replace(/[^A-Za-z0-9._-]+/g, '-'))
    .join('-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')}.pdf`;

/** An amount in yuan with thousands separators; empty when there is none. */
export const yuan = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : n.toLocaleString('en-US');

/** A rate already in percent (counting.ts's 整改率, one decimal) as text; a dash when there is none. */
export const percent = (r: number | null) => (r === null ? '—' : `${r.toFixed(1)}%`);

/** The Chinese part of a bilingual message ("中文 / English"): printouts are in Chinese only. */
export const chineseOnly = (text: string) => text.replace(/\s+\/\s+[A-Za-z].*$/, '');

/**
 * What every printout's footer shows: when it was generated, the change log's head hash at that time and the latest
 * signed checkpoint.
 */
@Injectable()
export class PrintMeta {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
    private readonly units: UnitsService,
    private readonly config: AppConfig,
  ) {}

  /** Who prepared a printout: the caller's unit and name, and today's date written the Chinese way. */
  async preparer(actor: Actor): Promise<{ unit: string; person: string; date: string }> {
    const [unit] = actor.homeUnitId ? await this.units.findByIds([actor.homeUnitId]) : [];
    return { unit: unit?.name ?? '', person: actor.displayName, date: chineseDate(this.clock.today()) };
  }

  /**
   * The footer of a printout made now for `actor`. `recordPath` (e.g. `/findings/12`): the page of the printed
   * record, printed as a QR code on every page (see url) so the paper can be checked against the live record.
   */
  async now(actor: Actor, recordPath?: string, opts: { scoped?: boolean } = {}): Promise<PdfMeta> {
    const now = this.clock.now();
    return {
      generatedAt: `${dateInZone(now, this.clock.timeZone)} ${this.timeOfDay(now)}`,
      chainHash: (await this.audit.head()).hash,
      checkpoint: checkpointFooter(await this.audit.latestCheckpoint()),
      recordUrl: recordPath ? this.url(actor, recordPath) : undefined,
      scope: (opts.scoped && (await this.units.subtreeLabel(actor))) || undefined,
    };
  }

  /** Today in the business zone (for file names). */
  today(): string {
    return this.clock.today();
  }

  /**
   * The absolute address of a page of the service, as printed in QR codes for `actor`: under PUBLIC_BASE_URL, or
   * when that is unset the address the actor's request reached (linkBaseFor).
   */
  url(actor: Actor, pathAndQuery: string): string {
    return `${linkBaseFor(this.config, actor.origin)}${pathAndQuery}`;
  }

  /** HH:mm in the business zone. */
  timeOfDay(at: Date): string {
    return new Intl.DateTimeFormat('zh-CN', {
      timeZone: this.clock.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(at);
  }
}
