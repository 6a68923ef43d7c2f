/**
 * The answer to a photo that cannot be decoded (a truncated PNG or JPEG), on every photo route: 400 IMAGE_UNREADABLE
 * naming `file` (src/common/files/image-sizes.ts). For `expect(res.body).toEqual(…)`.
 */
export const IMAGE_UNREADABLE_ANSWER = {
  statusCode: 400,
  code: 'IMAGE_UNREADABLE',
  message:
    '图片已损坏或不完整，无法读取，请重新拍摄或选择原图 / The image is damaged or incomplete and cannot be read; take it again or choose the original',
  details: [{ field: 'file', messages: ['图片已损坏或不完整 / The image is damaged or incomplete'] }],
  requestId: expect.any(String),
};
