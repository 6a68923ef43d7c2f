import { overlappingUnits } from './obligation-overlap';

describe('one obligation per unit and campaign at a time', () => {
  const existing = {
    roundId: 1,
    unitIds: [10, 11, 12],
    startDate: '2023-02-13',
    endDate: null,
    active: true,
  };

  it('finds the units a second obligation of the same round would oblige twice', () => {
    expect(overlappingUnits(existing, { ...existing })).toEqual([10, 11, 12]);
    expect(overlappingUnits(existing, { ...existing, unitIds: [12, 13], startDate: '2023-05-01' })).toEqual([
      12,
    ]);
  });

  it('lets other units, other rounds, other periods and ended obligations be', () => {
    expect(overlappingUnits(existing, { ...existing, unitIds: [13] })).toEqual([]);
    expect(overlappingUnits(existing, { ...existing, roundId: 2 })).toEqual([]);
    expect(
      overlappingUnits(existing, { ...existing, startDate: '2020-12-21', endDate: '2021-01-10' }),
    ).toEqual([]);
    expect(
      overlappingUnits({ ...existing, endDate: '2023-03-31' }, { ...existing, startDate: '2023-04-01' }),
    ).toEqual([]);
    expect(overlappingUnits({ ...existing, active: false }, { ...existing })).toEqual([]);
  });
});
