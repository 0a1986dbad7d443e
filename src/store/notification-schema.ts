// Kysely table types of the notification tables (0005_notifications.sql, 0006_subscribers.sql,
// 0008_delivery_recipients.sql): channels, routes, subscribers, deliveries and their attempt log.
// Apart from schema.ts to keep each file to one screenful.
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, JsonWithDefault, NullableTimestamp, UpdatedAt } from './schema.js';

export interface ChannelsTable {
  id: string;
  name: string;
  type: string;
  /** The type's settings; its secret fields hold ciphertext (see services/secret-box.ts). */
  config: JsonWithDefault<Record<string, unknown>>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface NotificationRoutesTable {
  id: string;
  channel_id: string;
  /** Null: not limited to one monitor. */
  monitor_id: string | null;
  /** Null: not limited to one component. */
  component_id: string | null;
  /** Empty: the default kinds. */
  event_kinds: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  /** Minutes between "still down" reminders; null: none (0007_notification_reminders.sql). */
  remind_every_minutes: ColumnType<number | null, number | null | undefined, number | null>;
}

/** The last reminder sent per monitor and channel for the down period that began at down_since. */
export interface NotificationRemindersTable {
  monitor_id: string;
  channel_id: string;
  down_since: ColumnType<Date, Date | string, Date | string>;
  sequence: number;
  sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** An event held back from a channel (see domain/notifications/suppression.ts). */
export interface NotificationSuppressionsTable {
  event_id: string;
  channel_id: string;
  outbox_id: number;
  reason: string;
  created_at: CreatedAt;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export type SubscriberKind = 'email' | 'webhook';
export type SubscriberStatus = 'pending' | 'confirmed';

export interface SubscribersTable {
  id: string;
  page_id: string;
  kind: SubscriberKind;
  /** The normalised email address or the webhook URL. */
  address: string;
  status: ColumnType<SubscriberStatus, SubscriberStatus | undefined, SubscriberStatus>;
  /** Null once confirmed. */
  confirm_token: string | null;
  confirm_expires_at: NullableTimestamp;
  unsubscribe_token: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  confirmed_at: NullableTimestamp;
}

export interface SubscriberComponentsTable {
  subscriber_id: string;
  component_id: string;
}

export interface DeliveriesTable {
  id: Generated<number>;
  event_id: string;
  outbox_id: number;
  /** Exactly one of channel_id and subscriber_id is set. */
  channel_id: string | null;
  subscriber_id: string | null;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  claimed_by: string | null;
  locked_until: NullableTimestamp;
  last_error: string | null;
  last_status_code: number | null;
  delivered_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Recipients (email addresses) that accepted in an earlier attempt: not sent to again. */
  accepted_recipients: ColumnType<string[], string[] | undefined, string[]>;
  /** Recipients refused for good in an earlier attempt: not sent to again until a retry by hand. */
  refused_recipients: ColumnType<string[], string[] | undefined, string[]>;
}

export interface DeliveryAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: CreatedAt;
  ok: boolean;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  notifier: string;
}
