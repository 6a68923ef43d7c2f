import { EvidenceKind } from '../finding.enums';
import { hasRectificationEvidence, onTheSpotEvidenceProblem, showsRectification } from './summary-evidence';

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

  it('a summary needs an after photo or document uploaded since the first plan, or the on-the-spot fix’s evidence', () => {
    const plan = new Date('2023-03-01T02:00:00Z');
    const at = (iso: string, kind: EvidenceKind) => ({ kind, uploadedAt: new Date(iso) });
    const facts = (evidence: { kind: EvidenceKind; uploadedAt: Date }[]) => ({
      firstPlanAt: plan,
      latestPlan: { onTheSpot: false, onTheSpotEvidenceIds: [] },
      evidence,
    });
    expect(hasRectificationEvidence(facts([at('2023-03-02T00:00:00Z', EvidenceKind.AFTER)]))).toBe(true);
    expect(hasRectificationEvidence(facts([at('2023-02-28T00:00:00Z', EvidenceKind.AFTER)]))).toBe(false);
    expect(hasRectificationEvidence(facts([at('2023-03-02T00:00:00Z', EvidenceKind.BEFORE)]))).toBe(false);
    expect(hasRectificationEvidence(facts([at('2023-03-02T00:00:00Z', EvidenceKind.REVIEW)]))).toBe(false);
    expect(
      hasRectificationEvidence({ ...facts([]), latestPlan: { onTheSpot: true, onTheSpotEvidenceIds: [7] } }),
    ).toBe(true);
  });
});
