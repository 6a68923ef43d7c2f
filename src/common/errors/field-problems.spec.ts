import { allProblems, withoutFaultyFields } from './field-problems';

describe('every field problem of one submission in one answer', () => {
  it('lists the DTO check’s and the rules’ problems together, in the form’s order', () => {
    const rows = allProblems(
      ['requestedDeadline', 'reason'],
      [{ field: 'reason', messages: ['至少 2 个字'] }],
      [{ field: 'requestedDeadline', messages: ['须晚于现时限'] }],
    );
    expect(rows).toEqual([
      { field: 'requestedDeadline', messages: ['须晚于现时限'] },
      { field: 'reason', messages: ['至少 2 个字'] },
    ]);
  });

  it('leaves out a rule’s problem on a field the DTO check already named (its value was not read)', () => {
    const rows = allProblems(
      ['fundsAmount', 'deadline'],
      [{ field: 'fundsAmount', messages: ['整改资金须为整数元'] }],
      [
        { field: 'fundsAmount', messages: ['缺少整改资金'] },
        { field: 'deadline', messages: ['缺少整改时限'] },
      ],
    );
    expect(rows).toEqual([
      { field: 'fundsAmount', messages: ['整改资金须为整数元'] },
      { field: 'deadline', messages: ['缺少整改时限'] },
    ]);
  });

  it('gives a field one row with each message once; fields the order does not list come last, as met', () => {
    const rows = allProblems(
      ['answers.1', 'answers.1.photos', 'signature'],
      [{ field: 'notAField', messages: ['should not exist'] }],
      [
        { field: 'answers.1.photos', messages: ['须拍照留证'] },
        { field: 'signature', messages: ['请签字'] },
        { field: 'answers.1.photos', messages: ['须有整改后照片', '须拍照留证'] },
      ],
    );
    expect(rows).toEqual([
      { field: 'answers.1.photos', messages: ['须拍照留证', '须有整改后照片'] },
      { field: 'signature', messages: ['请签字'] },
      { field: 'notAField', messages: ['should not exist'] },
    ]);
  });

  it('answers nothing when nothing is wrong', () => {
    expect(allProblems(['a'], [], [], [])).toEqual([]);
  });

  it('takes the faulty fields out of the input, so that rules read them as absent', () => {
    const dto = { requestedDeadline: '2023-02-30', reason: '设备到货延迟', items: [{ x: 1 }] };
    expect(
      withoutFaultyFields(dto, [
        { field: 'requestedDeadline', messages: ['须为有效日期'] },
        { field: 'items.0.x', messages: ['须为文字'] },
      ]),
    ).toEqual({ reason: '设备到货延迟' });
  });
});
