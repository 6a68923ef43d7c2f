import { Injectable } from '@nestjs/common';
import { DataSource, type EntityMetadata, type EntityTarget } from 'typeorm';
import type { UnitScope } from '../common/access/unit-scope';
import {
  entityArrayJsonSql,
  entityArrayReviver,
  entityJsonSql,
  entityReviver,
} from '../common/persistence/entity-json';
import { preparedQuery } from '../common/persistence/prepared';
import { Finding } from './entities/finding.entity';
import {
  DeadlineExtension,
  EvidenceFile,
  ProgressNote,
  RectificationPlan,
  RectificationSummary,
} from './entities/rectification.entity';
import type { SimilarFindingRow } from './findings.repository';
import { similarIdsSql } from './findings.repository';
import type { RectificationRecords } from './rectification.repository';

/** A finding with everything its detail shows, as one consistent read. */
export interface FindingDetailRecord extends RectificationRecords {
  finding: Finding;
  round: { id: number; name: string; domain: string; kind: string };
  unit: { id: number; code: string; name: string };
  recurrenceOf: { id: number; code: string; description: string; closedAt: Date | null } | null;
  similar: SimilarFindingRow[];
}

/** The statement's one row (pg parses `similar`, a json column; the entities' JSON stays text until parsed). */
export interface FindingDetailRow {
  finding: string;
  unit_code: string;
  unit_name: string;
  round_name: string;
  round_domain: string;
  round_kind: string;
  rec_id: number | null;
  rec_code: string;
  rec_description: string;
  rec_closed_at: Date | null;
  plans: string;
  progress: string;
  summaries: string;
  evidence: string;
  extensions: string;
  similar: SimilarFindingRow[];
}

type MetadataOf = (entity: EntityTarget<unknown>) => EntityMetadata;

/**
 * The finding's detail in one prepared statement (issue 22): the finding, its round's and unit's names (read-only
 * joins, as the list's), the finding it recurs, its rectification records (each table written as JSON by PostgreSQL
 * in the entity's shape, `common/persistence/entity-json.ts`) and its similar findings inside the scope. Before, nine
 * statements on as many connections; now one snapshot, so the parts cannot disagree with each other either.
 */
@Injectable()
export class FindingDetailRepository {
  private statements = new Map<boolean, string>();
  private rows?: (row: FindingDetailRow) => FindingDetailRecord;

  constructor(private readonly dataSource: DataSource) {}

  /** The detail of finding `id` if its unit lies inside `scope`, else null. */
  async read(scope: UnitScope, id: number): Promise<FindingDetailRecord | null> {
    const metadataOf: MetadataOf = (entity) => this.dataSource.getMetadata(entity);
    // The statement's text depends only on whether the scope limits anything (its pattern is a parameter).
    const key = scope.isOrganisationWide;
    if (!this.statements.has(key)) this.statements.set(key, findingDetailStatement(metadataOf, scope));
    const [row] = await preparedQuery<FindingDetailRow>(this.dataSource, this.statements.get(key)!, [
      id,
      ...scope.sqlCondition('u.path', 2).params,
    ]);
    return row ? (this.rows ??= findingDetailOfRow(metadataOf))(row) : null;
  }
}

/** SQL: $1 the finding; $2 the scope's LIKE pattern if it limits (the finding's and each similar finding's unit). */
export function findingDetailStatement(metadataOf: MetadataOf, scope: UnitScope): string {
  const records = (entity: EntityTarget<unknown>, orderBy: string) =>
    entityArrayJsonSql(
      metadataOf(entity),
      'x',
      `FROM ${metadataOf(entity).tableName} x WHERE x.finding_id = f.id`,
      orderBy,
    );
  const inScope = (path: string) => scope.sqlCondition(path, 2).sql;
  return `SELECT ${entityJsonSql(metadataOf(Finding), 'f')} AS finding,
       u.code AS unit_code, u.name AS unit_name, r.name AS round_name, r.domain AS round_domain, r.kind AS round_kind,
       p.id AS rec_id, p.code AS rec_code, p.description AS rec_description, p.closed_at AS rec_closed_at,
       ${records(RectificationPlan, 'x.revision DESC')} AS plans,
       ${records(ProgressNote, 'x.created_at')} AS progress,
       ${records(RectificationSummary, 'x.submitted_at')} AS summaries,
       ${records(EvidenceFile, 'x.uploaded_at')} AS evidence,
       ${records(DeadlineExtension, 'x.requested_at')} AS extensions,
       coalesce((SELECT json_agg(json_build_object('id', o.id, 'code', o.code, 'description', o.description,
                                                   'status', o.status, 'unitName', ou.name) ORDER BY o.code)
                   FROM findings o JOIN units ou ON ou.id = o.unit_id
                  WHERE o.id IN (${similarIdsSql('f.id')})${inScope('ou.path')}), '[]') AS similar
  FROM findings f JOIN units u ON u.id = f.unit_id JOIN rounds r ON r.id = f.round_id
  LEFT JOIN findings p ON p.id = f.recurrence_of_id
 WHERE f.id = $1${inScope('u.path')}`;
}

/** Turns the statement's row into the records: each entity's JSON parsed, its timestamps made Dates again. */
export function findingDetailOfRow(metadataOf: MetadataOf): (row: FindingDetailRow) => FindingDetailRecord {
  const finding = entityReviver<Finding>(metadataOf(Finding));
  const plans = entityArrayReviver<RectificationPlan>(metadataOf(RectificationPlan));
  const progress = entityArrayReviver<ProgressNote>(metadataOf(ProgressNote));
  const summaries = entityArrayReviver<RectificationSummary>(metadataOf(RectificationSummary));
  const evidence = entityArrayReviver<EvidenceFile>(metadataOf(EvidenceFile));
  const extensions = entityArrayReviver<DeadlineExtension>(metadataOf(DeadlineExtension));
  return (row) => {
    const f = finding(JSON.parse(row.finding) as Record<string, unknown>);
    return {
      finding: f,
      round: { id: f.roundId, name: row.round_name, domain: row.round_domain, kind: row.round_kind },
      unit: { id: f.unitId, code: row.unit_code, name: row.unit_name },
      recurrenceOf:
        row.rec_id === null
          ? null
          : {
              id: row.rec_id,
              code: row.rec_code,
              description: row.rec_description,
              closedAt: row.rec_closed_at,
            },
      plans: plans(row.plans),
      progress: progress(row.progress),
      summaries: summaries(row.summaries),
      evidence: evidence(row.evidence),
      extensions: extensions(row.extensions),
      similar: row.similar,
    };
  };
}
