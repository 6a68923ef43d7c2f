import { FindingStatus } from '../../findings/finding.enums';
import { isOpen } from '../../findings/rules/open-and-overdue';
import { uncoveredPersons } from './person-names';
import { isIndependentVerifier, LineageUnit } from './verifier-independence';

/**
 * 五个不放过: the five rules a finding must satisfy before it is closed out (销号), DOMAIN.md §4. Plain code: the
 * service gathers the facts, this decides, and both the API and the printed close-out sheet show the result.
 */
export interface GateRuleResult {
  number: 1 | 2 | 3 | 4 | 5;
  code: string;
  /** The rule in the words the company uses. */
  text: string;
  satisfied: boolean;
  /** What satisfies it, or what is missing. */
  detail: string;
  /** Rule 4 for a recurrence: the earlier finding's persons nobody has yet been held accountable for (倒查). */
  uncoveredPersons?: string[];
}

export interface GateFacts {
  /** The finding's unit and its ancestors: the verifier must be outside its 二级单位 (verifier-independence.ts). */
  responsibleLineage: LineageUnit[];
  latestVerification: {
    result: 'PASS' | 'FAIL';
    evidenceCount: number;
    verifierName: string;
    verifierUnitPath: string | null;
    verifiedOn: string;
  } | null;
  sweeps: { checkedUnitNames: string[]; result: 'NONE_FOUND' | 'SIMILAR_FOUND'; recordedOn: string }[];
  /** Linked either way; `unitPath` says whose (a reader outside that subtree is told how many, not which). */
  similarFindings: { code: string; status: string; unitPath: string }[];
  mechanisms: { kind: 'MECHANISM' | 'EXISTING_SUFFICIENT'; title: string; documentNumber: string | null }[];
  accountability: { kind: 'ACTION' | 'NO_FAULT'; personName: string | null; actionLabel: string | null }[];
  /**
   * For a recurrence: the persons responsible for the earlier finding, who must be covered (倒查), matched on the
   * name without unit names (`unitNames`: the units of both findings, with aliases) and job titles.
   */
  recurrence: { earlierCode: string; personsToCover: string[]; unitNames?: string[] } | null;
  /** The latest confirmation recorded by the supervision group or the safety office (the unit's own do not count). */
  latestSatisfaction: {
    satisfied: boolean;
    representatives: string;
    /** How the representatives were asked (座谈、问卷、现场询问…); null on records made before it was asked for. */
    method: string | null;
    confirmedOn: string;
  } | null;
}

export const GATE_RULES = [
  { number: 1, code: 'RECTIFICATION_THOROUGH', text: '整改不彻底不放过' },
  { number: 2, code: 'SIMILAR_PROBLEMS_ELIMINATED', text: '同类问题没有消除不放过' },
  { number: 3, code: 'LONG_TERM_MECHANISM', text: '长效机制不健全不放过' },
  { number: 4, code: 'RESPONSIBLE_PERSONS_HANDLED', text: '相关责任人没有受到处理不放过' },
  { number: 5, code: 'EMPLOYEES_SATISFIED', text: '员工和群众不满意不放过' },
] as const;

/**
 * `sees`: whether the reader may see a finding of the unit with that path (their unit subtree); the rules' details
 * name only those, so a unit reading its gate learns how many of another unit's similar findings are open, not which.
 */
export function evaluateGate(
  f: GateFacts,
  sees: (unitPath: string) => boolean = () => true,
): GateRuleResult[] {
  const rule = (n: 1 | 2 | 3 | 4 | 5, satisfied: boolean, detail: string): GateRuleResult => ({
    ...GATE_RULES[n - 1],
    number: n,
    satisfied,
    detail,
  });

  // 1 — the latest verification passed, with evidence, by someone outside the responsible 二级单位's subtree.
  const v = f.latestVerification;
  let r1: GateRuleResult;
  if (!v) r1 = rule(1, false, '尚无督导组复查记录 / No verification yet');
  else if (v.result !== 'PASS')
    r1 = rule(
      1,
      false,
      `最近一次复查未通过（${v.verifiedOn}，${v.verifierName}） / The latest verification failed`,
    );
  else if (v.evidenceCount === 0)
    r1 = rule(1, false, '复查通过但未附证据 / The passing verification has no evidence');
  else if (!isIndependentVerifier(v.verifierUnitPath, f.responsibleLineage))
    r1 = rule(
      1,
      false,
      '复查人属于责任单位所在二级单位 / The verifier belongs to the responsible second-level unit',
    );
  else r1 = rule(1, true, `${v.verifiedOn} ${v.verifierName} 复查通过，附证据 ${v.evidenceCount} 份`);

  // 2 — the 举一反三 sweep is recorded and every similar finding is closed or cancelled.
  const openSimilar = f.similarFindings.filter((s) => isOpen(s.status as FindingStatus));
  let r2: GateRuleResult;
  if (f.sweeps.length === 0) r2 = rule(2, false, '未记录举一反三排查 / No 举一反三 sweep recorded');
  else if (openSimilar.length) {
    const shown = openSimilar.filter((s) => sees(s.unitPath)).map((s) => s.code);
    const others = openSimilar.length - shown.length;
    if (others) shown.push(`其他单位的问题 ${others} 项`);
    r2 = rule(2, false, `同类问题未全部销号：${shown.join('、')} / Similar findings still open`);
  } else {
    const last = f.sweeps[f.sweeps.length - 1];
    r2 = rule(
      2,
      true,
      `${last.recordedOn} 排查 ${last.checkedUnitNames.join('、')}：${last.result === 'NONE_FOUND' ? '未发现同类问题' : `发现并关联同类问题 ${f.similarFindings.length} 个，均已销号或作废`}`,
    );
  }

  // 3 — a long-term mechanism is recorded, or why the existing one suffices.
  const r3 = f.mechanisms.length
    ? rule(
        3,
        true,
        f.mechanisms
          .map((m) =>
            m.kind === 'MECHANISM'
              ? `${m.title}${m.documentNumber ? `（${m.documentNumber}）` : ''}`
              : `督导组认定现有机制有效：${m.title}`,
          )
          .join('；'),
      )
    : rule(3, false, '未建立或修订长效机制，也无督导组认定 / No long-term mechanism recorded');

  // 4 — accountability recorded (or a no-fault decision); a recurrence must cover the earlier finding's persons.
  const actions = f.accountability.filter((a) => a.kind === 'ACTION');
  const noFault = f.accountability.some((a) => a.kind === 'NO_FAULT');
  let r4: GateRuleResult;
  if (f.recurrence) {
    const missing = uncoveredPersons(
      f.recurrence.personsToCover,
      actions.map((a) => a.personName ?? ''),
      f.recurrence.unitNames,
    );
    r4 = missing.length
      ? {
          ...rule(
            4,
            false,
            `复发问题须倒查原问题 ${f.recurrence.earlierCode} 的责任人：${missing.join('、')} 尚未处理 / Earlier responsible persons not yet held accountable`,
          ),
          uncoveredPersons: missing,
        }
      : {
          ...rule(4, true, actions.map((a) => `${a.personName}：${a.actionLabel}`).join('；')),
          uncoveredPersons: [],
        };
  } else if (actions.length)
    r4 = rule(4, true, actions.map((a) => `${a.personName}：${a.actionLabel}`).join('；'));
  else if (noFault) r4 = rule(4, true, '督导组认定无过错，并说明理由');
  else r4 = rule(4, false, '未记录责任追究，也无督导组无过错认定 / No accountability recorded');

  // 5 — the latest satisfaction confirmation (recorded by the supervision group or the safety office) says satisfied.
  const s = f.latestSatisfaction;
  const r5 = !s
    ? rule(
        5,
        false,
        '督导组或安全环保部尚未记录员工和群众代表满意确认 / No satisfaction confirmation recorded by the supervision group or the safety office',
      )
    : s.satisfied
      ? rule(5, true, `${s.confirmedOn} ${s.method ? `以${s.method}征询 ` : ''}${s.representatives} 确认满意`)
      : rule(
          5,
          false,
          `${s.confirmedOn} ${s.representatives} 表示不满意 / Representatives are not satisfied`,
        );

  return [r1, r2, r3, r4, r5];
}

/** 销号 is possible now: the finding is VERIFIED and every rule holds. */
export const canCloseNow = (status: FindingStatus, rules: GateRuleResult[]): boolean =>
  status === FindingStatus.VERIFIED && rules.every((r) => r.satisfied);

/** The rules still unmet, in order. */
export const unmetRules = (rules: GateRuleResult[]): GateRuleResult[] => rules.filter((r) => !r.satisfied);
