import { DomainError } from '../errors/domain-error';
import { sharp } from '../libraries/on-first-use';
import type { UploadedFile } from './file-type';

/**
 * The sizes made of an uploaded photo (the original is kept as uploaded). With a 2× screen a 150 px thumbnail
 * needs about 300 px; the medium size is sharp enough for a printed A4 sheet (a photo half the page wide at about
 * 200 dpi) and for viewing on a phone, at a small fraction of a camera original.
 */
export const IMAGE_SIZES = {
  thumb: { maxSide: 320, quality: 72 },
  medium: { maxSide: 1280, quality: 80 },
} as const;
export type ImageSize = keyof typeof IMAGE_SIZES;
export const IMAGE_SIZE_NAMES = Object.keys(IMAGE_SIZES) as ImageSize[];
/** What a stored photo is served as: the original upload or one of its sizes. */
export type EvidenceSize = 'original' | ImageSize;

/** The photo types sizes are made of (what the upload check accepts as photos). */
export const RESIZABLE = /^image\/(jpeg|png|webp)$/;

export interface ResizedImage {
  size: ImageSize;
  mimeType: 'image/jpeg';
  width: number;
  height: number;
  content: Buffer;
}

/**
 * Makes the thumbnail and the medium size of a photo with sharp (libvips): turned upright by its EXIF orientation,
 * fitted inside the size's square without enlarging, flattened onto white (a PNG's transparency), JPEG without
 * metadata (no GPS position leaks from the small copies). The input's pixel count is capped to refuse
 * decompression bombs; `failOn: 'error'` makes a truncated file an error (else libvips fills in the missing rows).
 * Throws sharp's error when the bytes cannot be decoded.
 */
async function makeSizes(original: Buffer, sizes: readonly ImageSize[]): Promise<ResizedImage[]> {
  const out: ResizedImage[] = [];
  for (const size of sizes) {
    const { maxSide, quality } = IMAGE_SIZES[size];
    const { data, info } = await sharp()(original, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality })
      .toBuffer({ resolveWithObject: true });
    out.push({ size, mimeType: 'image/jpeg', width: info.width, height: info.height, content: data });
  }
  return out;
}

/** The sizes of a photo stored before sizes were made on upload; [] when its bytes cannot be decoded. */
export async function resizeImage(original: Buffer, sizes: readonly ImageSize[] = IMAGE_SIZE_NAMES) {
  try {
    return await makeSizes(original, sizes);
  } catch {
    return [];
  }
}

/**
 * The sizes of an uploaded photo, made before it is stored; [] for a document. Making them decodes the whole
 * photo (metadata() reads only the header, so a truncated file passes it), so a photo that cannot be decoded is
 * refused here — 400 IMAGE_UNREADABLE on `file` — rather than stored and served broken in place of its sizes.
 */
export async function sizesOfUpload(
  mimeType: string,
  original: Buffer,
  sizes: readonly ImageSize[] = IMAGE_SIZE_NAMES,
): Promise<ResizedImage[]> {
  if (!RESIZABLE.test(mimeType)) return [];
  sharp(); // loaded outside the try: a library that fails to load is the service's fault (500), not the photo's
  try {
    return await makeSizes(original, sizes);
  } catch (err) {
    throw /pixel limit/i.test(String(err)) ? tooManyPixels() : unreadableImage();
  }
}

/**
 * A file the service kept earlier in another record (an inspection's photo) and now copies into a finding's evidence,
 * with the sizes made of it. They are made leniently: a photo kept before uploads were decoded (758b51c) may not
 * decode, and refusing it at the copy would leave the inspection unsignable with nothing the inspector could change.
 * Such a photo is copied without sizes and served as its original, like a photo stored before sizes were made.
 */
export interface KeptFile extends UploadedFile {
  sizes: ResizedImage[];
}

export async function keptFile(file: UploadedFile, mimeType: string): Promise<KeptFile> {
  return { ...file, sizes: RESIZABLE.test(mimeType) ? await resizeImage(file.buffer) : [] };
}

export const isKeptFile = (file: UploadedFile): file is KeptFile => Array.isArray((file as KeptFile).sizes);

/**
 * Refuses an uploaded photo that cannot be decoded, for a route that keeps no sizes (inspection photos, a
 * 重要危险源's documents): decoded whole through the thumbnail alone, the cheapest way (a JPEG is read at 1/8 scale).
 */
export async function assertPhotoReadable(mimeType: string, original: Buffer): Promise<void> {
  await sizesOfUpload(mimeType, original, ['thumb']);
}

/** Pixels a photo may have (1 亿): a 12–50 MP camera photo passes; a decompression bomb does not. */
const MAX_INPUT_PIXELS = 100_000_000;

const unreadableImage = () =>
  new DomainError(
    'BAD_REQUEST',
    'IMAGE_UNREADABLE',
    '图片已损坏或不完整，无法读取，请重新拍摄或选择原图 / The image is damaged or incomplete and cannot be read; take it again or choose the original',
    [{ field: 'file', messages: ['图片已损坏或不完整 / The image is damaged or incomplete'] }],
  );

const tooManyPixels = () =>
  new DomainError(
    'BAD_REQUEST',
    'IMAGE_TOO_MANY_PIXELS',
    '图片像素过多（超过 1 亿像素），请缩小后上传 / The image has more than 100 megapixels; make it smaller',
    [{ field: 'file', messages: ['图片像素过多 / Too many pixels'] }],
  );
