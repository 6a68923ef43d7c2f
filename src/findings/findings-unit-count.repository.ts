import { Injectable } from '@nestjs/common';
import type { Tx } from '../common/persistence/transactions';
import { OPEN_STATUSES } from './rules/open-and-overdue';

/** Counts of findings per unit subtree (for the org module's questions about a unit). */
@Injectable()
export class FindingsUnitCountRepository {
  /** Open findings (OPEN_STATUSES) of a unit and every unit below it. */
  async countOpenInSubtree(tx: Tx, unitPath: string): Promise<number> {
    const [{ n }]: { n: number }[] = await tx.query(
      `SELECT count(*)::int AS n FROM findings f JOIN units u ON u.id = f.unit_id WHERE u.path LIKE $1 AND f.status = ANY($2)`,
      [`${unitPath}%`, OPEN_STATUSES],
    );
    return n;
  }
}
