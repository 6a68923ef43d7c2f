import type { Actor } from '../../common/access/actor';
import type { EvidenceFile } from '../../findings/entities/rectification.entity';
import { EVIDENCE_KIND_LABEL, EvidenceKind } from '../../findings/finding.enums';
import { EvidenceService } from '../../findings/evidence.service';
import { beforeAfterPairs } from '../../findings/rules/evidence-tags';
import type { PdfPhoto, PdfWriter } from '../pdf/pdf-writer';

/** At most this many 整改前 | 整改后 pairs, and this many of the group's 复查 photos, on a close-out sheet. */
const MAX_PAIRS = 3;
const MAX_REVIEW = 3;

type Evidence = Pick<EvidenceFile, 'id' | 'kind' | 'mimeType' | 'caption' | 'uploadedAt' | 'uploadedById'>;

/** "2023-01-06 14:05" in the business time zone. */
function dateTime(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

/**
 * The close-out sheet's photos: 整改前 | 整改后 side by side (the i-th before beside the i-th after, by upload time),
 * then the supervision group's 复查 photos; each captioned with its tag, upload time and uploader. The medium size
 * (≤1280 px JPEG) is printed, not the camera original: the PDF stays small and quick to make. Read once, before
 * both render passes.
 */
export async function closeoutPhotos(
  evidence: EvidenceService,
  actor: Actor,
  findingId: number,
  files: Evidence[],
  names: Map<number, string>,
  timeZone: string,
) {
  // What pdfkit can draw: every photo has a JPEG medium size (a WebP too); a photo sharp cannot read is printed
  // from its original when that is a JPEG or PNG, else drawn as an empty box saying so.
  const images = files.filter((e) => /^image\/(jpeg|png|webp)$/.test(e.mimeType));
  const { pairs, review } = beforeAfterPairs(images);
  const shownPairs = pairs.slice(0, MAX_PAIRS);
  const shownReview = review.slice(0, MAX_REVIEW);
  const load = async (e: Evidence | null): Promise<PdfPhoto | null> =>
    e && {
      image: (await evidence.serve(actor, findingId, e.id, 'medium')).content,
      caption: `${EVIDENCE_KIND_LABEL[e.kind]}\u3000${dateTime(e.uploadedAt, timeZone)}\u3000${names.get(e.uploadedById) ?? ''}${e.caption ? `\n${e.caption}` : ''}`,
    };
  const rows = await Promise.all(shownPairs.map(async (p) => [await load(p.before), await load(p.after)]));
  const reviewPhotos = (await Promise.all(shownReview.map(load))) as PdfPhoto[];
  const printed =
    shownPairs.reduce((n, p) => n + (p.before ? 1 : 0) + (p.after ? 1 : 0), 0) + shownReview.length;
  const all = images.filter((e) => e.kind !== EvidenceKind.DOCUMENT).length;
  return { rows, review: reviewPhotos, notPrinted: all - printed };
}

/** Draws the photo part: the pairs under 整改前 | 整改后, the 复查 photos, and how many more are in the system. */
export function drawCloseoutPhotos(
  pdf: PdfWriter,
  photos: Awaited<ReturnType<typeof closeoutPhotos>>,
  /** templates/pdf/closeout-sheet.json: photosSection, unreadablePhoto, no…Photo, reviewPhotos, morePhotos. */
  w: Record<string, string>,
): void {
  if (!photos.rows.length && !photos.review.length) return;
  // The heading stays with the first row: the 整改前 | 整改后 heads and a pair of photos with their captions.
  pdf.heading(w.photosSection, photos.rows.length ? 250 : 160);
  if (photos.rows.length)
    pdf.photoPairs([EVIDENCE_KIND_LABEL.BEFORE, EVIDENCE_KIND_LABEL.AFTER], photos.rows, w.unreadablePhoto, [
      w.noBeforePhoto,
      w.noAfterPhoto,
    ]);
  if (photos.review.length) {
    pdf.paragraph(w.reviewPhotos, { bold: true, keepWithNext: true });
    pdf.photos(photos.review, 3, w.unreadablePhoto);
  }
  if (photos.notPrinted > 0) pdf.paragraph(w.morePhotos.replace('{n}', String(photos.notPrinted)));
}
