import { DomainError } from '../errors/domain-error';
import { checkUpload, FILE_NAME_MAX_CHARS } from './file-type';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const upload = (originalname: string, buffer = PNG) => ({ originalname, buffer, size: buffer.length });
const refused = (work: () => unknown) => {
  try {
    work();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('not refused');
};

describe('checkUpload: the file name', () => {
  it('reads the extension of a long name before shortening it (296 × "a" + ".png" was refused as “.aaaa…”)', () => {
    const { fileName, mimeType } = checkUpload(upload(`${'a'.repeat(296)}.png`), 1_000);
    expect(mimeType).toBe('image/png');
    expect(fileName).toBe(`${'a'.repeat(195)}….png`);
    expect(fileName).toHaveLength(FILE_NAME_MAX_CHARS);
  });

  it('keeps a name that fits whole, Chinese too, and cuts a longer one between characters', () => {
    const chinese = `${'现场照片'.repeat(49)}.png`;
    expect(chinese).toHaveLength(200);
    expect(checkUpload(upload(chinese), 1_000).fileName).toBe(chinese);
    // An emoji is two UTF-16 units: counted as one character, never split in half.
    const emoji = checkUpload(upload(`${'😀'.repeat(250)}.PNG`), 1_000).fileName;
    expect([...emoji]).toHaveLength(200);
    expect(emoji).toBe(`${'😀'.repeat(195)}….PNG`);
    expect(Buffer.from(emoji).toString()).toBe(emoji); // no lone surrogate (it would become U+FFFD)
  });

  it('names a refused type briefly: the extension (at most 10 characters shown), or that there is none', () => {
    expect(refused(() => checkUpload(upload(`${'a'.repeat(296)}.txt`), 1_000, 'photos'))).toEqual({
      code: 'FILE_TYPE_NOT_ALLOWED',
      message: '不支持的文件类型 .txt；可上传照片(jpg/png/webp) / File type .txt is not allowed',
    });
    expect(refused(() => checkUpload(upload(`photo.${'x'.repeat(40)}`), 1_000, 'photos')).message).toBe(
      '不支持的文件类型 .xxxxxxxxxx…；可上传照片(jpg/png/webp) / File type .xxxxxxxxxx… is not allowed',
    );
    expect(refused(() => checkUpload(upload('a'.repeat(300)), 1_000, 'photos'))).toEqual({
      code: 'FILE_TYPE_NOT_ALLOWED',
      message:
        '文件名没有扩展名，无法识别类型；可上传照片(jpg/png/webp) / The file name has no extension (such as .jpg or .pdf)',
    });
  });
});
