import { type Actor } from '../../common/access/actor';
import { hashVersion } from '../../common/http/file-by-hash';
import { type EvidenceFile } from '../../findings/entities/rectification.entity';
import { EVIDENCE_KIND_LABEL, EvidenceKind } from '../../findings/finding.enums';
import { beforeAfterPairs, evidenceKindsFor } from '../../findings/rules/evidence-tags';
import { UsersService } from '../../users/users.service';

/** One evidence file as the finding page shows it: addresses by hash (cached for a year), uploader's name. */
export interface PagePhoto {
  id: number;
  kind: EvidenceKind;
  kindLabel: string;
  fileName: string;
  caption: string | null;
  uploadedAt: Date;
  uploader: string;
  /** The 320 px thumbnail, the 1280 px size (what a tap opens) and the original, each with `v=` its hash. */
  thumb: string;
  medium: string;
  original: string;
}

/**
 * The finding page's evidence: photos as 整改前 | 整改后 pairs, the group's 复查 photos, other photos (tagged as
 * documents), and the files that are not photos; plus the tags the user may choose in the upload form.
 */
export async function evidencePhotos(
  users: UsersService,
  actor: Actor,
  evidence: Pick<
    EvidenceFile,
    | 'id'
    | 'findingId'
    | 'kind'
    | 'fileName'
    | 'mimeType'
    | 'sha256'
    | 'caption'
    | 'uploadedAt'
    | 'uploadedById'
  >[],
) {
  const names = await users.displayNames(evidence.map((e) => e.uploadedById));
  const shown = (e: (typeof evidence)[number]): PagePhoto => {
    const base = `/findings/${e.findingId}/evidence/${e.id}?v=${hashVersion(e.sha256)}`;
    return {
      id: e.id,
      kind: e.kind,
      kindLabel: EVIDENCE_KIND_LABEL[e.kind],
      fileName: e.fileName,
      caption: e.caption,
      uploadedAt: e.uploadedAt,
      uploader: names.get(e.uploadedById) ?? '',
      thumb: `${base}&size=thumb`,
      medium: `${base}&size=medium`,
      original: base,
    };
  };
  const images = evidence.filter((e) => /^image\/(jpeg|png|webp)$/.test(e.mimeType)).map(shown);
  const { pairs, review } = beforeAfterPairs(images);
  return {
    pairs,
    review,
    otherImages: images.filter((p) => p.kind === EvidenceKind.DOCUMENT),
    files: evidence.filter((e) => !/^image\//.test(e.mimeType)).map(shown),
    kinds: evidenceKindsFor(actor.roles).map((k) => ({ value: k, label: EVIDENCE_KIND_LABEL[k] })),
  };
}
