// Call control: make a call, and for each dialog its parties, state, time, call variables and the
// buttons its participant actions allow (answer, hold, retrieve, end, consult, transfer, conference),
// plus the wrap-up reason while the agent is in wrap-up.
import { formatDuration, h } from './dom.js';
import type { MessageKey } from './i18n.js';
import type { DesktopModel } from './model.js';
import type { Dialog } from '../lib/finesse-objects.js';

const BUTTONS: { action: string; key: MessageKey; cls: string; needsNumber?: boolean }[] = [
  { action: 'ANSWER', key: 'calls.answer', cls: 'good' },
  { action: 'HOLD', key: 'calls.hold', cls: '' },
  { action: 'RETRIEVE', key: 'calls.retrieve', cls: '' },
  { action: 'CONSULT_CALL', key: 'calls.consult', cls: '', needsNumber: true },
  { action: 'TRANSFER_SST', key: 'calls.directTransfer', cls: '', needsNumber: true },
  { action: 'TRANSFER', key: 'calls.transfer', cls: '' },
  { action: 'CONFERENCE', key: 'calls.conference', cls: '' },
  { action: 'DROP', key: 'calls.end', cls: 'danger' },
];

export function callsView(m: DesktopModel): HTMLElement {
  const disabled = !m.connected;
  const why = disabled ? m.t('disabled.lost') : undefined;
  // A live call is one whose agent leg is not over (a leg in wrap-up does not stop a new call).
  const hasCall = [...m.dialogs.values()].some((d) => !['WRAP_UP', 'DROPPED', 'FAILED'].includes(m.myParticipant(d)?.state ?? 'DROPPED'));
  const dialLabel = hasCall ? m.t('calls.consultTo') : m.t('calls.dial');
  const dial = h('input', { id: 'dial-number', 'data-key': 'dial-number', inputmode: 'tel', autocomplete: 'off', placeholder: dialLabel, 'aria-label': dialLabel });
  const number = (): string | undefined => {
    const v = (document.getElementById('dial-number') as HTMLInputElement | null)?.value.trim() ?? '';
    if (!v) { m.say('error', () => m.t('calls.needNumber')); return undefined; }
    return v;
  };
  const bar = h('form', {
    class: 'dial-bar',
    onsubmit: (e: Event) => { e.preventDefault(); const n = number(); if (n) void m.makeCall(n); },
  },
  dial,
  h('button', { type: 'submit', id: 'make-call', class: 'good', disabled: disabled || hasCall, title: why, 'data-key': 'make-call' }, m.t('calls.makeCall')));

  const cards = [...m.dialogs.values()].map((d) => dialogCard(m, d, disabled, why, number));
  const wrap = wrapUpPanel(m, disabled, why);
  return h('section', { class: 'panel calls', 'aria-labelledby': 'calls-heading' },
    h('h2', { id: 'calls-heading' }, m.t('calls.heading')),
    bar,
    cards.length ? cards : h('p', { class: 'empty', id: 'no-calls' }, m.t('calls.none')),
    wrap);
}

function dialogCard(m: DesktopModel, d: Dialog, disabled: boolean, why: string | undefined, number: () => string | undefined): HTMLElement {
  const me = m.myParticipant(d);
  const myState = me?.state ?? d.state;
  const stateKey = `calls.dialog.${myState}` as MessageKey;
  const label = m.t(stateKey) === stateKey ? myState : m.t(stateKey);
  const others = d.participants.filter((p) => p !== me).map((p) => p.mediaAddress).join(', ');
  const since = me && Number.isFinite(me.stateChangeTime) ? me.stateChangeTime : NaN;
  const actions = new Set(me?.actions ?? []);
  const buttons = BUTTONS.filter((b) => actions.has(b.action)).map((b) => h('button', {
    type: 'button', class: b.cls, disabled, title: why, 'data-action': b.action, 'data-key': `${d.id}:${b.action}`,
    onclick: () => {
      if (b.needsNumber) { const n = number(); if (n) void m.dialogAction(d, b.action, { toAddress: n }); }
      else void m.dialogAction(d, b.action);
    },
  }, m.t(b.key)));
  const vars = d.callVariables.filter((v) => v.value !== '');
  return h('article', { class: `call-card call-${myState.toLowerCase()}`, 'data-dialog-id': d.id, 'aria-label': `${label} ${d.fromAddress}` },
    h('div', { class: 'call-top' },
      h('div', { class: 'call-parties' },
        h('div', { class: 'call-number' }, others || d.fromAddress || d.toAddress),
        h('div', { class: 'call-meta' }, [d.callType, d.queueName].filter(Boolean).join(' · '))),
      h('div', { class: 'call-status' },
        h('span', { class: `call-state cs-${myState.toLowerCase()}`, 'data-call-state': myState }, label),
        h('span', { class: 'call-time', 'data-since': Number.isFinite(since) ? String(since) : '' }, Number.isFinite(since) ? formatDuration(m.serverNow() - since) : ''))),
    h('dl', { class: 'call-facts' },
      h('dt', null, m.t('calls.from')), h('dd', null, d.fromAddress || '—'),
      h('dt', null, m.t('calls.to')), h('dd', null, d.toAddress || d.dialedNumber || '—'),
      d.queueName ? [h('dt', null, m.t('calls.queue')), h('dd', null, d.queueName)] : null),
    buttons.length ? h('div', { class: 'call-actions', role: 'group', 'aria-label': m.t('calls.heading') }, buttons) : null,
    vars.length ? h('details', { class: 'call-vars', open: true },
      h('summary', null, m.t('calls.variables')),
      h('table', null, h('tbody', null, vars.map((v) => h('tr', null, h('th', { scope: 'row' }, v.name), h('td', null, v.value)))))) : null,
  );
}

function wrapUpPanel(m: DesktopModel, disabled: boolean, why: string | undefined): HTMLElement | null {
  const d = m.wrapUpDialog();
  if (!d || !m.wrapUpReasons.length) return null;
  const select = h('select', { id: 'wrapup-reason', 'data-key': 'wrapup-reason', 'aria-label': m.t('calls.wrapup'), disabled },
    h('option', { value: '' }, m.t('calls.wrapupChoose')),
    m.wrapUpReasons.map((r) => h('option', { value: r.label, selected: d.wrapUpReason === r.label }, r.label)));
  return h('form', {
    class: 'wrapup', id: 'wrapup-panel',
    onsubmit: (e: Event) => { e.preventDefault(); if (select.value) void m.applyWrapUp(select.value); },
  },
  h('label', { for: 'wrapup-reason' }, m.t('calls.wrapup')),
  select,
  h('button', { type: 'submit', id: 'wrapup-apply', disabled, title: why, 'data-key': 'wrapup-apply' }, m.t('calls.wrapupApply')));
}
