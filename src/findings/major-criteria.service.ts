import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import type { HazardLevel } from './finding.enums';
import { MajorHazardCriteriaRepository } from './major-hazard-criteria.repository';
import { criterionProblems, levelForCriterion } from './rules/major-criterion';

/** Registration's 判定依据 step: the cited clause is checked and forces the level to MAJOR (rules/major-criterion.ts). */
@Injectable()
export class MajorCriteriaService {
  constructor(private readonly criteria: MajorHazardCriteriaRepository) {}

  async apply<T extends { level: HazardLevel; majorCriterionId?: number }>(tx: Tx, dto: T): Promise<T> {
    if (dto.majorCriterionId === undefined || dto.majorCriterionId === null) return dto;
    const problems = criterionProblems(
      dto.majorCriterionId,
      await this.criteria.findById(dto.majorCriterionId, tx),
    );
    if (problems.length) throw validationFailed(problems);
    return { ...dto, level: levelForCriterion(dto.level, true) };
  }
}
