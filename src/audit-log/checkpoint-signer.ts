import { Injectable, Logger } from '@nestjs/common';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppConfig, auditSigningKeyFile } from '../config/app-config';

/** The bytes a checkpoint signature covers. */
export function checkpointMessage(seq: number, hash: string, createdAt: Date): Buffer {
  return Buffer.from(`rectify-change-log-checkpoint:v1\n${seq}\n${hash}\n${createdAt.toISOString()}`, 'utf8');
}

/**
 * The Ed25519 key that signs change-log checkpoints. It lives in a file outside the database
 * (AUDIT_SIGNING_KEY_FILE, default `<DATA_DIR>/audit-signing.key`), created with mode 0600 the first time it is
 * needed, so someone who can rewrite the database cannot forge a checkpoint. Loaded lazily: a database without
 * checkpoints verifies without the file.
 */
@Injectable()
export class CheckpointSigner {
  private readonly logger = new Logger('CheckpointSigner');
  private key?: { privateKey: KeyObject; publicKey: KeyObject; keyId: string };

  /** Set by forChecking: a missing key file is an error to report, not a key to create. */
  private checkOnly = false;

  constructor(private readonly config: AppConfig) {}

  /**
   * A signer that only checks (audit:verify, a restore's check of the change log): it never creates a key, since a
   * new key at a mistyped AUDIT_SIGNING_KEY_FILE would be taken for this installation's key from then on.
   */
  static forChecking(config: AppConfig): CheckpointSigner {
    const signer = new CheckpointSigner(config);
    signer.checkOnly = true;
    return signer;
  }

  get file(): string {
    return path.resolve(auditSigningKeyFile(this.config));
  }

  /** Loads the key, creating the file (0600) when it does not exist yet. */
  load(): { keyId: string; created: boolean } {
    if (this.key) return { keyId: this.key.keyId, created: false };
    const file = this.file;
    let created = false;
    if (!existsSync(file)) {
      if (this.checkOnly)
        throw new MissingSigningKey(
          `No change-log signing key at ${file}: the signed checkpoints cannot be checked (no key was created). ` +
            'Set AUDIT_SIGNING_KEY_FILE to the key that signed them.',
        );
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
      try {
        writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
        created = true;
      } catch (err) {
        // Another process created it at the same moment: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error(`${file}: the change-log signing key must be an Ed25519 private key (PKCS#8 PEM)`);
    const publicKey = createPublicKey(privateKey);
    const keyId = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 16);
    this.key = { privateKey, publicKey, keyId };
    if (created)
      this.logger.warn(
        `Created the change-log signing key ${file} (key id ${keyId}). Keep a copy apart from the database backups: checkpoints signed with it verify only with it.`,
      );
    return { keyId, created };
  }

  keyId(): string {
    return this.load().keyId;
  }

  sign(seq: number, hash: string, createdAt: Date): string {
    this.load();
    return sign(null, checkpointMessage(seq, hash, createdAt), this.key!.privateKey).toString('base64');
  }

  verify(seq: number, hash: string, createdAt: Date, signature: string): boolean {
    this.load();
    return verify(
      null,
      checkpointMessage(seq, hash, createdAt),
      this.key!.publicKey,
      Buffer.from(signature, 'base64'),
    );
  }
}

/** A check needed the signing key and its file does not exist. */
export class MissingSigningKey extends Error {}
