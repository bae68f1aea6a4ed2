// The supervisor's team view (live states, ready / not ready / sign out per agent) and the queue
// statistics table.
import { formatDuration, h } from './dom.js';
import { stateLabel } from './i18n.js';
import type { DesktopModel } from './model.js';
import { stateClass } from './header-view.js';
import type { TeamMember } from '../lib/finesse-objects.js';

export function teamView(m: DesktopModel): HTMLElement {
  const teams = [...m.teams.values()];
  const team = m.teams.get(m.selectedTeam) ?? teams[0];
  const disabled = !m.connected;
  const why = disabled ? m.t('disabled.lost') : undefined;
  const chooser = teams.length > 1 ? h('label', { class: 'team-chooser' }, m.t('team.choose'), ' ',
    h('select', { id: 'team-select', 'data-key': 'team-select', onchange: (e: Event) => { m.selectedTeam = (e.target as HTMLSelectElement).value; m.emit('team'); } },
      teams.map((t) => h('option', { value: t.id, selected: t.id === team?.id }, t.name || t.id)))) : null;
  const users = [...(team?.users ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  const row = (u: TeamMember): HTMLElement => {
    const name = `${u.firstName} ${u.lastName}`.trim() || u.id;
    const since = Number.isFinite(u.stateChangeTime) ? String(u.stateChangeTime) : '';
    const act = (state: 'READY' | 'NOT_READY' | 'LOGOUT', allowed: boolean, label: string, cls = ''): HTMLElement =>
      h('button', {
        type: 'button', class: `small ${cls}`, disabled: disabled || !allowed, title: why, 'data-key': `${u.id}:${state}`, 'data-team-action': state,
        'aria-label': `${label}: ${name}`,
        onclick: () => {
          if (state === 'LOGOUT' && !confirm(m.t('team.confirmSignOut', { name }))) return;
          void m.supervisorSetState(u.id, state);
        },
      }, label);
    return h('tr', { 'data-agent-id': u.id },
      h('th', { scope: 'row' }, h('div', { class: 'agent-cell' }, h('span', null, name), h('span', { class: 'muted' }, u.id))),
      h('td', null, h('span', { class: `state-badge small ${stateClass(u.state)}`, 'data-state': u.state }, stateLabel(m.locale, u.state))),
      h('td', null, u.reasonLabel || ''),
      h('td', { class: 'num' }, h('span', { 'data-since': u.state === 'LOGOUT' ? '' : since }, since && u.state !== 'LOGOUT' ? formatDuration(m.serverNow() - Number(since)) : '')),
      h('td', null, u.extension || ''),
      h('td', { class: 'actions-cell' }, h('div', { class: 'row-actions' },
        act('READY', u.state === 'NOT_READY', m.t('team.ready')),
        act('NOT_READY', ['READY', 'WORK', 'WORK_READY'].includes(u.state), m.t('team.notReady')),
        act('LOGOUT', u.state !== 'LOGOUT', m.t('team.signOut'), 'danger'))));
  };
  return h('section', { class: 'panel team', 'aria-labelledby': 'team-heading' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'team-heading' }, `${m.t('team.heading')}${team ? `: ${team.name || team.id}` : ''}`), chooser),
    users.length ? h('table', { class: 'grid', id: 'team-table' },
      h('thead', null, h('tr', null, ['team.agent', 'team.state', 'team.reason', 'team.time', 'team.extension', 'team.actions'].map((k) => h('th', { scope: 'col' }, m.t(k as 'team.agent'))))),
      h('tbody', null, users.map(row))) : h('p', { class: 'empty' }, m.t('team.none')));
}

export function queuesView(m: DesktopModel): HTMLElement {
  const queues = [...m.queues.values()].sort((a, b) => a.name.localeCompare(b.name));
  const n = (v: string | undefined): string => (v === undefined || v === '' || v === '-1' ? '—' : v);
  const talking = (s: Record<string, string>): string => {
    const parts = ['agentsTalkingInbound', 'agentsTalkingOutbound', 'agentsTalkingInternal'].map((k) => Number(s[k]));
    return parts.every((x) => !Number.isFinite(x) || x < 0) ? '—' : String(parts.filter((x) => x > 0).reduce((a, b) => a + b, 0));
  };
  const wrap = (s: Record<string, string>): string => {
    const a = Number(s.agentsWrapUpNotReady); const b = Number(s.agentsWrapUpReady);
    return (a >= 0 || b >= 0) ? String(Math.max(0, a || 0) + Math.max(0, b || 0)) : '—';
  };
  return h('section', { class: 'panel queues', 'aria-labelledby': 'queues-heading' },
    h('h2', { id: 'queues-heading' }, m.t('queues.heading')),
    queues.length ? h('table', { class: 'grid', id: 'queue-table' },
      h('thead', null, h('tr', null, ['queues.name', 'queues.callsInQueue', 'queues.longest', 'queues.ready', 'queues.notReady', 'queues.talking', 'queues.wrapup'].map((k) => h('th', { scope: 'col' }, m.t(k as 'queues.name'))))),
      h('tbody', null, queues.map((q) => {
        const s = q.statistics;
        const longest = Date.parse(s.startTimeOfLongestCallInQueue ?? '');
        return h('tr', { 'data-queue-id': q.id },
          h('th', { scope: 'row' }, q.name || q.id),
          h('td', { class: 'num' }, n(s.callsInQueue)),
          h('td', { class: 'num' }, h('span', { 'data-since': Number.isFinite(longest) ? String(longest) : '' }, Number.isFinite(longest) ? formatDuration(m.serverNow() - longest) : '—')),
          h('td', { class: 'num' }, n(s.agentsReady)),
          h('td', { class: 'num' }, n(s.agentsNotReady)),
          h('td', { class: 'num' }, talking(s)),
          h('td', { class: 'num' }, wrap(s)));
      }))) : h('p', { class: 'empty' }, m.t('queues.none')));
}
