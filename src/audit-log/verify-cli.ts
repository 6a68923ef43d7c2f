import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source';
import { pendingMigrationsMessage, pendingMigrationsOf, startDatabase } from '../database/database-runtime';
import { FindingsRepository } from '../findings/findings.repository';
import { RoundsRepository } from '../rounds/rounds.repository';
import { AuditLogService } from './audit-log.service';
import { ChangeLogRepository } from './change-log.repository';
import { CheckpointSigner, MissingSigningKey } from './checkpoint-signer';
import { CheckpointsRepository } from './checkpoints.repository';
import type { CurrentRow, ReplayMismatch } from './entity-replay';
import { endCommand } from '../database/command-failure';

/** The business tables `--deep` replays: which fields of the row must equal the latest event's `after`. */
interface DeepTarget {
  entityType: string;
  fields: string[];
  batch(afterId: number, limit: number): Promise<Record<string, unknown>[]>;
  toRow(r: Record<string, unknown>): CurrentRow;
}

function deepTargets(ds: DataSource): DeepTarget[] {
  const findings = new FindingsRepository(ds);
  const rounds = new RoundsRepository(ds);
  return [
    {
      entityType: 'Finding',
      fields: ['status', 'deadline', 'unitId', 'level'],
      batch: (after, limit) => findings.auditStates(after, limit),
      toRow: (r) => ({
        id: String(r.id),
        label: String(r.code),
        values: { status: r.status, deadline: r.deadline, unitId: r.unit_id, level: r.level },
      }),
    },
    {
      entityType: 'AuditRound',
      fields: ['status', 'name', 'companyUnitId', 'startDate', 'endDate'],
      batch: (after, limit) => rounds.auditStates(after, limit),
      toRow: (r) => ({
        id: String(r.id),
        label: String(r.name),
        values: {
          status: r.status,
          name: r.name,
          companyUnitId: r.company_unit_id,
          startDate: r.start_date,
          endDate: r.end_date,
        },
      }),
    },
  ];
}

/** Replays every finding and round against its events; returns the mismatches and how many rows were compared. */
async function deepCheck(
  audit: AuditLogService,
  ds: DataSource,
): Promise<{ compared: Record<string, number>; mismatches: ReplayMismatch[] }> {
  const compared: Record<string, number> = {};
  const mismatches: ReplayMismatch[] = [];
  for (const target of deepTargets(ds)) {
    compared[target.entityType] = 0;
    let after = 0;
    for (;;) {
      const batch = await target.batch(after, 2000);
      if (!batch.length) break;
      after = Number(batch[batch.length - 1].id);
      compared[target.entityType] += batch.length;
      mismatches.push(...(await audit.replay(target.entityType, target.fields, batch.map(target.toRow))));
    }
  }
  return { compared, mismatches };
}

/**
 * `npm run audit:verify [-- --deep]`: recomputes the change log's hash chain and checks the signed checkpoints;
 * with --deep also replays each finding's and round's events and compares them with the row as it is now.
 * Exit 0 when everything holds, 1 when something does not (each problem is named), 2 when it could not check (the
 * database unreachable, or its schema behind this version: migrations not run).
 */
async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const deep = process.argv.slice(2).includes('--deep');
  const config = loadConfig(process.env);
  // Connects to the server a running service uses (never stops it); starts its own only when none runs.
  const db = await startDatabase(config, () => undefined, { role: 'command' });
  const ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  try {
    // A schema behind the code has no chain (or not all of it) to check: say so rather than fail on a missing table.
    const pending = await pendingMigrationsOf(ds);
    if (pending.length) {
      process.stderr.write(`Nothing was checked. ${pendingMigrationsMessage(pending)}\n`);
      return 2;
    }
    const audit = new AuditLogService(
      new ChangeLogRepository(ds),
      new CheckpointsRepository(ds),
      CheckpointSigner.forChecking(config),
    );
    const result = await audit.verify().catch((err: unknown) => {
      if (err instanceof MissingSigningKey) return err;
      throw err;
    });
    if (result instanceof MissingSigningKey) {
      process.stderr.write(`Nothing was checked. ${result.message}\n`);
      return 2;
    }
    let code = 0;
    if (result.ok) {
      const cp = result.checkpoints.latest;
      process.stdout.write(
        `Change log intact: ${result.checked} entries, head #${result.head.seq} ${result.head.hash}; ` +
          `${result.checkpoints.checked} signed checkpoint(s) hold${cp ? `, the latest at #${cp.seq}` : ''}\n`,
      );
    } else {
      process.stdout.write(
        `Change log BROKEN at entry #${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} entries verified before it)\n`,
      );
      code = 1;
    }
    if (deep) {
      const { compared, mismatches } = await deepCheck(audit, ds);
      const counts = Object.entries(compared)
        .map(([type, n]) => `${n} ${type}`)
        .join(', ');
      if (mismatches.length === 0) {
        process.stdout.write(`Deep check: ${counts} match their change history\n`);
      } else {
        process.stdout.write(
          `Deep check: ${mismatches.length} mismatch(es) between the tables and the change log (${counts} compared):\n`,
        );
        for (const m of mismatches) process.stdout.write(`  - ${m.message}\n`);
        code = 1;
      }
    }
    return code;
  } finally {
    await ds.destroy();
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => endCommand(err, 2),
);
