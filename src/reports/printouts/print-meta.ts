import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditLogService } from '../../audit-log/audit-log.service';
import { dateInZone } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { checkpointFooter, PdfMeta } from '../pdf/pdf-writer';

/** A printout ready to send: its file name and the PDF bytes. */
export interface RenderedPdf {
  fileName: string;
  stream: Readable;
}

/** An amount in yuan with thousands separators; empty when there is none. */
export const yuan = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : n.toLocaleString('en-US');

/** A rate already in percent (counting.ts's 整改率, one decimal) as text; a dash when there is none. */
export const percent = (r: number | null) => (r === null ? '—' : `${r.toFixed(1)}%`);

/**
 * What every printout's footer shows: when it was generated, the change log's head hash at that time and the latest
 * signed checkpoint.
 */
@Injectable()
export class PrintMeta {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
  ) {}

  async now(): Promise<PdfMeta> {
    const now = this.clock.now();
    return {
      generatedAt: `${dateInZone(now, this.clock.timeZone)} ${this.timeOfDay(now)}`,
      chainHash: (await this.audit.head()).hash,
      checkpoint: checkpointFooter(await this.audit.latestCheckpoint()),
    };
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
