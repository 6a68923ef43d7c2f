import {
  InspectionReminder,
  Notification,
  NotificationDelivery,
  NotificationPreference,
  NotificationWebhook,
  ReminderStep,
  SupervisionReminderStep,
} from './notification.entities';

/** The tables the notifications module owns; only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NOTIFICATIONS_TABLES: Function[] = [
  Notification,
  NotificationDelivery,
  NotificationPreference,
  ReminderStep,
  NotificationWebhook,
  SupervisionReminderStep,
  InspectionReminder,
];
