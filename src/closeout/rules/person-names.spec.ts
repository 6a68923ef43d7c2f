import { personNameKey, samePerson, uncoveredPersons } from './person-names';

describe('倒查 by name: person entries compared on the name without units and titles', () => {
  it('takes the unit and the title away, with or without a space or brackets', () => {
    expect(personNameKey('燃化工区主任 赵立新')).toBe('赵立新');
    expect(personNameKey('燃化工区主任赵立新', ['燃化工区'])).toBe('赵立新');
    expect(personNameKey('赵立新（燃化工区主任）')).toBe('赵立新');
    expect(personNameKey('主任赵立新')).toBe('赵立新');
    expect(personNameKey('赵立新主任')).toBe('赵立新');
    expect(personNameKey('热电分厂副厂长 傅永强')).toBe('傅永强');
    expect(personNameKey(' 赵立新 ')).toBe('赵立新');
    expect(personNameKey('分管生产副总经理 钱卫东')).toBe('钱卫东');
    expect(personNameKey('钱卫东（分管生产副总经理）')).toBe('钱卫东');
  });

  it('keeps an entry that is only a unit and a title whole, so it matches only itself', () => {
    expect(personNameKey('燃气管网工区负责人')).toBe('燃气管网工区负责人');
    expect(samePerson('燃气管网工区负责人', '燃气管网工区负责人')).toBe(true);
    expect(samePerson('燃气管网工区负责人', '电气工区负责人')).toBe(false);
    expect(samePerson('原燃化工区主任', '原电气工区主任', ['燃化工区', '电气工区'])).toBe(false);
  });

  it('tells different people apart and lists the persons nobody covers', () => {
    expect(samePerson('燃化工区主任 赵立新', '赵立新')).toBe(true);
    expect(samePerson('燃化工区主任 赵立新', '赵立军')).toBe(false);
    expect(uncoveredPersons(['燃化工区主任 赵立新', '分管副总经理 钱卫东'], ['赵立新'])).toEqual([
      '分管副总经理 钱卫东',
    ]);
  });
});
