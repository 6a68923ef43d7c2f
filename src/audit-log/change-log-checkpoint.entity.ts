import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A signed checkpoint of the change log: "entry #seq had hash H at createdAt", signed with an Ed25519 key kept
 * outside the database (AUDIT_SIGNING_KEY_FILE). Verification then detects entries removed from the end
 * (the chain ends below a checkpoint) and a chain re-hashed from some entry onward (a checkpointed hash changed).
 * Append-only like the change log itself.
 */
@Entity('change_log_checkpoints')
export class ChangeLogCheckpoint {
  /** The chain entry the checkpoint vouches for (the head when it was written). */
  @PrimaryColumn('bigint', { transformer: bigintAsNumber })
  seq: number;

  @Column('char', { length: 64 })
  hash: string;

  @Column('timestamptz')
  createdAt: Date;

  /** First 16 hex digits of the SHA-256 of the signing key's public key (DER). */
  @Column('text')
  keyId: string;

  /** Ed25519 signature (base64) of `checkpointMessage(seq, hash, createdAt)`. */
  @Column('text')
  signature: string;
}
