import { HazardLevel } from '../finding.enums';
import { criterionProblems, levelForCriterion } from './major-criterion';

describe('判定依据 forces MAJOR', () => {
  it('makes a finding citing a clause MAJOR, whatever level was chosen', () => {
    expect(levelForCriterion(HazardLevel.GENERAL, true)).toBe(HazardLevel.MAJOR);
    expect(levelForCriterion(HazardLevel.SERIOUS, true)).toBe(HazardLevel.MAJOR);
    expect(levelForCriterion(HazardLevel.MAJOR, true)).toBe(HazardLevel.MAJOR);
    expect(levelForCriterion(HazardLevel.GENERAL, false)).toBe(HazardLevel.GENERAL);
  });

  it('accepts only an existing clause that is not retired', () => {
    expect(criterionProblems(undefined, null)).toEqual([]);
    expect(criterionProblems(3, { retired: false })).toEqual([]);
    expect(criterionProblems(3, null)[0].field).toBe('majorCriterionId');
    expect(criterionProblems(3, { retired: true })[0].messages[0]).toContain('废止');
  });
});
