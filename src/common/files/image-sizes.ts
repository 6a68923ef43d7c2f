import { sharp } from '../libraries/on-first-use';

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
 * decompression bombs. Returns [] when the bytes cannot be decoded as an image.
 */
export async function resizeImage(original: Buffer, sizes: readonly ImageSize[] = IMAGE_SIZE_NAMES) {
  const out: ResizedImage[] = [];
  try {
    for (const size of sizes) {
      const { maxSide, quality } = IMAGE_SIZES[size];
      const { data, info } = await sharp()(original, { limitInputPixels: 100_000_000, failOn: 'error' })
        .rotate()
        .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality })
        .toBuffer({ resolveWithObject: true });
      out.push({ size, mimeType: 'image/jpeg', width: info.width, height: info.height, content: data });
    }
  } catch {
    return [];
  }
  return out;
}
