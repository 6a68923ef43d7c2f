import { EvidenceKind } from '../finding.enums';
import { hasRectificationEvidence, onTheSpotEvidenceProblem, showsRectification } from './summary-evidence';

const plan = new Date('2023-02-16T02:00:00Z');
const before = new Date('2023-02-15T02:00:00Z');
const after = new Date('2023-03-10T02:00:00Z');
const planned = { onTheSpot: false, onTheSpotEvidenceIds: [] };
/** Whether one file of the given kind, attached at `at`, is evidence of the (planned, not on-the-spot) fix. */
const accepted = (kind: EvidenceKind, at = after) =>
  hasRectificationEvidence({ firstPlanAt: plan, latestPlan: planned, evidence: [{ kind, uploadedAt: at }] });

describe('rectification summary evidence (issue 16, 4)', () => {
  it('accepts an "after" photo or a document attached since the plan', () => {
    for (const kind of [EvidenceKind.AFTER, EvidenceKind.DOCUMENT]) expect(accepted(kind)).toBe(true);
  });

  it('refuses no evidence, only "before" or the group\'s 复查 photos, or evidence attached before the plan', () => {
    expect(hasRectificationEvidence({ firstPlanAt: plan, latestPlan: planned, evidence: [] })).toBe(false);
    for (const kind of [EvidenceKind.BEFORE, EvidenceKind.REVIEW]) expect(accepted(kind)).toBe(false);
    expect(accepted(EvidenceKind.AFTER, before)).toBe(false);
  });

  it('accepts the evidence of an on-the-spot fix, whenever it was attached', () => {
    expect(
      hasRectificationEvidence({
        firstPlanAt: plan,
        latestPlan: { onTheSpot: true, onTheSpotEvidenceIds: [7] },
        evidence: [{ kind: EvidenceKind.BEFORE, uploadedAt: before }],
      }),
    ).toBe(true);
  });
});

describe('what shows a rectification', () => {
  it('an after photo or a document does; a before photo or the group’s 复查 photo does not', () => {
    expect(Object.values(EvidenceKind).filter(showsRectification)).toEqual([
      EvidenceKind.AFTER,
      EvidenceKind.DOCUMENT,
    ]);
  });

  it('an on-the-spot fix needs one such file among those it cites', () => {
    expect(onTheSpotEvidenceProblem([EvidenceKind.BEFORE])).toMatch(/整改前照片只说明问题/);
    expect(onTheSpotEvidenceProblem([EvidenceKind.REVIEW, EvidenceKind.BEFORE])).not.toBeNull();
    expect(onTheSpotEvidenceProblem([EvidenceKind.BEFORE, EvidenceKind.AFTER])).toBeNull();
    expect(onTheSpotEvidenceProblem([EvidenceKind.DOCUMENT])).toBeNull();
  });
});
