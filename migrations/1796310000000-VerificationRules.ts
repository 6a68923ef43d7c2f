import { MigrationInterface, QueryRunner } from 'typeorm';
import { chainHash } from '../src/audit-log/hash-chain';

const VOIDED_NOTE =
  '复查通过但未附证据，不能作为销号依据：退回待复查，由督导组附证据重新复查（issue 16） / A PASS without evidence does not count: back to PENDING_VERIFICATION for a verification with evidence';

/**
 * Issue 16, verification and close-out rules:
 * - a satisfaction confirmation (rule 5) records how the representatives were asked and may cite evidence;
 * - no finding stays stuck with a passing verification that lacks evidence (the gate refused its close-out for
 *   rule 1 and nothing else could move it): each such VERIFIED finding goes back to PENDING_VERIFICATION, so it is
 *   again in the supervision group's queue, with a change-log entry saying why. The verification itself is kept.
 */
export class VerificationRules1796310000000 implements MigrationInterface {
  name = 'VerificationRules1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "satisfaction_confirmations" ADD "method" text`);
    await queryRunner.query(
      `ALTER TABLE "satisfaction_confirmations" ADD "evidence_ids" integer array NOT NULL DEFAULT '{}'`,
    );
    await sendBackEvidenceLessPasses(queryRunner);
  }

  /** Drops the columns; findings sent back to PENDING_VERIFICATION stay there (their change-log entries remain). */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "satisfaction_confirmations" DROP COLUMN "evidence_ids"`);
    await queryRunner.query(`ALTER TABLE "satisfaction_confirmations" DROP COLUMN "method"`);
  }
}

/**
 * Every VERIFIED finding whose latest verification is a PASS without evidence goes back to PENDING_VERIFICATION,
 * with a change-log entry (chained like any other); returns their ids. Exported for the test that walks it.
 */
export async function sendBackEvidenceLessPasses(queryRunner: Pick<QueryRunner, 'query'>): Promise<number[]> {
  const stuck: { id: number; unit_id: number }[] = await queryRunner.query(
    `SELECT f.id, f.unit_id FROM findings f
         JOIN LATERAL (SELECT v.result, v.evidence_ids FROM verifications v WHERE v.finding_id = f.id
                        ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1) v ON true
        WHERE f.status = 'VERIFIED' AND v.result = 'PASS' AND cardinality(v.evidence_ids) = 0
        ORDER BY f.id`,
  );
  for (const f of stuck) {
    await queryRunner.query(
      `UPDATE findings SET status = 'PENDING_VERIFICATION', version = version + 1, updated_at = now() WHERE id = $1`,
      [f.id],
    );
    const [head]: { seq: string; hash: string }[] = await queryRunner.query(
      `SELECT seq, hash FROM change_log_head WHERE id = 1 FOR UPDATE`,
    );
    const event = {
      seq: Number(head.seq) + 1,
      occurredAt: new Date(),
      actorId: null,
      actorName: '系统',
      action: 'VERIFICATION_VOIDED_NO_EVIDENCE',
      entityType: 'Finding',
      entityId: String(f.id),
      unitId: f.unit_id,
      changes: { status: { before: 'VERIFIED', after: 'PENDING_VERIFICATION' }, _note: VOIDED_NOTE },
      requestId: null,
    };
    const hash = chainHash(head.hash, event);
    await queryRunner.query(
      `INSERT INTO change_events (seq, occurred_at, actor_id, actor_name, action, entity_type, entity_id, unit_id, changes, request_id, prev_hash, hash)
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, NULL, $9, $10)`,
      [
        event.seq,
        event.occurredAt,
        event.actorName,
        event.action,
        event.entityType,
        event.entityId,
        event.unitId,
        JSON.stringify(event.changes),
        head.hash,
        hash,
      ],
    );
    await queryRunner.query(`UPDATE change_log_head SET seq = $1, hash = $2 WHERE id = 1`, [event.seq, hash]);
  }
  return stuck.map((f) => f.id);
}
