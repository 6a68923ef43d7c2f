import { sharp } from '../common/libraries/on-first-use';
import { EvidenceKind } from '../findings/finding.enums';

/**
 * Stand-in camera photos for the demo (800 × 600 JPEG, drawn once per process): a 整改前 scene with a leaking,
 * unguarded pipe and warning stripes, a tidy 整改后 one with the guard in place, a 复查 one with a checkmark.
 * Shapes only — no text, so nothing depends on the fonts of the machine.
 */
const SCENES: Partial<Record<EvidenceKind, string>> = {
  [EvidenceKind.BEFORE]: `
    <rect width="800" height="600" fill="#6b6f73"/><rect y="420" width="800" height="180" fill="#4a4d50"/>
    <rect x="60" y="240" width="680" height="60" fill="#9aa1a6"/><circle cx="430" cy="300" r="26" fill="#3b3b3b"/>
    <path d="M430 326 C 420 380, 445 420, 430 470" stroke="#2f6fb0" stroke-width="14" fill="none"/>
    <ellipse cx="430" cy="490" rx="120" ry="22" fill="#2f6fb0" opacity="0.7"/>
    <g fill="#f2c200">${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `<polygon points="${i * 100},560 ${i * 100 + 50},560 ${i * 100 + 90},600 ${i * 100 + 40},600"/>`).join('')}</g>
    <polygon points="600,60 690,210 510,210" fill="#f2c200" stroke="#222" stroke-width="8"/>
    <rect x="594" y="105" width="12" height="60" fill="#222"/><rect x="594" y="178" width="12" height="14" fill="#222"/>`,
  [EvidenceKind.AFTER]: `
    <rect width="800" height="600" fill="#7d8a86"/><rect y="420" width="800" height="180" fill="#5b6662"/>
    <rect x="60" y="240" width="680" height="60" fill="#b9c2c6"/><rect x="380" y="225" width="100" height="90" rx="8" fill="#1f7a3d"/>
    <rect x="60" y="330" width="680" height="14" fill="#e0b000"/><rect x="60" y="380" width="680" height="14" fill="#e0b000"/>
    ${[80, 240, 400, 560, 720].map((x) => `<rect x="${x}" y="320" width="14" height="100" fill="#e0b000"/>`).join('')}
    <circle cx="650" cy="120" r="70" fill="#1f7a3d"/>
    <path d="M615 120 L645 150 L690 95" stroke="#fff" stroke-width="16" fill="none"/>`,
  [EvidenceKind.REVIEW]: `
    <rect width="800" height="600" fill="#8a9490"/><rect x="180" y="120" width="440" height="380" rx="16" fill="#f5f5f0"/>
    ${[190, 260, 330, 400].map((y) => `<rect x="300" y="${y}" width="260" height="18" fill="#b8bcc0"/><path d="M225 ${y + 10} L245 ${y + 28} L275 ${y - 6}" stroke="#1f7a3d" stroke-width="10" fill="none"/>`).join('')}`,
};
const made = new Map<EvidenceKind, Promise<Buffer>>();

/** The demo photo of a kind (a JPEG), or null for a kind without one (documents use the 1×1 stand-in). */
export function demoPhoto(kind: EvidenceKind): Promise<Buffer> | null {
  const scene = SCENES[kind];
  if (!scene) return null;
  if (!made.has(kind))
    made.set(
      kind,
      sharp()(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">${scene}</svg>`))
        .jpeg({ quality: 80 })
        .toBuffer(),
    );
  return made.get(kind)!;
}
