// The desktop's entry point: sign-in page or the desktop (banner, header, notices, tabs from the
// role's layout with built-in views and gadgets), re-rendering only the parts a change touches.
import { formatDuration, h, replaceKeepingFocus } from './dom.js';
import { pickLocale, type Locale } from './i18n.js';
import { DesktopModel, type Topic } from './model.js';
import { createBrowserSession } from './browser-env.js';
import { signInView } from './signin-view.js';
import { headerView } from './header-view.js';
import { callsView } from './calls-view.js';
import { queuesView, teamView } from './team-view.js';
import { defaultLayout, fetchLayout, type DesktopLayout } from './layout.js';
import { GadgetContainer } from './gadget-container.js';

const app = document.getElementById('app')!;
const model = new DesktopModel(pickLocale(localStorage.getItem('parley.locale'), navigator.language), createBrowserSession);
let layout: DesktopLayout | undefined;
let activeTab = '';
let gadgets: GadgetContainer | undefined;

const regions = {
  banner: h('div', { id: 'banner-region' }),
  header: h('div', { id: 'header-region' }),
  notice: h('div', { id: 'notice-region', 'aria-live': 'polite' }),
  tabs: h('nav', { id: 'tabs-region' }),
  main: h('main', { id: 'main-region' }),
};
const builtins = new Map<string, HTMLElement>();

function setLocale(l: Locale): void {
  localStorage.setItem('parley.locale', l);
  document.documentElement.lang = l;
  model.setLocale(l);
}

function renderBanner(): void {
  const lost = model.phase === 'desktop' && (model.conn === 'lost' || model.conn === 'conflict');
  document.body.classList.toggle('conn-lost', lost);
  if (!lost) { regions.banner.replaceChildren(); return; }
  const text = model.conn === 'conflict' ? model.t('banner.conflict') : model.t('banner.lost', { fqdn: model.session?.fqdn ?? location.hostname });
  regions.banner.replaceChildren(h('div', { class: 'banner', id: 'connection-banner', role: 'alert' },
    h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '!'), h('span', { id: 'banner-text' }, text),
    h('span', { class: 'sr-only', id: 'disabled-reason' }, model.t('disabled.lost'))));
}

let noticeTimer = 0;
function renderNotice(): void {
  const n = model.notice;
  window.clearTimeout(noticeTimer);
  // Confirmations go away by themselves; errors stay until closed.
  if (n?.kind === 'info') noticeTimer = window.setTimeout(() => { if (model.notice === n) model.clearNotice(); }, 8000);
  if (!n || model.phase !== 'desktop') { regions.notice.replaceChildren(); return; }
  regions.notice.replaceChildren(h('div', { class: `notice notice-${n.kind}`, role: n.kind === 'error' ? 'alert' : 'status', id: 'desktop-notice' },
    h('span', null, n.text),
    h('button', { type: 'button', class: 'quiet small', onclick: () => model.clearNotice(), 'aria-label': model.t('common.close') }, '×')));
}

function builtinView(url: string): HTMLElement | undefined {
  if (url.endsWith('/builtin/calls')) return callsView(model);
  if (url.endsWith('/builtin/team')) return model.isSupervisor ? teamView(model) : undefined;
  if (url.endsWith('/builtin/queues')) return queuesView(model);
  return undefined;
}

function renderBuiltins(which?: 'calls' | 'team' | 'queues'): void {
  for (const [url, holder] of builtins) {
    if (which && !url.endsWith(`/builtin/${which}`)) continue;
    const v = builtinView(url);
    replaceKeepingFocus(holder, v ?? null);
  }
}

function renderTabs(): void {
  const tabs = layout?.tabs ?? [];
  if (!tabs.some((t) => t.id === activeTab)) activeTab = tabs[0]?.id ?? '';
  const list = h('div', { role: 'tablist', class: 'tabs', 'aria-label': model.t('tabs.label') },
    tabs.map((t, i) => h('button', {
      type: 'button', role: 'tab', id: `tab-${t.id}`, 'aria-selected': String(t.id === activeTab), 'aria-controls': `panel-${t.id}`,
      tabindex: t.id === activeTab ? '0' : '-1',
      onclick: () => { activeTab = t.id; showActiveTab(); },
      onkeydown: (e: KeyboardEvent) => {
        const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!d) return;
        const next = tabs[(i + d + tabs.length) % tabs.length]!;
        activeTab = next.id; showActiveTab();
        document.getElementById(`tab-${next.id}`)?.focus();
      },
    }, t.label)));
  regions.tabs.replaceChildren(tabs.length > 1 ? list : '');
}

function buildPanels(): void {
  builtins.clear();
  gadgets?.destroy();
  gadgets = new GadgetContainer(model);
  const panels = (layout?.tabs ?? []).map((t) => h('section', { role: 'tabpanel', id: `panel-${t.id}`, 'aria-labelledby': `tab-${t.id}`, class: 'tab-panel' },
    t.gadgets.map((g) => {
      const holder = h('div', { class: 'gadget-slot' });
      if (g.url.includes('/desktop/builtin/')) { builtins.set(g.url, holder); holder.classList.add('builtin'); }
      else gadgets!.mount(holder, g.url, g.id);
      return holder;
    })));
  regions.main.replaceChildren(...panels);
  renderBuiltins();
  showActiveTab();
}

function showActiveTab(): void {
  renderTabs();
  for (const p of regions.main.querySelectorAll<HTMLElement>('.tab-panel')) p.hidden = p.id !== `panel-${activeTab}`;
  gadgets?.visibilityChanged();
}

async function renderAll(): Promise<void> {
  if (model.phase !== 'desktop') {
    gadgets?.destroy(); gadgets = undefined; layout = undefined;
    regions.main.replaceChildren();
    document.body.classList.remove('conn-lost');
    app.replaceChildren(signInView(model, setLocale));
    return;
  }
  // Re-inserting the regions would detach the gadget iframes, and a detached iframe reloads.
  if (app.firstChild !== regions.banner) app.replaceChildren(regions.banner, regions.header, regions.notice, regions.tabs, regions.main);
  renderBanner();
  replaceKeepingFocus(regions.header, headerView(model, setLocale));
  renderNotice();
  if (!layout) {
    const role = model.isSupervisor ? 'supervisor' : 'agent';
    layout = (model.session && await fetchLayout(model.session, role)) || defaultLayout(role);
    if (model.phase !== 'desktop') return;
    buildPanels();
  } else if (!regions.main.hasChildNodes()) {
    buildPanels();
  } else {
    // A language change: built-in views and tabs are drawn again; gadgets keep running.
    renderBuiltins();
    renderTabs();
  }
}

model.on((t: Topic) => {
  switch (t) {
    case 'phase': case 'locale': void renderAll(); break;
    case 'user': case 'reasons':
      if (model.phase === 'desktop') { replaceKeepingFocus(regions.header, headerView(model, setLocale)); renderBuiltins('calls'); gadgets?.userChanged(); }
      break;
    case 'dialogs': if (model.phase === 'desktop') renderBuiltins('calls'); break;
    case 'team': if (model.phase === 'desktop') renderBuiltins('team'); break;
    case 'queues': if (model.phase === 'desktop') renderBuiltins('queues'); break;
    case 'conn':
      if (model.phase === 'desktop') { renderBanner(); replaceKeepingFocus(regions.header, headerView(model, setLocale)); renderBuiltins(); gadgets?.connectionChanged(); }
      break;
    case 'notice': if (model.phase === 'desktop') renderNotice(); else void renderAll(); break;
  }
});

// One ticker for every "time since" on the page.
setInterval(() => {
  const now = model.serverNow();
  for (const el of document.querySelectorAll<HTMLElement>('[data-since]')) {
    const since = Number(el.dataset.since);
    if (el.dataset.since && Number.isFinite(since)) el.textContent = formatDuration(now - since);
  }
}, 1000);

document.documentElement.lang = model.locale;
document.title = model.t('app.title');
void renderAll();
