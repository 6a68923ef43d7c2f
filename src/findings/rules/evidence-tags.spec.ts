import { Role } from '../../common/access/roles';
import { EvidenceKind } from '../finding.enums';
import { beforeAfterPairs, evidenceKindsFor } from './evidence-tags';

describe('evidence tags (issue 18, before/after pairs)', () => {
  it('the unit tags 整改前/整改后, the supervision group 复查, the safety office 整改前; all may add documents', () => {
    expect(evidenceKindsFor([Role.UNIT_OFFICER])).toEqual(['BEFORE', 'AFTER', 'DOCUMENT']);
    expect(evidenceKindsFor([Role.UNIT_HEAD])).toEqual(['BEFORE', 'AFTER', 'DOCUMENT']);
    expect(evidenceKindsFor([Role.SUPERVISOR])).toEqual(['REVIEW', 'DOCUMENT']);
    expect(evidenceKindsFor([Role.SUPERVISION_LEADER])).toEqual(['REVIEW', 'DOCUMENT']);
    expect(evidenceKindsFor([Role.SAFETY_OFFICE])).toEqual(['BEFORE', 'DOCUMENT']);
    expect(evidenceKindsFor([Role.SAFETY_OFFICE, Role.SUPERVISOR])).toEqual(['BEFORE', 'REVIEW', 'DOCUMENT']);
  });

  it('a role that uploads nothing may tag nothing', () => {
    expect(evidenceKindsFor([Role.VIEWER])).toEqual([]);
    expect(evidenceKindsFor([Role.REPORTER])).toEqual([]);
  });

  it('pairs the i-th 整改前 with the i-th 整改后 by upload time; 复查 apart; documents left out', () => {
    const p = (id: number, kind: EvidenceKind, day: number) => ({
      id,
      kind,
      uploadedAt: new Date(Date.UTC(2023, 1, day)),
    });
    const { pairs, review } = beforeAfterPairs([
      p(1, EvidenceKind.AFTER, 9),
      p(2, EvidenceKind.BEFORE, 2),
      p(3, EvidenceKind.REVIEW, 12),
      p(4, EvidenceKind.AFTER, 8),
      p(5, EvidenceKind.BEFORE, 1),
      p(6, EvidenceKind.AFTER, 10),
      p(7, EvidenceKind.DOCUMENT, 3),
    ]);
    expect(pairs.map((x) => [x.before?.id ?? null, x.after?.id ?? null])).toEqual([
      [5, 4],
      [2, 1],
      [null, 6],
    ]);
    expect(review.map((r) => r.id)).toEqual([3]);
  });
});
