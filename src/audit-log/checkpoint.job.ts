import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuditLogService } from './audit-log.service';
import { CheckpointSigner } from './checkpoint-signer';

/**
 * Writes a signed checkpoint of the change-log head at start and then every AUDIT_CHECKPOINT_INTERVAL_MINUTES
 * (only when the head moved). The signing key file is created at start if it does not exist.
 * Off under NODE_ENV=test (tests ask for checkpoints with POST /audit-log/checkpoints).
 */
@Injectable()
export class CheckpointJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CheckpointJob');
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;

  constructor(
    private readonly audit: AuditLogService,
    private readonly signer: CheckpointSigner,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV === 'test' || this.config.AUDIT_CHECKPOINT_INTERVAL_MINUTES === 0) return;
    this.signer.load();
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.config.AUDIT_CHECKPOINT_INTERVAL_MINUTES * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Signs a checkpoint now (only when the head moved and the job is on): after a bulk load such as the demo data, so
   * a fresh service's printouts and verification name a checkpoint instead of "none yet" for the first hour.
   */
  async signNow(): Promise<void> {
    if (this.config.NODE_ENV === 'test' || this.config.AUDIT_CHECKPOINT_INTERVAL_MINUTES === 0) return;
    if (this.inFlight) await this.inFlight; // the start's checkpoint may still be running: sign after it
    await this.tick();
  }

  /** One checkpoint at a time on this instance: a tick while one runs joins it. */
  private tick(): Promise<void> {
    this.inFlight ??= this.sign().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async sign(): Promise<void> {
    try {
      const cp = await this.audit.checkpoint();
      if (cp) this.logger.log(`Change-log checkpoint #${cp.seq} signed (key ${cp.keyId})`);
    } catch (err) {
      this.logger.error({ err }, 'Writing the change-log checkpoint failed; it will retry');
    }
  }
}
