import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UnitScope } from '../common/access/unit-scope';
import { preparedQuery, preparedStatement } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import type { Finding } from '../findings/entities/finding.entity';
import type { FindingStatus } from '../findings/finding.enums';
import {
  findingInScopeSql,
  findingResponsibleJsonSql,
  linkedFindingsJsonSql,
} from '../findings/findings.repository';
import {
  lineageNamesJsonSql,
  unitLineageJsonSql,
  unitNamesJsonSql,
  unitPathSql,
} from '../org/units.repository';
import { userDisplayNameSql, userHoldsAnyRoleSql } from '../users/users.repository';
import { ACCOUNTABILITY_ACTION_LABEL, type AccountabilityAction } from './closeout.enums';
import type { CloseoutRecord } from './closeout.entities';
import { canCloseNow, evaluateGate, type GateFacts } from './rules/closeout-gate';

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

/** Where the gate's statement takes the finding's facts from: SQL expressions (parameters or a row's columns). */
interface GateFactsOf {
  finding: string;
  unit: string;
  /** The finding it recurs, or null. */
  earlier: string;
  /** The roles whose satisfaction confirmations count (a text[]). */
  certifiers: string;
}

/**
 * Every fact of the 五个不放过 gate as the columns of one statement (issue 22: it took eight, one after another): this
 * module's records (verifications, sweeps, mechanisms, accountability, satisfaction) with the parts other modules own
 * written by their owners — the verifier's name and the satisfaction recorder's roles (users), the similar and the
 * earlier finding (findings), lineages and unit names (org).
 */
const gateFactsColumns = (x: GateFactsOf) => `
  ${unitLineageJsonSql(x.unit)} AS lineage,
  (SELECT json_build_object('result', v.result, 'evidenceCount', cardinality(v.evidence_ids),
                            'verifierName', ${userDisplayNameSql('v.verifier_id')},
                            'verifierUnitPath', ${unitPathSql('v.verifier_unit_id')}, 'verifiedOn', v.verified_on)
     FROM verifications v WHERE v.finding_id = ${x.finding} ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1) AS verification,
  (SELECT coalesce(json_agg(json_build_object('checkedUnitNames', ${unitNamesJsonSql('s.checked_unit_ids')},
                                              'result', s.result, 'recordedOn', s.swept_on) ORDER BY s.id), '[]')
     FROM sweep_records s WHERE s.finding_id = ${x.finding}) AS sweeps,
  ${linkedFindingsJsonSql(x.finding)} AS similar,
  (SELECT coalesce(json_agg(json_build_object('kind', m.kind, 'title', m.title, 'documentNumber', m.document_number)
                            ORDER BY m.id), '[]')
     FROM mechanism_records m WHERE m.finding_id = ${x.finding}) AS mechanisms,
  (SELECT coalesce(json_agg(json_build_object('kind', a.kind, 'personName', a.person_name, 'action', a.action,
                                              'amountYuan', a.amount_yuan) ORDER BY a.id), '[]')
     FROM accountability_records a WHERE a.finding_id = ${x.finding}) AS accountability,
  (SELECT json_build_object('earlier', e.j, 'unitNames', ${lineageNamesJsonSql(x.unit, `(e.j->>'unitId')::int`)})
     FROM (SELECT ${findingResponsibleJsonSql(x.earlier)} AS j) e WHERE e.j IS NOT NULL) AS recurrence,
  (SELECT json_build_object('satisfied', c.satisfied, 'representatives', c.representatives, 'method', c.method,
                            'confirmedOn', c.confirmed_on)
     FROM satisfaction_confirmations c
    WHERE c.finding_id = ${x.finding} AND ${userHoldsAnyRoleSql('c.recorded_by_id', x.certifiers)}
    ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS satisfaction`;

/**
 * The gate's facts of a finding already read (close-out decides on them in its transaction, the finding locked):
 * $1 the finding, $2 its unit, $3 the finding it recurs (or null), $4 the roles whose confirmations count.
 */
export const GATE_FACTS_SQL = `SELECT ${gateFactsColumns({
  finding: '$1',
  unit: '$2::int',
  earlier: '$3::int',
  certifiers: '$4::text[]',
})}`;

/**
 * The gate as `GET …/closeout` reads it, in one statement (issue 22: two before — the finding in scope, then its
 * facts): the finding if it lies inside the scope (no row otherwise), its close-out record when closed, and the facts.
 * $1 the finding, $2 the roles whose confirmations count, [$3 the scope's LIKE pattern when it limits].
 */
export const gateInScopeSql = (scope: UnitScope) => `SELECT g.id, g.code, g.status,
  CASE WHEN g.status = 'CLOSED' THEN
    (SELECT json_build_object('closedAt', r.closed_at, 'closedByName', r.closed_by_name, 'rules', r.rules)
       FROM closeouts r WHERE r.finding_id = g.id LIMIT 1) END AS closeout,
  ${gateFactsColumns({ finding: 'g.id', unit: 'g.unit_id', earlier: 'g.recurrence_of_id', certifiers: '$2::text[]' })}
  FROM (${findingInScopeSql(scope, '$1', 3)}) g`;

/** A row of `gateInScopeSql`: the finding, its close-out record if closed, the facts. */
export interface GateInScopeRow extends GateFactsRow {
  id: number;
  code: string;
  status: FindingStatus;
  unit_id: number;
  /** The close-out record (the rules as they stood at close-out) of a closed finding, else null. */
  closeout: { closedAt: string; closedByName: string; rules: CloseoutRecord['rules'] } | null;
}

@Injectable()
export class GateFactsRepository {
  /** The statement's text per scope shape (organisation-wide or a subtree: its pattern is a parameter). */
  private readonly inScopeText = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The gate's facts of `f`, inside `tx` when close-out decides on them (the finding locked), prepared either way. The
   * satisfaction is the latest recorded by one of `certifiers`.
   */
  async read(
    tx: Tx,
    f: Pick<Finding, 'id' | 'unitId' | 'recurrenceOfId'>,
    certifiers: readonly string[],
  ): Promise<GateFactsRow> {
    const {
      rows: [row],
    } = await preparedStatement<GateFactsRow & Record<string, unknown>>(tx, GATE_FACTS_SQL, [
      f.id,
      f.unitId,
      f.recurrenceOfId,
      certifiers,
    ]);
    return row;
  }

  /** The gate of finding `id` as `GET …/closeout` reads it, or null when it is not inside `scope`. */
  async readInScope(
    scope: UnitScope,
    id: number,
    certifiers: readonly string[],
  ): Promise<GateInScopeRow | null> {
    let text = this.inScopeText.get(scope.queryShape);
    if (text === undefined) this.inScopeText.set(scope.queryShape, (text = gateInScopeSql(scope)));
    const [row] = await preparedQuery<GateInScopeRow & Record<string, unknown>>(this.dataSource, text, [
      id,
      certifiers,
      ...scope.sqlCondition('', 3).params,
    ]);
    return row ?? null;
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

/**
 * The answer of `GET …/closeout` from its row: a closed finding's rules as they stood at close-out (not as later links
 * would make them), else the rules evaluated now.
 */
export function gateAnswerOf(g: GateInScopeRow, scope: UnitScope) {
  if (g.closeout)
    return {
      findingId: g.id,
      code: g.code,
      status: g.status,
      canClose: false,
      closedAt: new Date(g.closeout.closedAt),
      closedBy: g.closeout.closedByName,
      asOfCloseout: true,
      rules: g.closeout.rules,
    };
  const rules = evaluateGate(gateFactsOf(g), (path) => scope.includesPath(path));
  return { findingId: g.id, code: g.code, status: g.status, canClose: canCloseNow(g.status, rules), rules };
}
