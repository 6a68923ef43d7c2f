/**
 * 复查人独立: whoever verifies a finding (复查) must not belong to the responsible unit or any unit under it. Units
 * carry a materialised path (`/1/5/21/`), so belonging is a path prefix. A verifier with no home unit (null) is
 * outside every unit. Used when a verification is recorded and by rule 1 of the close-out gate.
 */
export function isIndependentVerifier(verifierUnitPath: string | null, responsibleUnitPath: string): boolean {
  return !verifierUnitPath || !verifierUnitPath.startsWith(responsibleUnitPath);
}
