import { Injectable } from '@nestjs/common';
import type { Tx } from '../common/persistence/transactions';
import { ExtensionStatus } from './entities/extension-status';
import { FindingSource } from './finding.enums';
import { overdueSql, UNIT_OWES_STATUSES } from './rules/open-and-overdue';

/** What the lateness rule needs of a finding (a Finding has it all). */
export interface LateFinding {
  id: number;
  code: string;
  unitId: number;
  deadline: string;
  responsiblePerson: string;
  source: FindingSource;
}

/** The findings the overdue job looks at (findings and deadline_extensions, read in the job's transaction). */
@Injectable()
export class LatenessRepository {
  /**
   * Findings overdue on `today` (the overdue rule) that the rule assesses: not self-found, and with no extension
   * request waiting for a decision (requests are only taken before the deadline, so a waiting one was made in time).
   */
  overdueToAssess(tx: Tx, today: string): Promise<LateFinding[]> {
    return tx.query(
      `SELECT f.id, f.code, f.unit_id AS "unitId", to_char(f.deadline, 'YYYY-MM-DD') AS deadline,
              f.responsible_person AS "responsiblePerson", f.source
         FROM findings f
        WHERE ${overdueSql('f', '$1', '$2')} AND f.source <> $3
          AND NOT EXISTS (SELECT 1 FROM deadline_extensions e WHERE e.finding_id = f.id AND e.status = $4)
        ORDER BY f.deadline, f.id`,
      [UNIT_OWES_STATUSES, today, FindingSource.SELF_CHECK, ExtensionStatus.PENDING],
    );
  }
}
