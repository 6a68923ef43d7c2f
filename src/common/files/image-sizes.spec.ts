import { DomainError } from '../errors/domain-error';
import { sharp } from '../libraries/on-first-use';
import { resizeImage, sizesOfUpload } from './image-sizes';

const refusal = async (work: Promise<unknown>) => {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  const { kind, code, details } = err as DomainError;
  return { kind, code, fields: (details as { field: string }[]).map((d) => d.field) };
};

describe('sizesOfUpload: an uploaded photo is decoded whole, or refused', () => {
  let jpeg: Buffer;
  beforeAll(async () => {
    jpeg = await sharp()({
      create: {
        width: 800,
        height: 600,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .jpeg()
      .toBuffer();
  });

  it('makes the thumbnail and the medium size of a whole photo', async () => {
    const sizes = await sizesOfUpload('image/jpeg', jpeg);
    expect(sizes.map((s) => [s.size, s.width, s.height])).toEqual([
      ['thumb', 320, 240],
      ['medium', 800, 600],
    ]);
  });

  it.each([
    ['the first 40 bytes', 40],
    ['half', 0.5],
    // Not "all but the end-of-image marker": every pixel is there, and whether libjpeg even warns depends on the
    // last bytes of the random-noise photo — such a JPEG shows whole and is not refused as damaged.
  ])(
    'refuses a JPEG cut to %s (its header alone reads well) with 400 IMAGE_UNREADABLE on file',
    async (_, cut) => {
      const end = cut === 0.5 ? jpeg.length >> 1 : cut;
      expect(await refusal(sizesOfUpload('image/jpeg', jpeg.subarray(0, end)))).toEqual({
        kind: 'BAD_REQUEST',
        code: 'IMAGE_UNREADABLE',
        fields: ['file'],
      });
    },
  );

  it('refuses a photo of more than 1 亿 pixels by what is wrong with it, not as damaged', async () => {
    const huge = await sharp()({ create: { width: 10_001, height: 10_000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await refusal(sizesOfUpload('image/png', huge, ['thumb']))).toEqual({
      kind: 'BAD_REQUEST',
      code: 'IMAGE_TOO_MANY_PIXELS',
      fields: ['file'],
    });
  });

  it('leaves documents alone; a stored photo that cannot be decoded still gets no sizes, not an error', async () => {
    expect(await sizesOfUpload('application/pdf', Buffer.from('%PDF-1.4\n'))).toEqual([]);
    expect(await resizeImage(jpeg.subarray(0, 40))).toEqual([]);
  });
});
