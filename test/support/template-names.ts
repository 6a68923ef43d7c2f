import { dateInZone } from '../../src/common/time/business-date';
import { AppConfig } from '../../src/config/app-config';

/** The migrated, empty template of this run (named and dropped by the global setup and teardown). */
export const baseTemplate = () => process.env.RECTIFY_TEST_TEMPLATE!;

/**
 * The template that also holds the demo data, one per business day: the demo's figures depend on the day it was
 * loaded (its inspection schedule runs up to "today", its deadlines fall around it), and the tests assert them. A
 * run that crosses midnight in the business zone (16:00 UTC for Asia/Shanghai) seeds the new day's template when a
 * test file first asks for the demo data after it, instead of handing out a clone of yesterday's.
 */
export const demoTemplateFor = (base: string, now = new Date()) =>
  `${base}_demo_${dateInZone(now, process.env.BUSINESS_TIME_ZONE ?? new AppConfig().BUSINESS_TIME_ZONE).replace(/-/g, '')}`;

/** SQL LIKE pattern of every demo template of this run (and of a half-built one), for the teardown. */
export const demoTemplatesLike = (base: string) => `${base}\\_demo\\_%`;
