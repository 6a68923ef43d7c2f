import { Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { AppSecretsRepository } from '../users/app-secrets.repository';

/**
 * The access-token signing key: JWT_SECRET if set, otherwise one generated on first use and stored in the
 * database, so every instance behind a load balancer signs and verifies with the same key without configuration.
 * Loaded lazily, so an instance whose migrations are pending still starts and reports it on /health.
 */
@Injectable()
export class TokenKeyService {
  private key?: Promise<KeyObject>;

  constructor(
    private readonly secrets: AppSecretsRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * The key as a KeyObject: given a plain string, jsonwebtoken first tries to parse it as a public key on every
   * verification (measured at up to 20% of the service's CPU), so it is converted once here.
   */
  get(): Promise<KeyObject> {
    this.key ??= (this.config.JWT_SECRET ? Promise.resolve(this.config.JWT_SECRET) : this.load())
      .then((secret) => createSecretKey(Buffer.from(secret, 'utf8')))
      .catch((err: unknown) => {
        this.key = undefined;
        throw err;
      });
    return this.key;
  }

  private load(): Promise<string> {
    return this.secrets.getOrCreate('jwt', randomBytes(48).toString('base64url'));
  }
}
