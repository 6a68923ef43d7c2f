import { EvidenceKind } from '../finding.enums';

/** The summary form's fields, in its order (the order a refusal names them in). */
export const SUMMARY_FIELDS: readonly string[] = ['whatWasDone', 'rootCause', 'evidenceIds'];

export interface SummaryEvidenceFacts {
  /** When the finding's first 五落实 plan (or on-the-spot fix) was recorded: rectification began then. */
  firstPlanAt: Date | null;
  /** The plan in force: an on-the-spot fix (边检查边整改) cites its own evidence. */
  latestPlan: { onTheSpot: boolean; onTheSpotEvidenceIds: number[] } | null;
  /** Every evidence file of the finding (kind and upload time). */
  evidence: { kind: EvidenceKind; uploadedAt: Date }[];
}

/**
 * 整改总结须有证据: a summary asks the supervision group to verify, so it needs something to verify — at least one
 * "after" photo or document attached to the finding since its plan was recorded, or the evidence of an
 * on-the-spot fix. A "before" photo, or anything attached before the plan, shows the problem, not its rectification;
 * the group's own 复查 photos are its check of the work, not the unit's evidence of it.
 */
export function hasRectificationEvidence(f: SummaryEvidenceFacts): boolean {
  if (f.latestPlan?.onTheSpot && f.latestPlan.onTheSpotEvidenceIds.length > 0) return true;
  const since = f.firstPlanAt;
  return f.evidence.some(
    (e) => showsRectification(e.kind) && since !== null && e.uploadedAt.getTime() >= since.getTime(),
  );
}

/**
 * Evidence that shows the rectification: an "after" photo or a document — not a "before" photo (it shows the
 * problem) nor the group's 复查 photo (its check of the work). An on-the-spot fix (边检查边整改) must cite one.
 */
export function showsRectification(kind: EvidenceKind): boolean {
  return kind === EvidenceKind.AFTER || kind === EvidenceKind.DOCUMENT;
}

/** Why an on-the-spot fix's evidence (the kinds of the files it cites, all of this finding) does not do, or null. */
export function onTheSpotEvidenceProblem(kinds: readonly EvidenceKind[]): string | null {
  return kinds.some(showsRectification)
    ? null
    : '须附整改后照片或资料：整改前照片只说明问题 / Cite an after photo or a document: a before photo shows the problem, not its fix';
}
