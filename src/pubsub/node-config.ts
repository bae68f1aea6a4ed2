// Node configuration: the typed form of the `pubsub#node_config` fields, their defaults (Finesse-like:
// notifications are untyped `normal` messages, so they can be stored offline) and their validation.
//
// [XEP-0060] §16.4.4 (pubsub#node_config FORM_TYPE), [decisions] 1 (notification_type normal|headline),
// [notification-service] §5.4 probe 6 (the fields an owner view reads).
import { err, ok, type Result } from '../shared/result.js';

export const NOTIFICATION_TYPES = ['normal', 'headline'] as const;
export const ACCESS_MODELS = ['open', 'presence', 'roster', 'authorize', 'whitelist'] as const;
export const SEND_LAST_PUBLISHED_ITEM = ['never', 'on_sub', 'on_sub_and_presence'] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export type AccessModel = (typeof ACCESS_MODELS)[number];
export type SendLastPublishedItem = (typeof SEND_LAST_PUBLISHED_ITEM)[number];

export interface NodeConfig {
  title: string;
  notificationType: NotificationType;
  maxItems: number;
  deliverPayloads: boolean;
  persistItems: boolean;
  /** `open` lets every authenticated entity subscribe; any other value leaves access to the Finesse rules and owners. */
  accessModel: AccessModel;
  sendLastPublishedItem: SendLastPublishedItem;
  /** Deliver only to entities that are online (SystemInfo: offline users get no backlog). */
  presenceBasedDelivery: boolean;
}

export type FieldType = 'text-single' | 'list-single' | 'boolean';

export interface ConfigField {
  var: string;
  key: keyof NodeConfig;
  type: FieldType;
  label: string;
  options?: readonly string[];
}

export const NODE_CONFIG_FORM_TYPE = 'http://jabber.org/protocol/pubsub#node_config';

/** The supported `pubsub#node_config` fields, in form order. */
export const NODE_CONFIG_FIELDS: readonly ConfigField[] = [
  { var: 'pubsub#title', key: 'title', type: 'text-single', label: 'A friendly name for the node' },
  { var: 'pubsub#notification_type', key: 'notificationType', type: 'list-single', label: 'Specify the delivery style for event notifications', options: NOTIFICATION_TYPES },
  { var: 'pubsub#max_items', key: 'maxItems', type: 'text-single', label: 'Max # of items to persist' },
  { var: 'pubsub#deliver_payloads', key: 'deliverPayloads', type: 'boolean', label: 'Deliver payloads with event notifications' },
  { var: 'pubsub#persist_items', key: 'persistItems', type: 'boolean', label: 'Persist items to storage' },
  { var: 'pubsub#access_model', key: 'accessModel', type: 'list-single', label: 'Specify the subscriber model', options: ACCESS_MODELS },
  { var: 'pubsub#send_last_published_item', key: 'sendLastPublishedItem', type: 'list-single', label: 'When to send the last published item', options: SEND_LAST_PUBLISHED_ITEM },
  { var: 'pubsub#presence_based_delivery', key: 'presenceBasedDelivery', type: 'boolean', label: 'Deliver event notifications only to available users' },
];

/** Defaults for a node; `maxItems` is the service's setting for that kind of node. */
export function defaultNodeConfig(maxItems: number, overrides: Partial<NodeConfig> = {}): NodeConfig {
  return {
    title: '',
    notificationType: 'normal',
    maxItems,
    deliverPayloads: true,
    persistItems: true,
    accessModel: 'whitelist',
    sendLastPublishedItem: 'never',
    presenceBasedDelivery: false,
    ...overrides,
  };
}

/** The config as form field values (booleans as `1`/`0`), as stored in PubsubNodeRecord.config. */
export function configToFields(config: NodeConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of NODE_CONFIG_FIELDS) {
    const v = config[f.key];
    out[f.var] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  }
  return out;
}

const parseBoolean = (v: string): boolean | undefined => (v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : undefined);

/**
 * Applies submitted field values on top of `base`. Unknown fields are ignored (clients send back the whole
 * form); a known field with a value outside its range is `not-acceptable`. `max_items` accepts `max`,
 * meaning `maxItemsCap`.
 */
export function applyConfigFields(
  base: NodeConfig,
  fields: Readonly<Record<string, string>>,
  maxItemsCap: number,
): Result<NodeConfig, 'not-acceptable'> {
  const next: NodeConfig = { ...base };
  for (const f of NODE_CONFIG_FIELDS) {
    const raw = fields[f.var];
    if (raw === undefined) continue;
    const value = raw.trim();
    if (f.type === 'boolean') {
      const b = parseBoolean(value);
      if (b === undefined) return err('not-acceptable', `${f.var} must be a boolean`);
      (next[f.key] as boolean) = b;
    } else if (f.key === 'maxItems') {
      const n = value === 'max' ? maxItemsCap : /^\d{1,9}$/.test(value) ? Number(value) : NaN;
      if (!(n >= 0 && n <= maxItemsCap)) return err('not-acceptable', `pubsub#max_items must be 0..${maxItemsCap} or max`);
      next.maxItems = n;
    } else if (f.options !== undefined) {
      if (!f.options.includes(value)) return err('not-acceptable', `${f.var} must be one of ${f.options.join(', ')}`);
      (next[f.key] as string) = value;
    } else {
      (next[f.key] as string) = raw;
    }
  }
  return ok(next);
}

/** Whether `fields` (publish-options) all match the config ([XEP-0060] §7.1.5). */
export function matchesConfig(config: NodeConfig, fields: Readonly<Record<string, string>>, maxItemsCap: number): boolean {
  const applied = applyConfigFields(config, fields, maxItemsCap);
  if (!applied.ok) return false;
  return NODE_CONFIG_FIELDS.every((f) => applied.value[f.key] === config[f.key]);
}
