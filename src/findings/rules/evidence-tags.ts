import { Role, SUPERVISION_ROLES, UNIT_ROLES } from '../../common/access/roles';
import { EvidenceKind } from '../finding.enums';

/**
 * Who may tag evidence how: the responsible unit photographs the hazard and its rectification (整改前 / 整改后), the
 * supervision group its re-inspection (复查); the safety office, which logs findings from its inspections, may add
 * the 整改前 photo it took. Anyone who may upload may add a document (文件资料).
 */
const TAGS_OF_ROLE: Partial<Record<Role, EvidenceKind[]>> = {
  ...Object.fromEntries(UNIT_ROLES.map((r) => [r, [EvidenceKind.BEFORE, EvidenceKind.AFTER]])),
  ...Object.fromEntries(SUPERVISION_ROLES.map((r) => [r, [EvidenceKind.REVIEW]])),
  [Role.SAFETY_OFFICE]: [EvidenceKind.BEFORE],
};

/** The tags a user with these roles may give an evidence file, in the order forms offer them. */
export function evidenceKindsFor(roles: readonly Role[]): EvidenceKind[] {
  const allowed = new Set<EvidenceKind>(roles.flatMap((r) => TAGS_OF_ROLE[r] ?? []));
  if (allowed.size) allowed.add(EvidenceKind.DOCUMENT);
  return Object.values(EvidenceKind).filter((k) => allowed.has(k));
}

/** Photos are shown and printed as pairs: the i-th 整改前 beside the i-th 整改后 (by upload time), 复查 apart. */
export function beforeAfterPairs<T extends { kind: EvidenceKind; uploadedAt: Date | string }>(
  photos: T[],
): { pairs: { before: T | null; after: T | null }[]; review: T[] } {
  const byTime = (a: T, b: T) => new Date(a.uploadedAt).getTime() - new Date(b.uploadedAt).getTime();
  const of = (k: EvidenceKind) => photos.filter((p) => p.kind === k).sort(byTime);
  const before = of(EvidenceKind.BEFORE);
  const after = of(EvidenceKind.AFTER);
  const pairs = Array.from({ length: Math.max(before.length, after.length) }, (_, i) => ({
    before: before[i] ?? null,
    after: after[i] ?? null,
  }));
  return { pairs, review: of(EvidenceKind.REVIEW) };
}
