import { CloseoutRefusal } from './entities/closeout-refusal.entity';
import { EvidenceRendition } from './entities/evidence-rendition.entity';
import { Finding, FindingCodeCounter, FindingSimilarLink } from './entities/finding.entity';
import { MajorHazardCriterion } from './entities/major-hazard-criterion.entity';
import {
  DeadlineExtension,
  EvidenceFile,
  FindingImport,
  ProgressNote,
  RectificationPlan,
  RectificationSummary,
} from './entities/rectification.entity';

/** The tables the findings module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const FINDINGS_TABLES: Function[] = [
  Finding,
  FindingSimilarLink,
  FindingCodeCounter,
  RectificationPlan,
  ProgressNote,
  RectificationSummary,
  EvidenceFile,
  EvidenceRendition,
  DeadlineExtension,
  FindingImport,
  CloseoutRefusal,
  MajorHazardCriterion,
];
