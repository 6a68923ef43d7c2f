import { Eta } from 'eta';
import {
  clearCookie,
  cookieOf,
  requestPath,
  sendHtml,
  setCookie,
  type HttpRequest,
  type HttpResponse,
} from '../common/http/platform';
import path from 'node:path';
import type { Actor } from '../common/access/actor';
import type { ResolvedSession } from '../auth/web-sessions.service';
import { Role } from '../common/access/roles';
import { chinesePart, type FormState } from './forms';
import * as labels from './labels';

/** Templates of the pages live in templates/web (Eta: `<%= %>` escapes, `<%~ %>` is for trusted partials only). */
const eta = new Eta({
  views: path.join(process.cwd(), 'templates', 'web'),
  cache: process.env.NODE_ENV === 'production' || process.env.NODE_ENV === 'test',
  autoEscape: true,
  defaultExtension: '.eta',
});

let timeZone = 'Asia/Shanghai';
/** Called once at start with the business time zone, in which every date and time on a page is shown. */
export function configureViews(options: { timeZone: string }): void {
  timeZone = options.timeZone;
  dateTimeFormat = undefined;
}
let dateTimeFormat: Intl.DateTimeFormat | undefined;

/** "2023-01-06 14:05" in the business time zone. */
/**
 * An exclusive end instant as a reader counts it: 2026-12-09 00:00 is "2026-12-08 24:00" (the check is due by the end
 * of the 8th, not on the 9th); any other time as formatDateTime.
 */
export function formatUntil(value: Date | string | null | undefined): string {
  const shown = formatDateTime(value);
  const m = /^(\d{4}-\d{2}-\d{2}) 00:00$/.exec(shown);
  if (!m) return shown;
  const day = new Date(`${m[1]}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return `${day.toISOString().slice(0, 10)} 24:00`;
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  dateTimeFormat ??= new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return dateTimeFormat.format(d);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export type WebRequest = HttpRequest & {
  actor?: Actor;
  webSession?: ResolvedSession;
  /** The bell's unread count (NotificationBellInterceptor), for the header. */
  notificationBell?: { unread: number };
};

export const FLASH_COOKIE = 'rectify_flash';

/** A one-time message shown on the next page (after a redirect that follows a successful form). */
export function flash(res: HttpResponse, message: string): void {
  setCookie(res, FLASH_COOKIE, message, { httpOnly: true, sameSite: 'lax', maxAgeMs: 60_000, path: '/' });
}

interface NavItem {
  href: string;
  /** Other path prefixes that belong to this item (for the highlight). */
  also?: string[];
  label: string;
  roles: Role[] | 'all';
}
const READERS = Object.values(Role).filter((r) => r !== Role.REPORTER);
const NAV: NavItem[] = [
  { href: '/', label: '首页', roles: 'all' },
  { href: '/dashboard', label: '驾驶舱', roles: READERS },
  { href: '/rounds', label: '督察轮次', roles: READERS },
  { href: '/findings', label: '问题清单', roles: READERS },
  { href: '/weekly-reports', label: '举一反三周报', roles: READERS },
  { href: '/hazard-reports', label: '隐患举报', roles: 'all' },
  { href: '/inspections', label: '危险源检查', roles: READERS },
  { href: '/bounties', label: '举报奖励', roles: READERS },
  { href: '/assessments', label: '考核与通报', roles: READERS, also: ['/notices'] },
  { href: '/major-hazards', label: '挂牌督办', roles: READERS },
  // The 公告 board is open to everyone; readers reach it from 挂牌督办, a reporter (who may not open that) from here.
  { href: '/major-hazards/notices', label: '督办公告', roles: [Role.REPORTER] },
  { href: '/statistics/statutory', label: '统计报表', roles: READERS },
];

export const can = (actor: Actor | undefined, ...roles: Role[]) =>
  !!actor && actor.roles.some((r) => roles.includes(r));

/**
 * Renders a page into its layout. Every template gets `it` with: the page's data, `actor`, `csrf` (the hidden
 * field every form must carry), `flash`, `nav`, `path`, the Chinese `labels`, and the helpers `dt`, `can`.
 */
export function renderPage(
  req: WebRequest,
  res: HttpResponse,
  template: string,
  data: Record<string, unknown> & { title: string },
): void {
  const flashMessage = cookieOf(req, FLASH_COOKIE);
  if (flashMessage) clearCookie(res, FLASH_COOKIE, '/');
  const actor = req.actor;
  const state = data.formState as FormState | undefined;
  const html = eta.render(`pages/${template}`, {
    ...data,
    actor,
    csrf: req.webSession?.csrfToken ?? '',
    bell: req.notificationBell ?? null,
    flash: flashMessage ?? null,
    path: requestPath(req),
    nav: actor ? NAV.filter((n) => n.roles === 'all' || can(actor, ...n.roles)) : [],
    roleLabels: actor ? actor.roles.map((r) => labels.ROLE_LABEL[r]).join('、') : '',
    labels,
    Role,
    dt: formatDateTime,
    /** The end of a period (exclusive): midnight is said as 24:00 of the day before, the last day it still counts. */
    until: formatUntil,
    /** The Chinese half of a bilingual service message. */
    zh: (m: string | null | undefined) => (m ? chinesePart(m) : ''),
    /** Messages for one field of a refused form (empty unless that form was the one refused). */
    err: (form: string, field: string): string[] => (state?.form === form ? (state.fields[field] ?? []) : []),
    /** What the user typed into a refused form, so nothing has to be typed again. */
    val: (form: string, field: string, fallback: unknown = ''): unknown =>
      state?.form === form && state.values[field] !== undefined ? state.values[field] : fallback,
    formState: state ?? null,
    /** The escaped error lines of one field, for `<%~ it.fe('plan', 'measures') %>` right under the input. */
    fe: (form: string, field: string): string =>
      (state?.form === form ? (state.fields[field] ?? []) : [])
        .map((m) => `<span class="field-error">${escapeHtml(m)}</span>`)
        .join(''),
    /** Whether the refused form is this one (to open its <details>). */
    isOpen: (form: string): boolean => state?.form === form,
    can: (...roles: Role[]) => can(actor, ...roles),
    q: (params: Record<string, unknown>) =>
      new URLSearchParams(
        Object.entries(params)
          .filter(([, v]) => v !== undefined && v !== null && v !== '')
          .map(([k, v]): [string, string] => [k, String(v)]),
      ).toString(),
  });
  res.header('Cache-Control', 'no-store');
  sendHtml(res, html);
}
