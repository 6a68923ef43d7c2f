/** Chinese labels the pages show, re-exported in one place so templates can reach them as `it.labels`. */
import { Role } from '../common/access/roles';
export { DOMAIN_LABEL } from '../rounds/domain';
export {
  EVIDENCE_KIND_LABEL,
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  HAZARD_LEVEL_LABEL,
} from '../findings/finding.enums';
export { ACCOUNTABILITY_ACTION_LABEL } from '../closeout/closeout.enums';
export { UNIT_KIND_LABEL } from '../org/unit-kind';

export const ROLE_LABEL: Record<Role, string> = {
  SAFETY_OFFICE: '安全环保部',
  SUPERVISOR: '督导组成员',
  SUPERVISION_LEADER: '督导组组长',
  UNIT_OFFICER: '单位安全员',
  UNIT_HEAD: '单位负责人',
  REPORTER: '举报人',
  VIEWER: '查阅',
  ADMIN: '系统管理员',
};
