import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 重大事故隐患判定依据: one clause of a 判定标准 (工贸企业重大事故隐患判定标准 2023, the chemical industry's 2017
 * standard, …) that makes a hazard MAJOR. Reference data seeded by migrations (a new or corrected clause is a new
 * migration); a clause is retired, never deleted, so the findings citing it keep their citation.
 */
@Entity('major_hazard_criteria')
export class MajorHazardCriterion {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stable short code, e.g. GM2023-13-2 (工贸 2023, 第十三条第（二）项). */
  @Index({ unique: true })
  @Column('text')
  code: string;

  /** The standard, e.g. 工贸企业重大事故隐患判定标准（应急管理部令第10号，2023年）. */
  @Column('text')
  standard: string;

  /** The clause within it, e.g. 第十三条第（二）项. */
  @Column('text')
  clause: string;

  /** The trade or topic of the clause (通用, 有色, 粉尘涉爆, 有限空间 …). */
  @Column('text')
  topic: string;

  @Column('text')
  text: string;

  /** Extra search words (synonyms people type). */
  @Column('text', { array: true, default: () => "'{}'" })
  keywords: string[];

  @Column('boolean', { default: false })
  retired: boolean;
}
