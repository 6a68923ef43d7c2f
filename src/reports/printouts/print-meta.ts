import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditLogService } from '../../audit-log/audit-log.service';
import { dateInZone } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { AppConfig, publicBaseUrl } from '../../config/app-config';
import { checkpointFooter, PdfMeta } from '../pdf/pdf-writer';

/** A printout ready to send: its file name and the PDF bytes. */
export interface RenderedPdf {
  fileName: string;
  stream: Readable;
}

/** An amount in yuan with thousands separators; empty when there is none. */
export const yuan = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : n.toLocaleString('en-US');

/** A rate as a percentage with one decimal; a dash when there is none. */
export const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/**
 * What every printout's footer shows: when it was generated, the change log's head hash at that time and the latest
 * signed checkpoint.
 */
@Injectable()
export class PrintMeta {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
    private readonly config: AppConfig,
  ) {}

  /**
   * The footer of a printout made now. `recordPath` (e.g. `/findings/12`): the page of the printed record, printed
   * as a QR code on every page (PUBLIC_BASE_URL + path) so the paper can be checked against the live record.
   */
  async now(recordPath?: string): Promise<PdfMeta> {
    const now = this.clock.now();
    return {
      generatedAt: `${dateInZone(now, this.clock.timeZone)} ${this.timeOfDay(now)}`,
      chainHash: (await this.audit.head()).hash,
      checkpoint: checkpointFooter(await this.audit.latestCheckpoint()),
      recordUrl: recordPath ? this.url(recordPath) : undefined,
    };
  }

  /** The absolute address of a page of the service, as printed in QR codes. */
  url(pathAndQuery: string): string {
    return `${publicBaseUrl(this.config)}${pathAndQuery}`;
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
