// The sign-in page: user id, password, extension, language; errors said in plain words.
import { h } from './dom.js';
import { LOCALES, type Locale } from './i18n.js';
import type { DesktopModel } from './model.js';

export function localeSwitch(m: DesktopModel, onChange: (l: Locale) => void): HTMLElement {
  const select = h('select', { id: 'locale', 'data-key': 'locale', 'aria-label': m.t('locale.label'), onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value as Locale) },
    LOCALES.map((l) => h('option', { value: l, selected: l === m.locale }, l === 'en' ? 'English' : 'Español')));
  return h('label', { class: 'locale-switch' }, h('span', { class: 'sr-only' }, m.t('locale.label')), select);
}

export function signInView(m: DesktopModel, onLocale: (l: Locale) => void): HTMLElement {
  const busy = m.phase === 'busy';
  const remembered = { id: localStorage.getItem('parley.lastId') ?? '', ext: localStorage.getItem('parley.lastExt') ?? '' };
  const id = h('input', { id: 'signin-id', name: 'id', autocomplete: 'username', required: true, value: remembered.id, disabled: busy, inputmode: 'text' });
  const pw = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, disabled: busy });
  const ext = h('input', { id: 'signin-extension', name: 'extension', required: true, value: remembered.ext, disabled: busy, inputmode: 'numeric' });
  const notice = m.notice;
  const form = h('form', {
    class: 'signin-form',
    novalidate: true,
    onsubmit: (e: Event) => {
      e.preventDefault();
      localStorage.setItem('parley.lastId', id.value.trim());
      localStorage.setItem('parley.lastExt', ext.value.trim());
      void m.signIn(id.value, pw.value, ext.value);
    },
  },
  h('h1', null, m.t('app.title')),
  h('h2', null, m.t('signin.heading')),
  notice ? h('p', { class: `notice notice-${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status', id: 'signin-message' }, notice.text) : null,
  h('label', { for: 'signin-id' }, m.t('signin.id')), id,
  h('label', { for: 'signin-password' }, m.t('signin.password')), pw,
  h('label', { for: 'signin-extension' }, m.t('signin.extension')), ext,
  h('button', { type: 'submit', class: 'primary', id: 'signin-submit', disabled: busy }, busy ? m.t('signin.busy') : m.t('signin.submit')),
  );
  const page = h('main', { class: 'signin-page' }, h('div', { class: 'signin-card' }, h('div', { class: 'signin-top' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'P'), localeSwitch(m, onLocale)), form));
  queueMicrotask(() => { (remembered.id ? pw : id).focus(); });
  return page;
}
