// The agent header: name, extension, state badge with reason, time in state, the state menu with
// reason codes, Send Error Report, language. While the connection is lost the menu is disabled and
// says why.
import { formatDuration, h } from './dom.js';
import { stateLabel, type Locale } from './i18n.js';
import type { DesktopModel } from './model.js';
import { localeSwitch } from './signin-view.js';

const SETTABLE = new Set(['READY', 'NOT_READY']);

export function stateClass(state: string): string {
  if (state === 'READY') return 'st-ready';
  if (state === 'LOGOUT') return 'st-off';
  if (state === 'NOT_READY') return 'st-notready';
  if (state === 'TALKING' || state === 'HOLD' || state.startsWith('RESERVED')) return 'st-busy';
  if (state === 'WORK' || state === 'WORK_READY') return 'st-wrap';
  return 'st-other';
}

export function headerView(m: DesktopModel, onLocale: (l: Locale) => void): HTMLElement {
  const u = m.user;
  const state = u?.state ?? 'UNKNOWN';
  const reason = state === 'NOT_READY' || state === 'LOGOUT'
    ? (u?.reasonCode?.label || m.notReadyReasons.find((r) => r.id === u?.reasonCodeId)?.label || '') : '';
  const disabled = !m.connected;
  const why = disabled ? m.t('disabled.lost') : '';

  const options: HTMLElement[] = [
    h('option', { value: '', disabled: true, selected: true }, m.t('header.changeState')),
    h('option', { value: 'READY', disabled: state === 'READY' }, stateLabel(m.locale, 'READY')),
  ];
  if (m.notReadyReasons.length) {
    options.push(h('optgroup', { label: stateLabel(m.locale, 'NOT_READY') },
      m.notReadyReasons.map((r) => h('option', { value: `NOT_READY:${r.id}` }, m.t('header.notReadyReason', { reason: r.label })))));
  } else {
    options.push(h('option', { value: 'NOT_READY' }, stateLabel(m.locale, 'NOT_READY')));
  }
  options.push(h('optgroup', { label: m.t('header.signOut') },
    m.logoutReasons.length
      ? m.logoutReasons.map((r) => h('option', { value: `LOGOUT:${r.id}` }, m.t('header.signOutReason', { reason: r.label })))
      : [h('option', { value: 'LOGOUT' }, m.t('header.signOut'))]));

  const menu = h('select', {
    id: 'state-menu', 'data-key': 'state-menu', 'data-keep': 'no', disabled, title: why || m.t('header.changeState'),
    'aria-label': m.t('header.changeState'), 'aria-describedby': disabled ? 'disabled-reason' : undefined,
    onchange: (e: Event) => {
      const v = (e.target as HTMLSelectElement).value;
      const [s, rid] = v.split(':') as [string, string | undefined];
      if (s === 'LOGOUT') void m.signOut(rid);
      else if (SETTABLE.has(s)) void m.setState(s as 'READY' | 'NOT_READY', rid);
    },
  }, options);

  const since = u && Number.isFinite(u.stateChangeTime) ? String(u.stateChangeTime) : '';
  return h('header', { class: 'agent-header' },
    h('div', { class: 'who' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'P'),
      h('div', null,
        h('div', { class: 'name', id: 'agent-name' }, `${u?.firstName ?? ''} ${u?.lastName ?? ''}`.trim() || u?.id || ''),
        h('div', { class: 'sub' }, `${u?.id ?? ''} · ${m.t('header.extension', { ext: u?.extension || m.extension })}`))),
    h('div', { class: 'state-box' },
      h('span', { class: `state-badge ${stateClass(state)}`, id: 'agent-state', 'data-state': state }, stateLabel(m.locale, state)),
      reason ? h('span', { class: 'state-reason', id: 'agent-reason' }, reason) : null,
      u?.pendingState ? h('span', { class: 'state-pending' }, m.t('state.pending', { state: stateLabel(m.locale, u.pendingState) })) : null,
      h('span', { class: 'state-time', title: m.t('header.timeInState'), 'aria-label': m.t('header.timeInState') },
        h('span', { id: 'time-in-state', 'data-since': since }, since ? formatDuration(m.serverNow() - Number(since)) : '00:00'))),
    h('div', { class: 'controls' },
      menu,
      h('button', { type: 'button', id: 'send-error-report', class: 'quiet', onclick: () => void m.sendErrorReport() }, m.t('header.errorReport')),
      localeSwitch(m, onLocale)),
  );
}
