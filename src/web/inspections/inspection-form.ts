import { DomainError, type FieldProblem } from '../../common/errors/domain-error';
import { checkUpload, type UploadedFile as UploadedPhoto } from '../../common/files/file-type';
import { assertPhotoReadable } from '../../common/files/image-sizes';
import { AnswerDto, SignDto } from '../../inspections/inspection.dto';
import { ItemResult } from '../../inspections/inspection.enums';
import type { InspectionTasksService } from '../../inspections/inspection-tasks.service';
import { itemAnswer, signingProblems } from '../../inspections/rules/checklist';
import { bool, checkForm, chinesePart, text } from '../forms';

/*
 * The inspection form (inspections/task.eta) as the page reads it: each part checked as the API checks it, before
 * anything is saved, its problems named at their fields so that one refusal names them all.
 */

/**
 * The items the inspection form answered, each checked by the API's own AnswerDto (a result of the three, notes of at
 * most 1,000 characters) before any is saved: a refused answer is named at its item, with the form's other problems.
 */
export async function formAnswers(
  items: { no: number }[],
  body: Record<string, unknown>,
): Promise<{ answers: { no: number; answer: AnswerDto }[]; problems: FieldProblem[] }> {
  const answers: { no: number; answer: AnswerDto }[] = [];
  const problems: FieldProblem[] = [];
  for (const { no } of items) {
    const result = text(body[`result-${no}`]);
    if (!result) continue;
    const fixed = result === ItemResult.FAIL && bool(body[`fixed-${no}`]);
    const plain = Object.fromEntries(
      Object.entries({
        result,
        note: body[`note-${no}`],
        fixedOnTheSpot: fixed,
        measures: fixed ? body[`measures-${no}`] : undefined,
        rootCause: fixed ? body[`rootCause-${no}`] : undefined,
      }).filter(([, v]) => v !== undefined && !(typeof v === 'string' && v.trim() === '')),
    );
    const checked = await checkForm(AnswerDto, plain, ANSWER_LABELS);
    if (!checked.problems.length) answers.push({ no, answer: checked.dto });
    for (const p of checked.problems)
      problems.push({
        // The page shows an item's result problem at the item, the others at their field (task.eta).
        field: p.field === 'result' ? `answers.${no}` : `answers.${no}.${p.field}`,
        messages: p.messages.map((m) => `第 ${no} 项：${m}`),
      });
  }
  return { answers, problems };
}

/**
 * The photos the form carries (`photo-<no>`, `after-<no>` for an on-the-spot fix), each checked as the API checks a
 * photo before any is saved: one that is no photo, or cannot be decoded, is named at its item.
 */
export async function formPhotos(
  files: UploadedPhoto[] | undefined,
  maxBytes: number,
): Promise<{
  photos: { no: number; kind: 'BEFORE' | 'AFTER'; file: UploadedPhoto }[];
  problems: FieldProblem[];
}> {
  const photos: { no: number; kind: 'BEFORE' | 'AFTER'; file: UploadedPhoto }[] = [];
  const problems: FieldProblem[] = [];
  for (const file of (files ?? []).filter((x) => x.size > 0)) {
    const m = /^(photo|after)-(\d+)$/.exec((file as UploadedPhoto & { fieldname?: string }).fieldname ?? '');
    if (!m) continue;
    const no = Number(m[2]);
    try {
      await assertPhotoReadable(checkUpload(file, maxBytes, 'photos').mimeType, file.buffer);
      photos.push({ no, kind: m[1] === 'after' ? 'AFTER' : 'BEFORE', file });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      problems.push({
        field: `answers.${no}.photos`,
        messages: [`第 ${no} 项：${chinesePart(err.message)}`],
      });
    }
  }
  return { photos, problems };
}

/** The signature as SignDto checks it; left blank, the form asks for the inspector's name. */
export async function formSignature(body: Record<string, unknown>, version: number) {
  const signature = text(body.signature);
  const checked = await checkForm(SignDto, { signature, version }, { signature: '检查人签字' });
  if (signature === undefined)
    checked.problems = [
      ...checked.problems.filter((p) => p.field !== 'signature'),
      { field: 'signature', messages: ['请输入检查人姓名签字'] },
    ];
  return checked;
}

/**
 * What signing would still lack were the form's answers and photos kept (rules/checklist.ts signingProblems): the
 * form's answers in place of the saved ones; an item whose answer the form got wrong is left to that problem.
 */
export function unfinishedWith(
  task: Awaited<ReturnType<InspectionTasksService['detail']>>,
  answers: { no: number; answer: AnswerDto }[],
  photos: { no: number; kind: 'BEFORE' | 'AFTER' }[],
  wrong: FieldProblem[],
): FieldProblem[] {
  const given = new Map(answers.map(({ no, answer }) => [no, itemAnswer(no, answer)]));
  const merged = task.items.flatMap((i) => given.get(i.no) ?? (i.answer ? [i.answer] : []));
  const count = (no: number, kind: 'BEFORE' | 'AFTER') =>
    [...task.items.find((i) => i.no === no)!.photos, ...photos.filter((p) => p.no === no)].filter(
      (p) => p.kind === kind,
    ).length;
  const wrongItems = new Set(wrong.map((p) => p.field.split('.').slice(0, 2).join('.')));
  return signingProblems(task.items, merged, (no) => ({
    before: count(no, 'BEFORE'),
    after: count(no, 'AFTER'),
  })).filter((p) => !wrongItems.has(p.field.split('.').slice(0, 2).join('.')));
}

const ANSWER_LABELS = {
  result: '检查结果',
  note: '说明',
  fixedOnTheSpot: '现场已整改',
  measures: '整改措施',
  rootCause: '原因',
};
