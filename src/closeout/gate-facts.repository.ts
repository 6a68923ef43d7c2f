import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readQuery } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import type { Finding } from '../findings/entities/finding.entity';
import { findingResponsibleJsonSql, linkedFindingsJsonSql } from '../findings/findings.repository';
import {
  lineageNamesJsonSql,
  unitLineageJsonSql,
  unitNamesJsonSql,
  unitPathSql,
} from '../org/units.repository';
import { userDisplayNameSql, userHoldsAnyRoleSql } from '../users/users.repository';
import { ACCOUNTABILITY_ACTION_LABEL, type AccountabilityAction } from './closeout.enums';
import type { GateFacts } from './rules/closeout-gate';

/** The statement's one row: each fact as JSON (pg parses json columns), as the rules read it or close to it. */
export interface GateFactsRow {
  lineage: GateFacts['responsibleLineage'];
  verification: GateFacts['latestVerification'];
  sweeps: GateFacts['sweeps'];
  similar: GateFacts['similarFindings'];
  mechanisms: GateFacts['mechanisms'];
  accountability: {
    kind: 'ACTION' | 'NO_FAULT';
    personName: string | null;
    action: AccountabilityAction | null;
    amountYuan: number | null;
  }[];
  recurrence: {
    earlier: { code: string; responsiblePerson: string; responsibleLeader: string | null };
    unitNames: string[];
  } | null;
  satisfaction: GateFacts['latestSatisfaction'];
}

/**
 * Every fact of the 五个不放过 gate in one statement (issue 22: it took eight, one after another): this module's
 * records (verifications, sweeps, mechanisms, accountability, satisfaction) with the parts other modules own written
 * by their owners — the verifier's name and the satisfaction recorder's roles (users), the similar and the earlier
 * finding (findings), lineages and unit names (org). $1 the finding, $2 its unit, $3 the finding it recurs (or
 * null), $4 the roles whose satisfaction confirmations count.
 */
export const GATE_FACTS_SQL = `SELECT
  ${unitLineageJsonSql('$2::int')} AS lineage,
  (SELECT json_build_object('result', v.result, 'evidenceCount', cardinality(v.evidence_ids),
                            'verifierName', ${userDisplayNameSql('v.verifier_id')},
                            'verifierUnitPath', ${unitPathSql('v.verifier_unit_id')}, 'verifiedOn', v.verified_on)
     FROM verifications v WHERE v.finding_id = $1 ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1) AS verification,
  (SELECT coalesce(json_agg(json_build_object('checkedUnitNames', ${unitNamesJsonSql('s.checked_unit_ids')},
                                              'result', s.result, 'recordedOn', s.swept_on) ORDER BY s.id), '[]')
     FROM sweep_records s WHERE s.finding_id = $1) AS sweeps,
  ${linkedFindingsJsonSql('$1')} AS similar,
  (SELECT coalesce(json_agg(json_build_object('kind', m.kind, 'title', m.title, 'documentNumber', m.document_number)
                            ORDER BY m.id), '[]')
     FROM mechanism_records m WHERE m.finding_id = $1) AS mechanisms,
  (SELECT coalesce(json_agg(json_build_object('kind', a.kind, 'personName', a.person_name, 'action', a.action,
                                              'amountYuan', a.amount_yuan) ORDER BY a.id), '[]')
     FROM accountability_records a WHERE a.finding_id = $1) AS accountability,
  (SELECT json_build_object('earlier', e.j, 'unitNames', ${lineageNamesJsonSql('$2::int', `(e.j->>'unitId')::int`)})
     FROM (SELECT ${findingResponsibleJsonSql('$3::int')} AS j) e WHERE e.j IS NOT NULL) AS recurrence,
  (SELECT json_build_object('satisfied', c.satisfied, 'representatives', c.representatives, 'method', c.method,
                            'confirmedOn', c.confirmed_on)
     FROM satisfaction_confirmations c
    WHERE c.finding_id = $1 AND ${userHoldsAnyRoleSql('c.recorded_by_id', '$4::text[]')}
    ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS satisfaction`;

@Injectable()
export class GateFactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The gate's facts of `f`, inside `tx` when close-out decides on them (the finding locked), else prepared. The
   * satisfaction is the latest recorded by one of `certifiers`.
   */
  async read(
    tx: Tx,
    f: Pick<Finding, 'id' | 'unitId' | 'recurrenceOfId'>,
    certifiers: readonly string[],
  ): Promise<GateFactsRow> {
    const [row] = await readQuery<GateFactsRow & Record<string, unknown>>(
      this.dataSource,
      tx,
      GATE_FACTS_SQL,
      [f.id, f.unitId, f.recurrenceOfId, certifiers],
    );
    return row;
  }
}

/** The row as the rules read it: the accountability's action with its label, the earlier finding's persons. */
export function gateFactsOf(row: GateFactsRow): GateFacts {
  return {
    responsibleLineage: row.lineage,
    latestVerification: row.verification,
    sweeps: row.sweeps,
    similarFindings: row.similar,
    mechanisms: row.mechanisms,
    accountability: row.accountability.map((a) => ({
      kind: a.kind,
      personName: a.personName,
      actionLabel: a.action
        ? `${ACCOUNTABILITY_ACTION_LABEL[a.action]}${a.amountYuan ? ` ${a.amountYuan} 元` : ''}`
        : null,
    })),
    recurrence: row.recurrence && {
      earlierCode: row.recurrence.earlier.code,
      personsToCover: [
        row.recurrence.earlier.responsiblePerson,
        ...(row.recurrence.earlier.responsibleLeader ? [row.recurrence.earlier.responsibleLeader] : []),
      ],
      unitNames: row.recurrence.unitNames,
    },
    latestSatisfaction: row.satisfaction,
  };
}
