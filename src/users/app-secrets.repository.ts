import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Secrets the service generates for itself and shares between instances (app_secrets). */
@Injectable()
export class AppSecretsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The stored secret `name`; `candidate` is stored first when there is none yet (the first instance wins). */
  async getOrCreate(name: string, candidate: string): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, candidate],
    );
    const [row]: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM app_secrets WHERE name = $1`,
      [name],
    );
    return row.value;
  }
}
