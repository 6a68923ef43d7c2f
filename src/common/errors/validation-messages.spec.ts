import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsString,
  Length,
  Min,
  ValidateNested,
  validate,
} from 'class-validator';
import { plainToInstance, Type } from 'class-transformer';
import { flattenValidationErrors } from './validation';
import { bilingualMessage, chineseMessage, chinesePart } from './validation-messages';
import { IsCalendarDate } from '../dto';

class ItemDto {
  @IsString() @Length(1, 200) text!: string;
}

class ListDto {
  @IsString() @Length(2, 1000) reason!: string;
  @IsInt() @Min(1) count!: number;
  @IsArray() @ArrayMaxSize(2) @ValidateNested({ each: true }) @Type(() => ItemDto) items!: ItemDto[];
}

/** What the API's pipe and the pages' check make of a body of ListDto. */
async function problemsOf(plain: object, say?: Parameters<typeof flattenValidationErrors>[1]) {
  const errors = await validate(plainToInstance(ListDto, plain), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return flattenValidationErrors(errors, say);
}

describe('class-validator’s messages said in Chinese (the pages) and in Chinese and English (the API)', () => {
  it.each([
    ['isLength', 'reason must be longer than or equal to 2 characters', '延期理由至少 2 个字'],
    ['isLength', 'reason must be shorter than or equal to 1000 characters', '延期理由不能超过 1000 个字'],
    ['isLength', 'reason must be longer than or equal to 1 characters', '请填写延期理由'],
    ['minLength', 'reason must be longer than or equal to 10 characters', '延期理由至少 10 个字'],
    ['isString', 'reason must be a string', '请填写延期理由'],
    ['isNotEmpty', 'reason should not be empty', '请填写延期理由'],
    ['isInt', 'reason must be an integer number', '延期理由须为整数'],
    ['min', 'reason must not be less than 1', '延期理由不能小于 1'],
    ['min', 'reason must not be less than -5', '延期理由不能小于 -5'],
    ['max', 'reason must not be greater than 100', '延期理由不能大于 100'],
    ['isEnum', 'reason must be one of the following values: A, B', '请选择延期理由'],
    ['isBoolean', 'reason must be a boolean value', '请选择延期理由'],
    ['arrayMaxSize', 'reason must contain no more than 50 elements', '延期理由最多 50 项'],
    ['arrayMinSize', 'reason must contain at least 1 elements', '请至少填写一项延期理由'],
    ['arrayUnique', "All reason's elements must be unique", '延期理由有重复项'],
    ['whitelistValidation', 'property reason should not exist', '延期理由为未知字段'],
    ['isObject', 'reason must be an object', '延期理由填写有误'],
  ])('%s: "%s" on a page is "%s"', (constraint, message, chinese) => {
    expect(chineseMessage(constraint, message, '延期理由')).toBe(chinese);
  });

  it('keeps the Chinese half of a DTO’s own message on a page, its field’s name before 须 replaced by the label', () => {
    expect(
      chineseMessage('matches', 'dueTime 须为 HH:MM（00:00–24:00） / dueTime must be HH:MM', '截止时间'),
    ).toBe('截止时间须为 HH:MM（00:00–24:00）');
    expect(chineseMessage('', '整改资金须为整数元 / fundsAmount must be whole yuan', '整改资金')).toBe(
      '整改资金须为整数元',
    );
    expect(chinesePart('周次格式为 2023-W07 / week must look like 2023-W07')).toBe('周次格式为 2023-W07');
    expect(chinesePart('a / b')).toBe('a / b');
  });

  it.each([
    [
      'isLength',
      'reason must be longer than or equal to 2 characters',
      'reason',
      'reason 至少 2 个字 / reason must be longer than or equal to 2 characters',
    ],
    [
      'isLength',
      'items.0.text must be shorter than or equal to 200 characters',
      'items.0.text',
      'items.0.text 不能超过 200 个字 / items.0.text must be shorter than or equal to 200 characters',
    ],
    ['isString', 'name must be a string', 'name', '请填写 name / name must be a string'],
    [
      'isInt',
      'each value in evidenceIds must be an integer number',
      'evidenceIds',
      'evidenceIds 须为整数 / each value in evidenceIds must be an integer number',
    ],
    ['min', 'count must not be less than 1', 'count', 'count 不能小于 1 / count must not be less than 1'],
    [
      'arrayMaxSize',
      'evidenceIds must contain no more than 50 elements',
      'evidenceIds',
      'evidenceIds 最多 50 项 / evidenceIds must contain no more than 50 elements',
    ],
    [
      'arrayMinSize',
      'photos must contain at least 1 elements',
      'answers.2.photos',
      '请至少填写一项 answers.2.photos / photos must contain at least 1 elements',
    ],
    [
      'whitelistValidation',
      'property extra should not exist',
      'extra',
      'extra 为未知字段 / property extra should not exist',
    ],
    [
      'isCalendarDate',
      'requestedDeadline 须为有效日期 YYYY-MM-DD / must be a date YYYY-MM-DD',
      'requestedDeadline',
      'requestedDeadline 须为有效日期 YYYY-MM-DD / must be a date YYYY-MM-DD',
    ],
    ['isEmail', '邮箱有误', 'email', '邮箱有误'],
  ])('%s: the API says "%s" on %s as "%s"', (constraint, message, field, said) => {
    expect(bilingualMessage(constraint, message, field)).toBe(said);
  });

  it('names each field by its path in the API’s rows, and says only the kind of a value of the wrong kind', async () => {
    expect(
      await problemsOf({
        reason: '延',
        count: 'abc',
        items: [{ text: '' }, { text: 'x'.repeat(201) }],
        extra: 1,
      }),
    ).toEqual([
      { field: 'extra', messages: ['extra 为未知字段 / property extra should not exist'] },
      {
        field: 'reason',
        messages: ['reason 至少 2 个字 / reason must be longer than or equal to 2 characters'],
      },
      {
        field: 'count',
        messages: ['count 须为整数 / count must be an integer number'],
      },
      {
        field: 'items.0.text',
        messages: ['请填写 items.0.text / text must be longer than or equal to 1 characters'],
      },
      {
        field: 'items.1.text',
        messages: ['items.1.text 不能超过 200 个字 / text must be shorter than or equal to 200 characters'],
      },
    ]);
  });

  it('says the same rows in Chinese with a page’s labels, by path or by property', async () => {
    const labels = { reason: '延期理由', count: '数量', text: '内容' };
    const say = (k: string, m: string, field: string, property: string) =>
      chineseMessage(
        k,
        m,
        labels[field as keyof typeof labels] ?? labels[property as keyof typeof labels] ?? field,
      );
    expect(await problemsOf({ reason: '延', count: 0, items: [{ text: '' }] }, say)).toEqual([
      { field: 'reason', messages: ['延期理由至少 2 个字'] },
      { field: 'count', messages: ['数量不能小于 1'] },
      { field: 'items.0.text', messages: ['请填写内容'] },
    ]);
  });

  it('says a text field sent a number or an object must be text, and one left out must be filled in', async () => {
    expect(await problemsOf({ reason: 5, count: 1, items: [{ text: { a: 1 } }] })).toEqual([
      { field: 'reason', messages: ['reason 须为文字 / reason must be a string'] },
      { field: 'items.0.text', messages: ['items.0.text 须为文字 / text must be a string'] },
    ]);
    expect(await problemsOf({ count: 1, items: [] })).toEqual([
      { field: 'reason', messages: ['请填写 reason / reason must be a string'] },
    ]);
  });

  it('has nothing to say of valid input', async () => {
    expect(await problemsOf({ reason: '设备到货延迟', count: 1, items: [] })).toEqual([]);
  });
});

describe('a date field', () => {
  class DateDto {
    @IsCalendarDate() deadline!: string;
  }
  const said = async (plain: object) =>
    (await validate(plainToInstance(DateDto, plain))).flatMap((e) => Object.values(e.constraints ?? {}));

  it('left out or blank (a date picker left empty) asks for it; a wrong date says it is not one', async () => {
    const missing = 'deadline 须填写（日期 YYYY-MM-DD） / must be given: a date YYYY-MM-DD';
    expect(await said({})).toEqual([missing]);
    expect(await said({ deadline: '' })).toEqual([missing]);
    expect(await said({ deadline: '2023-02-30' })).toEqual([
      'deadline 须为有效日期 YYYY-MM-DD / must be a date YYYY-MM-DD',
    ]);
    expect(await said({ deadline: '2023-02-28' })).toEqual([]);
    // On a page, with the field's label: "整改时限须填写（日期 YYYY-MM-DD）".
    expect(chineseMessage('isCalendarDate', missing, '整改时限')).toBe('整改时限须填写（日期 YYYY-MM-DD）');
  });
});
