import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyConfigFields, configToFields, defaultNodeConfig, matchesConfig } from './node-config.js';

describe('node-config', () => {
  const base = defaultNodeConfig(10);

  it('defaults are Finesse-like: normal notifications, payloads, persisted items', () => {
    assert.deepEqual(configToFields(base), {
      'pubsub#title': '', 'pubsub#notification_type': 'normal', 'pubsub#max_items': '10', 'pubsub#deliver_payloads': '1',
      'pubsub#persist_items': '1', 'pubsub#access_model': 'whitelist', 'pubsub#send_last_published_item': 'never',
      'pubsub#presence_based_delivery': '0',
    });
  });

  it('applies submitted values and round-trips through the stored fields', () => {
    const r = applyConfigFields(base, {
      'pubsub#notification_type': 'headline', 'pubsub#max_items': 'max', 'pubsub#deliver_payloads': 'false',
      'pubsub#title': 'Bench', 'x-unknown': 'ignored',
    }, 256);
    assert.ok(r.ok);
    assert.deepEqual([r.value.notificationType, r.value.maxItems, r.value.deliverPayloads, r.value.title], ['headline', 256, false, 'Bench']);
    const again = applyConfigFields(base, configToFields(r.value), 256);
    assert.ok(again.ok);
    assert.deepEqual(again.value, r.value);
  });

  it('refuses values out of range with not-acceptable', () => {
    for (const [field, value] of [
      ['pubsub#notification_type', 'chat'], ['pubsub#max_items', '-1'], ['pubsub#max_items', '257'], ['pubsub#max_items', 'ten'],
      ['pubsub#deliver_payloads', 'yes'], ['pubsub#access_model', 'everyone'], ['pubsub#send_last_published_item', 'always'],
    ] as const) {
      const r = applyConfigFields(base, { [field]: value }, 256);
      assert.equal(r.ok ? 'ok' : r.error, 'not-acceptable', `${field}=${value}`);
    }
  });

  it('publish-options match when every field equals the configuration', () => {
    assert.equal(matchesConfig(base, { 'pubsub#persist_items': 'true', 'pubsub#max_items': '10' }, 256), true);
    assert.equal(matchesConfig(base, { 'pubsub#access_model': 'open' }, 256), false);
    assert.equal(matchesConfig(base, { 'pubsub#max_items': 'lots' }, 256), false);
  });
});
