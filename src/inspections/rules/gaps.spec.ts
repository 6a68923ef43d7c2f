import { RiskGrade, SOURCE_DOCUMENT_TYPES, SourceDocumentType } from '../inspection.enums';
import type { SourceDocument } from '../inspections.entities';
import { nextDrillDue, openGaps, sourceGaps } from './gaps';

const doc = (type: SourceDocumentType, extra: Partial<SourceDocument> = {}): SourceDocument => ({
  type,
  number: `RD-${type}`,
  title: type,
  version: 'A/0',
  effectiveDate: '2025-01-01',
  ...extra,
});
const complete = {
  grade: RiskGrade.RED,
  documents: [
    doc(SourceDocumentType.MANAGEMENT_SYSTEM),
    doc(SourceDocumentType.OPERATING_PROCEDURE),
    doc(SourceDocumentType.CONTINGENCY_PLAN, { expiryDate: '2027-12-31' }),
  ],
  drills: [{ date: '2026-09-10', scenario: '煤气泄漏', participants: 20, evaluation: '良好' }],
  closedGaps: [] as string[],
  // Each document's current file (issue 20).
  documentFiles: SOURCE_DOCUMENT_TYPES.map((type) => ({
    documentType: type,
    documentNumber: `RD-${type}`,
    documentVersion: 'A/0',
  })),
};

describe('gaps of a 重要危险源', () => {
  it('finds none when every document is in force and the last drill is recent', () => {
    expect(sourceGaps(complete, '2026-12-02')).toEqual([]);
  });

  it('names each missing document, an expired one, and the missing drill', () => {
    const gaps = sourceGaps(
      {
        ...complete,
        documents: [doc(SourceDocumentType.CONTINGENCY_PLAN, { expiryDate: '2026-11-30' })],
        drills: [],
      },
      '2026-12-02',
    );
    expect(gaps.map((g) => g.kind)).toEqual(['DOC_MISSING', 'DOC_MISSING', 'DOC_EXPIRED', 'DRILL_MISSING']);
    expect(gaps[2].label).toContain('已于 2026-11-30 过期');
  });

  it('counts a document as expired only after its expiry day, and ignores one not yet in force', () => {
    const onDay = {
      ...complete,
      documents: [
        ...complete.documents.slice(0, 2),
        doc(SourceDocumentType.CONTINGENCY_PLAN, { expiryDate: '2026-12-02' }),
      ],
    };
    expect(sourceGaps(onDay, '2026-12-02')).toEqual([]);
    expect(sourceGaps(onDay, '2026-12-03').map((g) => g.kind)).toEqual(['DOC_EXPIRED']);
    const future = {
      ...complete,
      documents: complete.documents
        .slice(0, 2)
        .concat(doc(SourceDocumentType.CONTINGENCY_PLAN, { effectiveDate: '2027-01-01' })),
    };
    expect(sourceGaps(future, '2026-12-02').map((g) => g.key)).toEqual(['DOC_MISSING:CONTINGENCY_PLAN']);
  });

  it('makes a drill overdue after 6 months for red and orange sources, 12 for yellow and blue', () => {
    expect(nextDrillDue(RiskGrade.RED, '2026-05-31')).toBe('2026-11-30');
    expect(nextDrillDue(RiskGrade.BLUE, '2026-02-28')).toBe('2027-02-28');
    const red = {
      ...complete,
      drills: [{ date: '2026-05-31', scenario: 'x', participants: 1, evaluation: 'x' }],
    };
    expect(sourceGaps(red, '2026-11-30')).toEqual([]);
    expect(sourceGaps(red, '2026-12-01').map((g) => g.key)).toEqual(['DRILL_OVERDUE:2026-05-31']);
    expect(sourceGaps({ ...red, grade: RiskGrade.YELLOW }, '2026-12-01')).toEqual([]);
  });

  it('keeps a closed-out gap listed as closed, and shows a new gap of the same kind again', () => {
    const gaps = sourceGaps({ ...complete, drills: [], closedGaps: ['DRILL_MISSING'] }, '2026-12-02');
    expect(gaps).toEqual([expect.objectContaining({ key: 'DRILL_MISSING', closed: true })]);
    expect(openGaps({ ...complete, drills: [], closedGaps: ['DRILL_MISSING'] }, '2026-12-02')).toEqual([]);
    const expired = {
      ...complete,
      documents: [
        ...complete.documents.slice(0, 2),
        doc(SourceDocumentType.CONTINGENCY_PLAN, { version: 'B/0', expiryDate: '2026-01-01' }),
      ],
      closedGaps: ['DOC_EXPIRED:CONTINGENCY_PLAN:RD-CONTINGENCY_PLAN:A/0'],
    };
    expect(openGaps(expired, '2026-12-02').map((g) => g.kind)).toEqual(['DOC_EXPIRED']);
  });

  it('counts a document in force without its file as a gap of that version; a new version needs its own file', () => {
    const noFile = { ...complete, documentFiles: complete.documentFiles.slice(1) };
    const gaps = sourceGaps(noFile, '2026-12-02');
    expect(gaps).toEqual([
      {
        key: 'DOC_NO_FILE:MANAGEMENT_SYSTEM:RD-MANAGEMENT_SYSTEM:A/0',
        kind: 'DOC_NO_FILE',
        label: '管理制度「MANAGEMENT_SYSTEM」（RD-MANAGEMENT_SYSTEM，A/0）未上传文件',
        closed: false,
      },
    ]);
    // The file of version A/0 is not the file of A/1.
    const revised = {
      ...complete,
      documents: [
        ...complete.documents,
        doc(SourceDocumentType.OPERATING_PROCEDURE, { version: 'A/1', effectiveDate: '2026-06-01' }),
      ],
    };
    expect(sourceGaps(revised, '2026-12-02').map((g) => g.key)).toEqual([
      'DOC_NO_FILE:OPERATING_PROCEDURE:RD-OPERATING_PROCEDURE:A/1',
    ]);
    // An expired document without a file is one gap (expired), not two.
    const expired = {
      ...noFile,
      documents: [
        doc(SourceDocumentType.MANAGEMENT_SYSTEM, { expiryDate: '2026-01-01' }),
        ...complete.documents.slice(1),
      ],
    };
    expect(sourceGaps(expired, '2026-12-02').map((g) => g.kind)).toEqual(['DOC_EXPIRED']);
  });
});
